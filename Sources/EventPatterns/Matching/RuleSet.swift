/// Many named patterns compiled together; finds every rule whose pattern matches an event.
///
/// ```swift
/// let rules = RuleSet([(name: "approved", pattern: approved), (name: "new-york", pattern: newYork)])
/// let names = rules.matchingRules(forEvent: deliveryBody)   // each matching name once, in the order given
/// ```
///
/// Building compiles all patterns into one automaton over the event paths they name (see `MatchingAutomaton`), so
/// matching cost grows slowly with the number of rules, and only the parts of an event some pattern names are
/// decoded. A rule set is immutable; match from any number of threads at once. Matching never throws and never
/// traps: an event that is not a valid JSON object matches no rule (`JSONValue.eventProblem(in:)` says why).
/// Patterns given under the same name are alternatives of one rule.
public struct RuleSet<RuleName: Hashable & Sendable>: Sendable {
    /// The rule names, each once, in the order first given.
    public let ruleNames: [RuleName]
    @usableFromInline
    let automaton: MatchingAutomaton

    /// Compiles the patterns.
    public init(_ patterns: [(name: RuleName, pattern: EventPattern)]) {
        var names: [RuleName] = []
        var numbers: [RuleName: Int] = [:]
        var branches: [[[PathCondition]]] = []
        for (name, pattern) in patterns {
            if let number = numbers[name] {
                branches[number] += pattern.branches
            } else {
                numbers[name] = names.count
                names.append(name)
                branches.append(pattern.branches)
            }
        }
        self.ruleNames = names
        self.automaton = MatchingAutomaton(rules: branches)
    }

    /// Compiles the patterns of a dictionary; the rules are ordered by the dictionary's iteration order.
    public init(_ patterns: [RuleName: EventPattern]) {
        self.init(patterns.map { (name: $0.key, pattern: $0.value) })
    }

    /// The number of rules.
    public var count: Int { ruleNames.count }

    // The matching entry points are inlinable so that they are specialised for the caller's `RuleName`: the
    // names are gathered straight from the matcher's buffer, with no generic dispatch on the way.

    /// The rules matching an event given as UTF-8 JSON bytes, each once, in the order the rules were given.
    @inlinable
    public func matchingRules(forEvent bytes: some Collection<UInt8>) -> [RuleName] {
        automaton.withMatchingRules(inBytes: bytes, stopAtFirst: false, names)
    }

    /// The rules matching an event in a raw buffer of UTF-8 JSON (such as a message body still owned by the
    /// broker client); the buffer is only read during the call.
    @inlinable
    public func matchingRules(forEvent bytes: UnsafeRawBufferPointer) -> [RuleName] {
        automaton.withMatchingRules(bytes.bindMemory(to: UInt8.self), stopAtFirst: false, names)
    }

    /// The rules matching an event given as JSON text.
    @inlinable
    public func matchingRules(forEvent text: String) -> [RuleName] {
        automaton.withMatchingRules(inText: text, stopAtFirst: false, names)
    }

    /// The rules matching a parsed event.
    @inlinable
    public func matchingRules(forEvent event: JSONValue) -> [RuleName] {
        automaton.withMatchingRules(inValue: event, stopAtFirst: false, names)
    }

    @inlinable
    func names(_ numbers: UnsafeBufferPointer<Int32>?) -> [RuleName] {
        guard let numbers, !numbers.isEmpty else { return [] }
        return numbers.map { ruleNames[Int($0)] }
    }
}
