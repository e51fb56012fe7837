import EventPatterns
import WarrenCore

extension EventBridgeService {
    func tagResource(_ call: EventBridgeCall) async throws(EventBridgeError) -> JSONValue {
        let tags = Self.tags(call.input)
        try await changeTags(call) { $0.merging(tags) }
        return [:]
    }

    func untagResource(_ call: EventBridgeCall) async throws(EventBridgeError) -> JSONValue {
        let keys = Set(call.input.strings("TagKeys") ?? [])
        try await changeTags(call) { tags in tags.filter { !keys.contains($0.key) } }
        return [:]
    }

    func listTagsForResource(_ call: EventBridgeCall) async throws(EventBridgeError) -> JSONValue {
        let tags = try await changeTags(call) { $0 }
        return ["Tags": .array(tags.map { ["Key": .string($0.key), "Value": .string($0.value)] })]
    }

    /// Applies `change` to the tags of the rule or bus that `ResourceARN` names; returns the new tags.
    @discardableResult
    private func changeTags(
        _ call: EventBridgeCall, _ change: @escaping @Sendable ([ResourceTag]) -> [ResourceTag]
    ) async throws(EventBridgeError) -> [ResourceTag] {
        let arn = call.input.string("ResourceARN") ?? ""
        switch EventBridgeResourceARN(parsing: arn) {
        case .eventBus(let name):
            return try await backend.updateEventBus(named: name) { (bus: inout EventBusDefinition) in
                bus.tags = change(bus.tags)
                return bus.tags
            }
        case .rule(let bus, let name):
            return try await updateExistingRule(name, bus: bus) { (rule: inout RuleDefinition) in
                rule.tags = change(rule.tags)
                return rule.tags
            }
        case nil:
            throw .validation("Parameter \(arn) is not valid. Reason: Provided Arn is not in correct format.")
        }
    }
}

/// The resource an EventBridge ARN names: `arn:aws:events:<region>:<account>:event-bus/<bus>`,
/// `...:rule/<rule>` (a rule on the default bus) or `...:rule/<bus>/<rule>`. Region and account are not compared:
/// one Warren serves one account, in every region.
enum EventBridgeResourceARN: Hashable {
    case eventBus(String)
    case rule(bus: String, name: String)

    init?(parsing arn: String) {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", parts[2] == "events" else { return nil }
        let path = parts[5].split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        switch (path.first, path.count) {
        case ("event-bus", 2) where !path[1].isEmpty: self = .eventBus(path[1])
        case ("rule", 2) where !path[1].isEmpty: self = .rule(bus: EventBusName.default, name: path[1])
        case ("rule", 3) where !path[1].isEmpty && !path[2].isEmpty: self = .rule(bus: path[1], name: path[2])
        default: return nil
        }
    }
}
