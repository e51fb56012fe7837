/// Why a pattern matches an event or not, condition by condition (the "which field failed?" of event-ruler#159).
public struct PatternExplanation: Sendable, Hashable, CustomStringConvertible {
    /// One condition of a branch and how the event fared against it.
    public struct Condition: Sendable, Hashable {
        /// The flattened path, such as `detail.state`.
        public var path: String
        /// The condition as written in the pattern, such as `[{"anything-but":"running"}]`.
        public var condition: String
        /// Whether some value at the path satisfies it (or, for `exists: false`, whether no value is there).
        public var isSatisfied: Bool
        /// The values found at the path, as JSON (empty when the path is missing or holds only objects).
        public var valuesSeen: [String]
    }

    /// One branch of the pattern (a pattern without `$or` has one).
    public struct Branch: Sendable, Hashable {
        /// The branch's conditions, all of which must hold.
        public var conditions: [Condition]
        /// Whether every condition holds on its own.
        public var allConditionsSatisfied: Bool {
            conditions.allSatisfy(\.isSatisfied)
        }
    }

    /// Whether the pattern matches the event, exactly as matching decides it.
    public var matches: Bool
    /// The branches.
    public var branches: [Branch]

    /// A readable report: the verdict, then each condition with `matched` or `NOT matched` and the values seen.
    public var description: String {
        var lines = [matches ? "Result: match" : "Result: no match"]
        for (number, branch) in branches.enumerated() {
            if branches.count > 1 {
                lines.append("branch \(number + 1) of \(branches.count):")
            }
            for condition in branch.conditions {
                let seen = condition.valuesSeen.isEmpty ? "nothing" : condition.valuesSeen.joined(separator: ", ")
                let verdict = condition.isSatisfied ? "matched" : "NOT matched"
                lines.append("  \(verdict): \(condition.path) \(condition.condition) (saw \(seen))")
            }
            if !matches && branch.allConditionsSatisfied {
                lines.append(
                    "  (each condition holds, but not within the same element of an array: EventBridge requires "
                        + "fields under one array of objects to match in the same element)"
                )
            }
        }
        return lines.joined(separator: "\n")
    }
}
