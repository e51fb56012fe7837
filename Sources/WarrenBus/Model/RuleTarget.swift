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

    public init(
        id: String,
        retryPolicy: RetryPolicy = RetryPolicy(),
        deadLetterQueue: String? = nil,
        queueType: TargetQueueType = .quorum,
        maximumDeliveries: Int = 5
    ) {
        self.id = id
        self.retryPolicy = retryPolicy
        self.deadLetterQueue = deadLetterQueue
        self.queueType = queueType
        self.maximumDeliveries = maximumDeliveries
    }
}

/// The kind of queue that holds a target's events.
public enum TargetQueueType: String, Sendable, Hashable, Codable {
    /// Replicated, at-least-once dead-lettering, a delivery limit for poison messages. The default.
    case quorum
    /// A single-node durable queue, for brokers without quorum queues.
    case classic
}
