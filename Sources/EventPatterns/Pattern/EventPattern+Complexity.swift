extension EventPattern {
    /// The reason AWS gives for wildcard patterns that are too expensive to match.
    static let tooComplexReason =
        "Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after "
        + "a wildcard character"

    /// Refuses the pattern when one field's globs can keep more than `limit` wildcard prefixes alive at once.
    ///
    /// As in event-ruler's machine, the globs of a field share a byte machine when the branches reach the field
    /// through the same earlier conditions (conditions taken in path order).
    func checkWildcardComplexity(limit: Int) throws(EventPatternError) {
        var machines: [String: WildcardComplexity] = [:]
        var identities: [String: Int] = [:]
        for branch in branches {
            let ordered = branch.sorted { $0.flattenedPath < $1.flattenedPath }
            var reachedThrough = ""
            for condition in ordered {
                let key = reachedThrough + "\u{0}" + condition.flattenedPath
                for matcher in condition.matchers {
                    let globs: [String]
                    switch matcher {
                    case .wildcard(let glob): globs = [glob]
                    case .anythingBut(.wildcards(let list)): globs = list
                    default: continue
                    }
                    let identityKey = key + "\u{0}" + matcher.jsonValue.serialized()
                    let identity = identities[identityKey] ?? identities.count
                    identities[identityKey] = identity
                    for glob in globs {
                        guard case .success(let tokens) = WildcardPattern.tokens(of: glob) else { continue }
                        machines[key, default: WildcardComplexity()].add(tokens, identity: identity)
                    }
                }
                reachedThrough += condition.description + "\u{0}"
            }
        }
        for machine in machines.values where machine.evaluate(limit: limit) > limit {
            throw EventPatternError(reason: Self.tooComplexReason, problems: [])
        }
    }
}
