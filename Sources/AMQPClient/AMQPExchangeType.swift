/// How an exchange routes messages to the queues bound to it.
public struct AMQPExchangeType: Sendable, Hashable, CustomStringConvertible {
    public let name: String

    public init(_ name: String) { self.name = name }

    /// Routing key equals the binding key.
    public static let direct = AMQPExchangeType("direct")
    /// Routing key matches a binding pattern of dot-separated words, with `*` (one word) and `#` (zero or more).
    public static let topic = AMQPExchangeType("topic")
    /// Every bound queue gets every message.
    public static let fanout = AMQPExchangeType("fanout")
    /// Message headers match the binding's arguments.
    public static let headers = AMQPExchangeType("headers")

    public var description: String { name }
}

/// Flags of `exchange.declare`.
public struct AMQPExchangeOptions: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Survives a broker restart.
    public static let durable = AMQPExchangeOptions(rawValue: 1 << 0)
    /// Deleted when its last binding is removed.
    public static let autoDelete = AMQPExchangeOptions(rawValue: 1 << 1)
    /// Publishers cannot publish to it directly; only exchange-to-exchange bindings feed it.
    public static let `internal` = AMQPExchangeOptions(rawValue: 1 << 2)
}

/// Flags of `queue.declare`.
public struct AMQPQueueOptions: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Survives a broker restart (required for quorum queues and streams).
    public static let durable = AMQPQueueOptions(rawValue: 1 << 0)
    /// Used by this connection only, and deleted when it closes.
    public static let exclusive = AMQPQueueOptions(rawValue: 1 << 1)
    /// Deleted when its last consumer is cancelled.
    public static let autoDelete = AMQPQueueOptions(rawValue: 1 << 2)
}

/// The broker's answer to `queue.declare`.
public struct AMQPQueueDeclareResult: Sendable, Hashable {
    /// The queue's name (the broker's choice when an empty name was declared).
    public var name: String
    /// Messages ready for delivery (not counting unacknowledged ones).
    public var messageCount: UInt32
    public var consumerCount: UInt32
}

/// How a consumer settles deliveries.
public enum AMQPAcknowledgement: Sendable, Hashable {
    /// The application acks, nacks or rejects each delivery; unsettled ones return to the queue when the channel
    /// closes. At-least-once delivery.
    case manual
    /// The broker considers a message delivered as soon as it sends it. At-most-once delivery.
    case automatic
}
