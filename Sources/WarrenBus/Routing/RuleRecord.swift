public import EventPatterns
import Foundation

/// A rule as JSON, with EventBridge's member names: how the rule registry stores rules on the broker and how
/// `warren rules show` prints them.
public struct RuleRecord: Sendable, Hashable, Codable {
    public var name: String
    public var eventBusName: String
    public var description: String?
    public var state: RuleState
    /// The pattern's JSON text.
    public var eventPattern: String
    public var targets: [TargetRecord]

    enum CodingKeys: String, CodingKey {
        case name = "Name"
        case eventBusName = "EventBusName"
        case description = "Description"
        case state = "State"
        case eventPattern = "EventPattern"
        case targets = "Targets"
    }

    public init(_ rule: Rule) {
        name = rule.name
        eventBusName = rule.eventBusName
        description = rule.description
        state = rule.state
        eventPattern = rule.eventPattern.serialized()
        targets = rule.targets.map(TargetRecord.init)
    }

    /// The rule again; the pattern is re-validated with the given limits.
    public func rule(limits: PatternLimits = PatternLimits(maximumPatternLength: 4096)) throws(EventPatternError)
        -> Rule
    {
        Rule(
            name: name, eventBusName: eventBusName, description: description, state: state,
            eventPattern: try EventPattern(parsing: eventPattern, limits: limits),
            targets: targets.map(\.target))
    }
}

/// A rule target as JSON.
public struct TargetRecord: Sendable, Hashable, Codable {
    public var id: String
    public var retryPolicy: RetryPolicy
    public var deadLetterQueue: String?
    public var queueType: TargetQueueType
    public var maximumDeliveries: Int
    /// True when the target accepts raw publishes; absent otherwise (and in records written before the option).
    public var acceptRawPublishes: Bool?

    enum CodingKeys: String, CodingKey {
        case id = "Id"
        case retryPolicy = "RetryPolicy"
        case deadLetterQueue = "DeadLetterQueue"
        case queueType = "QueueType"
        case maximumDeliveries = "MaximumDeliveries"
        case acceptRawPublishes = "AcceptRawPublishes"
    }

    public init(_ target: RuleTarget) {
        id = target.id
        retryPolicy = target.retryPolicy
        deadLetterQueue = target.deadLetterQueue
        queueType = target.queueType
        maximumDeliveries = target.maximumDeliveries
        acceptRawPublishes = target.rawPublishes == .accept ? true : nil
    }

    public var target: RuleTarget {
        RuleTarget(
            id: id, retryPolicy: retryPolicy, deadLetterQueue: deadLetterQueue, queueType: queueType,
            maximumDeliveries: maximumDeliveries, rawPublishes: acceptRawPublishes == true ? .accept : .deadLetter)
    }
}

/// What the registry holds for one bus: the rules last applied and the bindings made for them.
public struct AppliedRules: Sendable, Hashable, Codable {
    public var bus: String
    public var appliedAt: String
    public var rules: [RuleRecord]
    public var bindings: [TargetBinding]

    public init(bus: String, appliedAt: String, rules: [RuleRecord], bindings: [TargetBinding]) {
        self.bus = bus
        self.appliedAt = appliedAt
        self.rules = rules
        self.bindings = bindings
    }
}
