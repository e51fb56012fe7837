/// An EventBridge event pattern: parsed, validated as AWS validates it, and ready to match or compile.
///
/// ```swift
/// let pattern = try EventPattern(parsing: #"{"source": ["aws.ec2"], "detail": {"state": [{"anything-but": "running"}]}}"#)
/// pattern.matches(event)                      // one-off check
/// let compiled = CompiledPattern(pattern)     // for matching many events, from any thread
/// ```
public struct EventPattern: Sendable, Hashable, CustomStringConvertible {
    /// The pattern's syntax tree.
    public let root: PatternObject
    /// The pattern in disjunctive normal form: each `$or` expanded, each branch a conjunction of conditions on
    /// flattened paths (a path written twice in a branch keeps its last writing).
    public let branches: [[PathCondition]]

    /// Parses and validates a pattern.
    ///
    /// - Throws: `EventPatternError` with AWS's message (`Event pattern is not valid. Reason: ...`) and every
    ///   problem found.
    public init(parsing text: String, limits: PatternLimits = .init()) throws(EventPatternError) {
        let length = text.utf16.count
        guard length <= limits.effectiveMaximumPatternLength else {
            throw EventPatternError(
                reason: "Event pattern is \(length) characters long; the limit is "
                    + "\(limits.effectiveMaximumPatternLength)",
                problems: []
            )
        }
        let root = try EventPattern.read(Array(text.utf8))
        let count = root.branchCount
        guard count <= limits.maximumOrCombinations else {
            throw EventPatternError(
                reason: "Event pattern expands to \(count == .max ? "too many" : String(count)) $or combinations; "
                    + "the limit is \(limits.maximumOrCombinations)",
                problems: []
            )
        }
        self.init(root: root)
        try checkWildcardComplexity(limit: limits.maximumWildcardComplexity)
    }

    /// Creates a pattern from a syntax tree, without validation (the rule translator builds residual patterns so).
    public init(root: PatternObject) {
        self.root = root
        self.branches = root.branches()
    }

    /// Reads the text as EventBridge does: first as `JsonRuleCompiler`, and when that fails with a parse error
    /// on a pattern that uses `$or`, again as `RuleCompiler`, whose verdict then stands.
    private static func read(_ bytes: [UInt8]) throws(EventPatternError) -> PatternObject {
        var parser = PatternParser(bytes: bytes, dialect: .orRelationships)
        let root = parser.parse()
        guard let first = parser.problems.first else { return root }
        guard first.kind == .parse, parser.readOrRelationship else {
            throw EventPatternError(problems: parser.problems)
        }
        var legacy = PatternParser(bytes: bytes, dialect: .plainKeys)
        let legacyRoot = legacy.parse()
        guard !legacy.problems.isEmpty else { return legacyRoot }
        var problems = legacy.problems
        let seen = Set(problems.map(\.problem))
        problems += parser.problems.filter { !seen.contains($0.problem) }
        throw EventPatternError(problems: problems)
    }

    /// The pattern as canonical JSON text; parsing it gives an equal pattern.
    public func serialized() -> String {
        root.serialized()
    }

    /// The canonical JSON text.
    public var description: String { serialized() }

    /// Equal when the syntax trees are equal.
    public static func == (lhs: EventPattern, rhs: EventPattern) -> Bool { lhs.root == rhs.root }

    /// Hashes the syntax tree.
    public func hash(into hasher: inout Hasher) { hasher.combine(root) }
}

extension EventPatternError {
    /// The error for parser problems; the first is AWS's reason.
    init(problems: [PatternParser.Problem]) {
        let first = problems[0]
        self.init(reason: first.problem.reason, rawReason: first.rawReason, problems: problems.map(\.problem))
    }
}
