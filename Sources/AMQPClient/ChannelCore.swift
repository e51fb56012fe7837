/// A channel's state on its connection's thread: pending confirms, consumers, mandatory publishes awaiting a
/// possible return. Not `Sendable`: only `ConnectionCore` touches it.
final class ChannelCore {
    let number: UInt16
    let status: ChannelStatus
    /// The public handle, given to deliveries so they can be acked.
    let handle: AMQPChannel
    /// Non-nil once the channel is in confirm mode.
    var confirms: ConfirmTracker<AMQPPublishConfirmation>?
    /// Mandatory publishes not yet confirmed, in publish order, to match a `basic.return` to its publish.
    var mandatoryPublishes: [MandatoryPublish] = []
    var consumers: [String: AsyncThrowingStream<[AMQPDelivery], any Error>.Continuation] = [:]
    /// Deliveries read in the current pass over the socket, handed to each consumer together: one wake-up of the
    /// consuming task per batch instead of one per message.
    var pendingDeliveries: [String: [AMQPDelivery]] = [:]

    init(number: UInt16, status: ChannelStatus, handle: AMQPChannel) {
        self.number = number
        self.status = status
        self.handle = handle
    }

    /// Hands the deliveries read so far to their consumers.
    func flushDeliveries() {
        guard !pendingDeliveries.isEmpty else { return }
        for (tag, batch) in pendingDeliveries { consumers[tag]?.yield(batch) }
        pendingDeliveries.removeAll(keepingCapacity: true)
    }

    /// Ends everything that waits on this channel with `error` (or normally, when nil).
    func fail(with error: AMQPError?) {
        // Deliveries already read still reach their consumers, before the end of their sequences.
        flushDeliveries()
        status.markClosed(error)
        let failure = AMQPError.channelClosed("basic.publish", because: error)
        if let pending = confirms?.settleAll() {
            for confirmation in pending { confirmation.settle(.failure(failure)) }
        }
        mandatoryPublishes.removeAll()
        for consumer in consumers.values {
            if let error { consumer.finish(throwing: error) } else { consumer.finish() }
        }
        consumers.removeAll()
    }
}

/// What identifies a returned message: RabbitMQ returns the whole message but not its publish sequence number.
/// Returns arrive in publish order, so the oldest pending mandatory publish with the same identity is the one.
struct MandatoryPublish {
    var sequence: UInt64
    var identity: ReturnedMessageIdentity
}

struct ReturnedMessageIdentity: Hashable {
    var exchange: String
    var routingKey: String
    var messageID: String?
    var bodyCount: Int
    var bodyHash: UInt64

    init(exchange: String, routingKey: String, messageID: String?, body: UnsafeRawBufferPointer) {
        self.exchange = exchange
        self.routingKey = routingKey
        self.messageID = messageID
        self.bodyCount = body.count
        // FNV-1a: cheap and good enough to tell bodies apart alongside the other fields.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in body {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        self.bodyHash = hash
    }
}
