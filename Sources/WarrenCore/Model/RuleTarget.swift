/// One target of a rule: a durable queue on the broker that a consumer runtime drains, with its retry policy and
/// dead-letter queue.
public struct RuleTarget: Sendable, Hashable {
    /// 1-64 characters of `[.-_A-Za-z0-9]`, unique within the rule (EventBridge's target `Id`).
    public var id: String
    public var retryPolicy: RetryPolicy
    /// The dead-letter queue's name; nil for Warren's default (`<target queue>:dlq`). Warren always dead-letters:
    /// an event that exhausted its retries is never dropped.
    public var deadLetterQueue: String?
    public var queueType: TargetQueueType
    /// Deliveries of one message (crashes, requeues) after which the broker dead-letters it as poison.
    /// Handler failures are retried by the retry policy instead and do not count here.
    public var maximumDeliveries: Int
    /// What the consumer does with a message that was not published through PutEvents.
    public var rawPublishes: RawPublishPolicy
    /// What the handler receives: the event, or EventBridge's `Input`, `InputPath` or `InputTransformer`.
    public var input: TargetInput

    public init(
        id: String,
        retryPolicy: RetryPolicy = RetryPolicy(),
        deadLetterQueue: String? = nil,
        queueType: TargetQueueType = .quorum,
        maximumDeliveries: Int = 5,
        rawPublishes: RawPublishPolicy = .deadLetter,
        input: TargetInput = .event
    ) {
        self.id = id
        self.retryPolicy = retryPolicy
        self.deadLetterQueue = deadLetterQueue
        self.queueType = queueType
        self.maximumDeliveries = maximumDeliveries
        self.rawPublishes = rawPublishes
        self.input = input
    }
}

/// What a target's consumer does with a message published straight to the broker rather than through PutEvents
/// (no Warren headers, a message id that is not the event's id, an `aws.` source). Either way the event must match
/// the rule's pattern. Headers can be forged by anyone allowed to publish: broker permissions are the boundary,
/// this policy catches producers that bypass PutEvents by mistake.
public enum RawPublishPolicy: String, Sendable, Hashable, Codable {
    /// Dead-letter it with `ERROR_CODE=RAW_PUBLISH` and the reason (the default).
    case deadLetter
    /// Handle it like an event PutEvents published (rules-file key `acceptRawPublishes: true`).
    case accept
}

/// The kind of queue that holds a target's events.
public enum TargetQueueType: String, Sendable, Hashable, Codable {
    /// Replicated, at-least-once dead-lettering, a delivery limit for poison messages. The default.
    case quorum
    /// A single-node durable queue, for brokers without quorum queues.
    case classic
}
