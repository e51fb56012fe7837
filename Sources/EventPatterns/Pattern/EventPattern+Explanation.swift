extension EventPattern {
    /// Explains, condition by condition, why the pattern matches the event or not.
    public func explain(_ event: JSONValue) -> PatternExplanation {
        var leaves: [String: [JSONValue]] = [:]
        if case .object = event { EventPattern.collectLeaves(of: event, path: nil, into: &leaves) }
        let explainedBranches = branches.map { branch in
            PatternExplanation.Branch(
                conditions: branch.map { condition in
                    let values = leaves[condition.flattenedPath] ?? []
                    let satisfied = EventPattern.isSatisfied(condition, by: values)
                    return PatternExplanation.Condition(
                        path: condition.flattenedPath,
                        condition: JSONValue.array(condition.matchers.map(\.jsonValue)).serialized(),
                        isSatisfied: satisfied,
                        valuesSeen: values.map { $0.serialized() }
                    )
                }
            )
        }
        return PatternExplanation(matches: matches(event), branches: explainedBranches)
    }

    /// The scalars of the event by flattened path, as EventBridge sees them: keys joined with `.`, arrays looked
    /// into, objects are not values.
    private static func collectLeaves(of value: JSONValue, path: String?, into leaves: inout [String: [JSONValue]]) {
        switch value {
        case .object(let object):
            for member in object.members {
                collectLeaves(of: member.value, path: path.map { $0 + "." + member.key } ?? member.key, into: &leaves)
            }
        case .array(let elements):
            for element in elements { collectLeaves(of: element, path: path, into: &leaves) }
        default:
            if let path { leaves[path, default: []].append(value) }
        }
    }

    private static func isSatisfied(_ condition: PathCondition, by values: [JSONValue]) -> Bool {
        if values.isEmpty { return condition.matchers.contains(.exists(false)) }
        let tests = condition.matchers.map(ValueTest.init)
        return values.contains { value in
            value.withLeafValue { leaf in tests.contains { $0.matches(leaf) } }
        }
    }
}

extension JSONValue {
    /// Calls `body` with this scalar as a `LeafValue`.
    func withLeafValue<Result>(_ body: (LeafValue) -> Result) -> Result {
        let kind: LeafValue.Kind
        var text = ""
        var number = 0.0
        switch self {
        case .string(let string):
            kind = .string
            text = string
        case .number(let value):
            kind = .number
            text = value.text
            number = value.doubleValue
        case .bool(let value):
            kind = value ? .trueValue : .falseValue
        case .null:
            kind = .null
        case .array, .object:
            kind = .null
        }
        return Array(text.utf8).withUnsafeBufferPointer { body(LeafValue(kind: kind, bytes: $0, number: number)) }
    }
}
