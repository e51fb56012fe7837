import EventPatterns

/// A direct, deliberately naive reading of EventBridge's matching rules: the oracle the compiled matcher is checked
/// against. It walks a parsed event, collects every scalar with its flattened path and the array elements it sits
/// in, and tries every combination of values for a branch's conditions.
///
/// It covers what the random generators produce (ASCII strings that are not IP addresses); IP addresses and
/// non-ASCII case folding are covered by unit tests instead.
enum ReferenceMatcher {
    /// A scalar of the event and the array elements (array number, index) it is inside of.
    struct Leaf {
        var value: JSONValue
        var membership: [Int: Int]
    }

    /// Whether the pattern matches the event.
    static func matches(_ pattern: EventPattern, _ event: JSONValue) -> Bool {
        guard case .object = event else { return false }
        var leaves: [String: [Leaf]] = [:]
        var arrays = 0
        collect(event, path: nil, membership: [:], arrays: &arrays, into: &leaves)
        return pattern.branches.contains { branch in
            satisfies(branch, leaves: leaves)
        }
    }

    private static func collect(
        _ value: JSONValue, path: String?, membership: [Int: Int], arrays: inout Int, into leaves: inout [String: [Leaf]]
    ) {
        switch value {
        case .object(let object):
            for member in object.members {
                let childPath = path.map { $0 + "." + member.key } ?? member.key
                collect(member.value, path: childPath, membership: membership, arrays: &arrays, into: &leaves)
            }
        case .array(let elements):
            let array = arrays
            arrays += 1
            for (index, element) in elements.enumerated() {
                var inner = membership
                switch element {
                case .object, .array: inner[array] = index
                default: break
                }
                collect(element, path: path, membership: inner, arrays: &arrays, into: &leaves)
            }
        default:
            if let path { leaves[path, default: []].append(Leaf(value: value, membership: membership)) }
        }
    }

    private static func consistent(_ first: Leaf, _ second: Leaf) -> Bool {
        first.membership.allSatisfy { array, index in second.membership[array].map { $0 == index } ?? true }
    }

    /// Tries every choice of one satisfying value (or, where allowed, none) per condition.
    private static func satisfies(_ branch: [PathCondition], leaves: [String: [Leaf]]) -> Bool {
        var options: [[Leaf?]] = []
        for condition in branch {
            let present = leaves[condition.flattenedPath] ?? []
            var choices: [Leaf?] = present.filter { leaf in condition.matchers.contains { holds($0, leaf.value) } }
            if condition.matchers.contains(.exists(false)) { choices.append(nil) }
            if choices.isEmpty { return false }
            options.append(choices)
        }
        func search(_ position: Int, _ chosen: [Leaf?]) -> Bool {
            if position == branch.count {
                // A condition satisfied by absence needs no value consistent with the chosen ones.
                for (index, choice) in chosen.enumerated() where choice == nil {
                    let present = leaves[branch[index].flattenedPath] ?? []
                    if present.contains(where: { leaf in chosen.allSatisfy { $0.map { consistent($0, leaf) } ?? true } }) {
                        return false
                    }
                }
                return true
            }
            for choice in options[position] {
                if let choice, !chosen.allSatisfy({ $0.map { consistent($0, choice) } ?? true }) { continue }
                if search(position + 1, chosen + [choice]) { return true }
            }
            return false
        }
        return search(0, [])
    }

    /// Whether one value satisfies one matcher.
    static func holds(_ matcher: Matcher, _ value: JSONValue) -> Bool {
        switch matcher {
        case .exactString(let expected): return value == .string(expected)
        case .exactNumber(let expected): return number(value).map { $0 == expected.doubleValue } ?? false
        case .exactBool(let expected): return value == .bool(expected)
        case .exactNull: return value == .null
        case .prefix(let prefix, let ignoreCase):
            guard let text = value.stringValue else { return false }
            return ignoreCase ? text.lowercased().hasPrefix(prefix.lowercased()) : text.hasPrefix(prefix)
        case .suffix(let suffix, let ignoreCase):
            guard let text = value.stringValue else { return false }
            return ignoreCase ? text.lowercased().hasSuffix(suffix.lowercased()) : text.hasSuffix(suffix)
        case .equalsIgnoreCase(let expected):
            return value.stringValue?.lowercased() == expected.lowercased()
        case .wildcard(let glob):
            return value.stringValue.map { globMatches(Array(glob), Array($0)) } ?? false
        case .anythingBut(let excluded):
            return !isExcluded(value, by: excluded)
        case .numeric(let range):
            guard let number = number(value) else { return false }
            if let lower = range.lowerBound {
                if lower.isInclusive ? number < lower.value.doubleValue : number <= lower.value.doubleValue { return false }
            }
            if let upper = range.upperBound {
                if upper.isInclusive ? number > upper.value.doubleValue : number >= upper.value.doubleValue { return false }
            }
            return true
        case .exists(let present): return present
        case .cidr: return false
        }
    }

    private static func isExcluded(_ value: JSONValue, by excluded: AnythingBut) -> Bool {
        switch excluded {
        case .strings(let values): return value.stringValue.map(values.contains) ?? false
        case .numbers(let values): return number(value).map { number in values.contains { $0.doubleValue == number } } ?? false
        case .equalsIgnoreCase(let values):
            return value.stringValue.map { text in values.contains { $0.lowercased() == text.lowercased() } } ?? false
        case .prefixes(let values): return value.stringValue.map { text in values.contains { text.hasPrefix($0) } } ?? false
        case .suffixes(let values): return value.stringValue.map { text in values.contains { text.hasSuffix($0) } } ?? false
        case .wildcards(let globs):
            return value.stringValue.map { text in globs.contains { globMatches(Array($0), Array(text)) } } ?? false
        }
    }

    private static func number(_ value: JSONValue) -> Double? {
        guard case .number(let number) = value else { return nil }
        return number.doubleValue
    }

    /// Glob matching by plain recursion: `*` any run, `\*` and `\\` literal.
    static func globMatches(_ glob: [Character], _ text: [Character]) -> Bool {
        guard let first = glob.first else { return text.isEmpty }
        if first == "*" {
            for split in 0...text.count where globMatches(Array(glob.dropFirst()), Array(text[split...])) { return true }
            return false
        }
        var literal = first
        var rest = glob.dropFirst()
        if first == "\\", let escaped = rest.first {
            literal = escaped
            rest = rest.dropFirst()
        }
        guard let head = text.first, head == literal else { return false }
        return globMatches(Array(rest), Array(text.dropFirst()))
    }
}
