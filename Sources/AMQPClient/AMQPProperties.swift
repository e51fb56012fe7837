public import struct Foundation.Date

/// Whether the broker writes a message to disk.
public enum AMQPDeliveryMode: UInt8, Sendable, Hashable {
    /// Kept in memory only; lost if the broker restarts.
    case transient = 1
    /// Written to disk by durable queues; survives a broker restart.
    case persistent = 2
}

/// The basic properties of a message (AMQP 0-9-1 `basic` content header). `nil` means "not sent".
public struct AMQPProperties: Sendable, Hashable {
    public var contentType: String?
    public var contentEncoding: String?
    public var headers: AMQPTable?
    public var deliveryMode: AMQPDeliveryMode?
    public var priority: UInt8?
    public var correlationID: String?
    public var replyTo: String?
    /// Per-message time to live in milliseconds, as a decimal string (AMQP's encoding).
    public var expiration: String?
    public var messageID: String?
    /// Seconds resolution, as AMQP carries it.
    public var timestamp: Date?
    public var type: String?
    /// Must equal the connection's user name, or RabbitMQ rejects the publish.
    public var userID: String?
    public var appID: String?
    public var clusterID: String?

    public init(
        contentType: String? = nil,
        contentEncoding: String? = nil,
        headers: AMQPTable? = nil,
        deliveryMode: AMQPDeliveryMode? = nil,
        priority: UInt8? = nil,
        correlationID: String? = nil,
        replyTo: String? = nil,
        expiration: String? = nil,
        messageID: String? = nil,
        timestamp: Date? = nil,
        type: String? = nil,
        userID: String? = nil,
        appID: String? = nil,
        clusterID: String? = nil
    ) {
        self.contentType = contentType
        self.contentEncoding = contentEncoding
        self.headers = headers
        self.deliveryMode = deliveryMode
        self.priority = priority
        self.correlationID = correlationID
        self.replyTo = replyTo
        self.expiration = expiration
        self.messageID = messageID
        self.timestamp = timestamp
        self.type = type
        self.userID = userID
        self.appID = appID
        self.clusterID = clusterID
    }
}
