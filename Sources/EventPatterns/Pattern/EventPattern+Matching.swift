extension EventPattern {
    /// Whether the parsed event matches. Compiles the pattern each time: use `CompiledPattern` for many events.
    public func matches(_ event: JSONValue) -> Bool {
        CompiledPattern(self).matches(event)
    }

    /// Whether the event, given as JSON text, matches. Compiles the pattern each time.
    public func matches(_ event: String) -> Bool {
        CompiledPattern(self).matches(event)
    }

    /// Whether the event, given as UTF-8 JSON bytes, matches. Compiles the pattern each time.
    public func matches(_ event: some Collection<UInt8>) -> Bool {
        CompiledPattern(self).matches(event)
    }
}
