public import EventPatterns
import Foundation

/// A rule as JSON, with EventBridge's member names: how the rule registry stores rules on the broker and how
/// `warren rules show` prints them.
public struct RuleRecord: Sendable, Hashable, Codable {
    public var name: String
    /// Who may change or remove the rule: stored as `Stack` (absent for a rule created on its own).
    public var owner: RuleOwner
    public var eventBusName: String
    public var description: String?
    public var state: RuleState
    /// The pattern's JSON text.
    public var eventPattern: String
    public var targets: [TargetRecord]

    enum CodingKeys: String, CodingKey {
        case name = "Name"
        case stack = "Stack"
        case eventBusName = "EventBusName"
        case description = "Description"
        case state = "State"
        case eventPattern = "EventPattern"
        case targets = "Targets"
    }

    public init(_ rule: Rule, owner: RuleOwner) {
        name = rule.name
        self.owner = owner
        eventBusName = rule.eventBusName
        description = rule.description
        state = rule.state
        eventPattern = rule.eventPattern.serialized()
        targets = rule.targets.map(TargetRecord.init)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        // Records written before stacks existed are marked legacy by `AppliedRules`, which knows their version.
        owner = try container.decodeIfPresent(String.self, forKey: .stack).map(RuleOwner.stack) ?? .unowned
        eventBusName = try container.decode(String.self, forKey: .eventBusName)
        description = try container.decodeIfPresent(String.self, forKey: .description)
        state = try container.decode(RuleState.self, forKey: .state)
        eventPattern = try container.decode(String.self, forKey: .eventPattern)
        targets = try container.decode([TargetRecord].self, forKey: .targets)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encodeIfPresent(owner.stackName, forKey: .stack)
        try container.encode(eventBusName, forKey: .eventBusName)
        try container.encodeIfPresent(description, forKey: .description)
        try container.encode(state, forKey: .state)
        try container.encode(eventPattern, forKey: .eventPattern)
        try container.encode(targets, forKey: .targets)
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
    /// EventBridge's input options, with their member names; absent when the target receives the event.
    public var input: String?
    public var inputPath: String?
    public var inputTransformer: InputTransformerRecord?

    enum CodingKeys: String, CodingKey {
        case id = "Id"
        case retryPolicy = "RetryPolicy"
        case deadLetterQueue = "DeadLetterQueue"
        case queueType = "QueueType"
        case maximumDeliveries = "MaximumDeliveries"
        case acceptRawPublishes = "AcceptRawPublishes"
        case input = "Input"
        case inputPath = "InputPath"
        case inputTransformer = "InputTransformer"
    }

    public init(_ target: RuleTarget) {
        id = target.id
        retryPolicy = target.retryPolicy
        deadLetterQueue = target.deadLetterQueue
        queueType = target.queueType
        maximumDeliveries = target.maximumDeliveries
        acceptRawPublishes = target.rawPublishes == .accept ? true : nil
        switch target.input {
        case .event: break
        case .constant(let text): input = text
        case .path(let path): inputPath = path
        case .transformer(let transformer):
            inputTransformer = InputTransformerRecord(
                inputPathsMap: transformer.inputPathsMap.isEmpty ? nil : transformer.inputPathsMap,
                inputTemplate: transformer.inputTemplate)
        }
    }

    public var target: RuleTarget {
        RuleTarget(
            id: id, retryPolicy: retryPolicy, deadLetterQueue: deadLetterQueue, queueType: queueType,
            maximumDeliveries: maximumDeliveries, rawPublishes: acceptRawPublishes == true ? .accept : .deadLetter,
            input: targetInput)
    }

    /// The input option recorded; the first one present if a hand-edited record holds several.
    private var targetInput: TargetInput {
        if let input { return .constant(input) }
        if let inputPath { return .path(inputPath) }
        if let inputTransformer {
            return .transformer(
                InputTransformer(
                    inputPathsMap: inputTransformer.inputPathsMap ?? [:], inputTemplate: inputTransformer.inputTemplate))
        }
        return .event
    }
}

/// A target's `InputTransformer` as JSON.
public struct InputTransformerRecord: Sendable, Hashable, Codable {
    public var inputPathsMap: [String: String]?
    public var inputTemplate: String

    public init(inputPathsMap: [String: String]?, inputTemplate: String) {
        self.inputPathsMap = inputPathsMap
        self.inputTemplate = inputTemplate
    }

    enum CodingKeys: String, CodingKey {
        case inputPathsMap = "InputPathsMap"
        case inputTemplate = "InputTemplate"
    }
}

/// What the registry holds for one bus: every rule on it with its owner, the bindings made for them, and the target
/// queues of deleted rules, kept with their events until `pruneQueues` removes the empty ones.
public struct AppliedRules: Sendable, Hashable, Codable {
    /// The record format: 2 since rules have owners. Version 1 records (no `Version`) hold legacy rules.
    public static let currentVersion = 2

    public var version: Int
    public var bus: String
    public var appliedAt: String
    public var rules: [RuleRecord]
    public var bindings: [TargetBinding]
    /// Target and dead-letter queues no rule uses any more, unbound and kept with their events.
    public var orphanedQueues: [String]

    public init(
        bus: String, appliedAt: String, rules: [RuleRecord], bindings: [TargetBinding], orphanedQueues: [String] = []
    ) {
        self.version = Self.currentVersion
        self.bus = bus
        self.appliedAt = appliedAt
        self.rules = rules
        self.bindings = bindings
        self.orphanedQueues = orphanedQueues
    }

    enum CodingKeys: String, CodingKey {
        case version = "Version"
        case bus, appliedAt, rules, bindings
        case orphanedQueues = "OrphanedQueues"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        version = try container.decodeIfPresent(Int.self, forKey: .version) ?? 1
        bus = try container.decode(String.self, forKey: .bus)
        appliedAt = try container.decode(String.self, forKey: .appliedAt)
        rules = try container.decode([RuleRecord].self, forKey: .rules)
        bindings = try container.decode([TargetBinding].self, forKey: .bindings)
        orphanedQueues = try container.decodeIfPresent([String].self, forKey: .orphanedQueues) ?? []
        if version < 2 {
            for index in rules.indices { rules[index].owner = .legacy }
        }
    }

    /// The rule of that name, if the bus has it.
    public func rule(named name: String) -> RuleRecord? {
        rules.first { $0.name == name }
    }
}
