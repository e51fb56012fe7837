extension MatchingAutomaton {
    /// `withMatchingRules` for an event given as any collection of UTF-8 bytes (copied only when not contiguous).
    @inlinable
    func withMatchingRules<Result>(
        inBytes event: some Collection<UInt8>, stopAtFirst: Bool, _ body: (UnsafeBufferPointer<Int32>?) -> Result
    ) -> Result {
        if let result = event.withContiguousStorageIfAvailable({ withMatchingRules($0, stopAtFirst: stopAtFirst, body) }) {
            return result
        }
        return Array(event).withUnsafeBufferPointer { withMatchingRules($0, stopAtFirst: stopAtFirst, body) }
    }

    /// `withMatchingRules` for an event given as text.
    @inlinable
    func withMatchingRules<Result>(
        inText event: String, stopAtFirst: Bool, _ body: (UnsafeBufferPointer<Int32>?) -> Result
    ) -> Result {
        var event = event
        return event.withUTF8 { withMatchingRules($0, stopAtFirst: stopAtFirst, body) }
    }

    /// `withMatchingRules` for a parsed event (serialized first: the byte path is the one matching path).
    @inlinable
    func withMatchingRules<Result>(
        inValue event: JSONValue, stopAtFirst: Bool, _ body: (UnsafeBufferPointer<Int32>?) -> Result
    ) -> Result {
        withMatchingRules(inText: event.serialized(), stopAtFirst: stopAtFirst, body)
    }
}
