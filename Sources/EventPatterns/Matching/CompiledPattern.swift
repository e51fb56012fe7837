/// One event pattern compiled for matching many events, from any number of threads at once.
///
/// ```swift
/// let filter = CompiledPattern(try EventPattern(parsing: patternText))
/// if filter.matches(delivery.body) { ... }
/// ```
///
/// Everything is computed when the pattern is compiled; matching reads the event's bytes once, decodes only the
/// values the pattern names, never throws and never traps. An event that is not a valid JSON object does not
/// match (`JSONValue.eventProblem(in:)` says why).
public struct CompiledPattern: Sendable {
    /// The pattern.
    public let pattern: EventPattern
    private let automaton: MatchingAutomaton

    /// Compiles a pattern.
    public init(_ pattern: EventPattern) {
        self.pattern = pattern
        self.automaton = MatchingAutomaton(rules: [pattern.branches])
    }

    /// Whether the event, given as UTF-8 JSON bytes, matches.
    public func matches(_ event: some Collection<UInt8>) -> Bool {
        automaton.withMatchingRules(inBytes: event, stopAtFirst: true) { $0?.isEmpty == false }
    }

    /// Whether the event in a raw buffer of UTF-8 JSON matches; the buffer is only read during the call.
    public func matches(_ event: UnsafeRawBufferPointer) -> Bool {
        automaton.withMatchingRules(event.bindMemory(to: UInt8.self), stopAtFirst: true) { $0?.isEmpty == false }
    }

    /// Whether the event, given as JSON text, matches.
    public func matches(_ event: String) -> Bool {
        automaton.withMatchingRules(inText: event, stopAtFirst: true) { $0?.isEmpty == false }
    }

    /// Whether the parsed event matches.
    public func matches(_ event: JSONValue) -> Bool {
        automaton.withMatchingRules(inValue: event, stopAtFirst: true) { $0?.isEmpty == false }
    }
}
