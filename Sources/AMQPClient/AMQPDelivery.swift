/// A message delivered to a consumer or fetched with `basic.get`, copied out of librabbitmq's memory.
///
/// Settle it once with `ack()`, `nack(requeue:)` or `reject(requeue:)` when the channel uses manual
/// acknowledgements. Settling hops to the connection's thread; it may be called from any task.
public struct AMQPDelivery: Sendable {
    public var body: [UInt8]
    public var properties: AMQPProperties
    public var exchange: String
    public var routingKey: String
    /// The channel-scoped number that settles this delivery.
    public var deliveryTag: UInt64
    /// True when the broker delivered this message before and it was not acked (a crash, a nack with requeue).
    public var isRedelivered: Bool
    /// The consumer it was delivered to; empty for `basic.get`.
    public var consumerTag: String
    /// For `basic.get`: messages left in the queue.
    public var messageCount: UInt32?
    /// The channel it arrived on; settling goes through it.
    public let channel: AMQPChannel

    /// The body as UTF-8 text (invalid sequences replaced).
    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// Acknowledges the delivery (and, with `multiple`, every earlier unsettled one on the channel).
    public func ack(multiple: Bool = false) async throws {
        try await channel.ack(deliveryTag: deliveryTag, multiple: multiple)
    }

    /// Negatively acknowledges: `requeue` puts it back in the queue, otherwise it is dead-lettered or dropped.
    public func nack(requeue: Bool, multiple: Bool = false) async throws {
        try await channel.nack(deliveryTag: deliveryTag, multiple: multiple, requeue: requeue)
    }

    /// Rejects the delivery: `requeue` puts it back in the queue, otherwise it is dead-lettered or dropped.
    public func reject(requeue: Bool) async throws {
        try await channel.reject(deliveryTag: deliveryTag, requeue: requeue)
    }
}
