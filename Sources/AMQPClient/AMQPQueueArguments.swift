/// The queue type: `x-queue-type`.
public enum AMQPQueueType: String, Sendable, Hashable {
    case classic
    /// Replicated (Raft) queue: the default for data that must not be lost.
    case quorum
    /// Append-only log with consumer offsets.
    case stream
}

/// What a full queue does with new messages: `x-overflow`.
public enum AMQPOverflowBehaviour: String, Sendable, Hashable {
    case dropHead = "drop-head"
    /// The publish is nacked (with publisher confirms): the producer learns that the message was not stored.
    case rejectPublish = "reject-publish"
    case rejectPublishDeadLetter = "reject-publish-dlx"
}

/// How a quorum queue dead-letters: `x-dead-letter-strategy`.
public enum AMQPDeadLetterStrategy: String, Sendable, Hashable {
    case atMostOnce = "at-most-once"
    /// The queue keeps a message until the dead-letter target confirms it (requires `rejectPublish` overflow).
    case atLeastOnce = "at-least-once"
}

/// The optional arguments of `queue.declare`, typed. `table` is what goes on the wire; `extra` adds any other.
public struct AMQPQueueArguments: Sendable, Hashable {
    public var queueType: AMQPQueueType?
    public var deadLetterExchange: String?
    public var deadLetterRoutingKey: String?
    public var deadLetterStrategy: AMQPDeadLetterStrategy?
    /// `x-message-ttl`, in whole milliseconds.
    public var messageTTL: Duration?
    public var maxLength: Int64?
    public var maxLengthBytes: Int64?
    public var overflow: AMQPOverflowBehaviour?
    /// Quorum queues: deliveries after which a message is dead-lettered (`x-delivery-limit`).
    public var deliveryLimit: Int64?
    /// Streams: how long to keep data, e.g. `7D`, `12h` (`x-max-age`).
    public var maxAge: String?
    /// `x-expires`: delete the queue after it is unused this long.
    public var expires: Duration?
    public var extra: AMQPTable

    public init(
        queueType: AMQPQueueType? = nil,
        deadLetterExchange: String? = nil,
        deadLetterRoutingKey: String? = nil,
        deadLetterStrategy: AMQPDeadLetterStrategy? = nil,
        messageTTL: Duration? = nil,
        maxLength: Int64? = nil,
        maxLengthBytes: Int64? = nil,
        overflow: AMQPOverflowBehaviour? = nil,
        deliveryLimit: Int64? = nil,
        maxAge: String? = nil,
        expires: Duration? = nil,
        extra: AMQPTable = [:]
    ) {
        self.queueType = queueType
        self.deadLetterExchange = deadLetterExchange
        self.deadLetterRoutingKey = deadLetterRoutingKey
        self.deadLetterStrategy = deadLetterStrategy
        self.messageTTL = messageTTL
        self.maxLength = maxLength
        self.maxLengthBytes = maxLengthBytes
        self.overflow = overflow
        self.deliveryLimit = deliveryLimit
        self.maxAge = maxAge
        self.expires = expires
        self.extra = extra
    }

    /// The arguments as a field table.
    public var table: AMQPTable {
        var table = extra
        if let queueType { table["x-queue-type"] = .string(queueType.rawValue) }
        if let deadLetterExchange { table["x-dead-letter-exchange"] = .string(deadLetterExchange) }
        if let deadLetterRoutingKey { table["x-dead-letter-routing-key"] = .string(deadLetterRoutingKey) }
        if let deadLetterStrategy { table["x-dead-letter-strategy"] = .string(deadLetterStrategy.rawValue) }
        if let messageTTL { table["x-message-ttl"] = .int64(messageTTL.wholeMilliseconds) }
        if let maxLength { table["x-max-length"] = .int64(maxLength) }
        if let maxLengthBytes { table["x-max-length-bytes"] = .int64(maxLengthBytes) }
        if let overflow { table["x-overflow"] = .string(overflow.rawValue) }
        if let deliveryLimit { table["x-delivery-limit"] = .int64(deliveryLimit) }
        if let maxAge { table["x-max-age"] = .string(maxAge) }
        if let expires { table["x-expires"] = .int64(expires.wholeMilliseconds) }
        return table
    }
}

extension Duration {
    /// Whole milliseconds, rounded down.
    var wholeMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
