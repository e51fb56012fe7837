public import EventPatterns

/// What the broker must hold for one bus and its rules: the translator's output, the applier's input.
public struct BusTopology: Sendable, Hashable {
    public var bus: String
    /// The bus's topic exchange.
    public var exchange: String
    /// One entry per target of every rule, enabled or not.
    public var targets: [TargetTopology]
    /// Where failed deliveries wait before their next attempt.
    public var retry: RetryTopology

    public init(bus: String, exchange: String, targets: [TargetTopology], retry: RetryTopology) {
        self.bus = bus
        self.exchange = exchange
        self.targets = targets
        self.retry = retry
    }

    /// Every (queue, binding key) pair on the bus exchange.
    public var bindings: [TargetBinding] {
        targets.flatMap { target in target.bindingKeys.map { TargetBinding(queue: target.queue, bindingKey: $0) } }
    }
}

/// One binding of a target queue to its bus exchange.
public struct TargetBinding: Sendable, Hashable, Comparable, Codable {
    public var queue: String
    public var bindingKey: String

    public init(queue: String, bindingKey: String) {
        self.queue = queue
        self.bindingKey = bindingKey
    }

    public static func < (lhs: TargetBinding, rhs: TargetBinding) -> Bool {
        (lhs.queue, lhs.bindingKey) < (rhs.queue, rhs.bindingKey)
    }
}

/// One rule target on the broker: its queue, its bindings, and the part of the pattern left to its consumer.
public struct TargetTopology: Sendable, Hashable {
    public var ruleName: String
    public var ruleARN: String
    public var ruleState: RuleState
    public var target: RuleTarget
    public var targetARN: String
    public var queue: String
    public var deadLetterQueue: String
    /// Topic binding keys (`<source word>.<detail-type word>`, `*` for any); empty for a disabled rule.
    public var bindingKeys: [String]
    /// The whole pattern: what the target's events must match.
    public var pattern: EventPattern
    /// What the consumer must still check after the broker's routing; nil when the bindings check everything.
    public var residualPattern: EventPattern?
    /// Which envelope fields the bindings check exactly (so the residual pattern leaves them out).
    public var brokerChecks: BrokerChecks

    public init(
        ruleName: String, ruleARN: String, ruleState: RuleState, target: RuleTarget, targetARN: String, queue: String,
        deadLetterQueue: String, bindingKeys: [String], pattern: EventPattern, residualPattern: EventPattern?,
        brokerChecks: BrokerChecks
    ) {
        self.ruleName = ruleName
        self.ruleARN = ruleARN
        self.ruleState = ruleState
        self.target = target
        self.targetARN = targetARN
        self.queue = queue
        self.deadLetterQueue = deadLetterQueue
        self.bindingKeys = bindingKeys
        self.pattern = pattern
        self.residualPattern = residualPattern
        self.brokerChecks = brokerChecks
    }
}

/// The envelope fields a target's bindings enforce exactly.
public struct BrokerChecks: Sendable, Hashable {
    public var source: Bool
    public var detailType: Bool

    public init(source: Bool, detailType: Bool) {
        self.source = source
        self.detailType = detailType
    }
}

/// A bus's retry plumbing: delay queues by level, and the exchanges around them.
public struct RetryTopology: Sendable, Hashable {
    /// Headers exchange; a retry carries `warren-delay` = the level's seconds.
    public var exchange: String
    /// Direct exchange; each target queue is bound to it with its own name.
    public var redeliverExchange: String
    /// Delay queue names by level, in seconds (1, 2, 4, ... 512).
    public var delayQueues: [Int: String]

    public init(exchange: String, redeliverExchange: String, delayQueues: [Int: String]) {
        self.exchange = exchange
        self.redeliverExchange = redeliverExchange
        self.delayQueues = delayQueues
    }
}
