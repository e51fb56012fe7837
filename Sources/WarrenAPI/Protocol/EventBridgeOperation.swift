/// The EventBridge operations Warren serves, named as in `X-Amz-Target: AWSEvents.<Operation>`.
public enum EventBridgeOperation: String, Sendable, Hashable, CaseIterable {
    case putEvents = "PutEvents"
    case testEventPattern = "TestEventPattern"
    case createEventBus = "CreateEventBus"
    case deleteEventBus = "DeleteEventBus"
    case describeEventBus = "DescribeEventBus"
    case listEventBuses = "ListEventBuses"
    case putRule = "PutRule"
    case deleteRule = "DeleteRule"
    case describeRule = "DescribeRule"
    case listRules = "ListRules"
    case enableRule = "EnableRule"
    case disableRule = "DisableRule"
    case listRuleNamesByTarget = "ListRuleNamesByTarget"
    case putTargets = "PutTargets"
    case removeTargets = "RemoveTargets"
    case listTargetsByRule = "ListTargetsByRule"
    case tagResource = "TagResource"
    case untagResource = "UntagResource"
    case listTagsForResource = "ListTagsForResource"

    /// The service's target prefix in `X-Amz-Target`.
    public static let targetPrefix = "AWSEvents"

    /// The operation an `X-Amz-Target` header names.
    /// - Throws: `UnknownOperationException` for a missing header, another service's prefix, or an operation
    ///   Warren does not serve (with the operation's name, so the caller knows which).
    public init(target: String?) throws(EventBridgeError) {
        guard let target, !target.isEmpty else {
            throw EventBridgeError(
                .unknownOperation, "Missing X-Amz-Target header: expected AWSEvents.<Operation>.")
        }
        let prefix = Self.targetPrefix + "."
        guard target.hasPrefix(prefix) else {
            throw EventBridgeError(
                .unknownOperation, "X-Amz-Target '\(target)' is not an EventBridge operation (AWSEvents.<Operation>).")
        }
        let name = String(target.dropFirst(prefix.count))
        guard let operation = EventBridgeOperation(rawValue: name) else {
            throw EventBridgeError(.unknownOperation, "Warren does not support the operation \(name).")
        }
        self = operation
    }
}
