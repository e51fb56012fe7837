/// A channel's state on its connection's thread: pending confirms, consumers, mandatory publishes awaiting a
/// possible return. Not `Sendable`: only `ConnectionCore` touches it.
final class ChannelCore {
    let number: UInt16
    let status: ChannelStatus
    /// The public handle, given to deliveries so they can be acked. Weak: the connection does not keep its channels
    /// alive (a channel keeps its connection alive); nil once the application dropped every reference to it.
    weak var handle: AMQPChannel?
    /// Non-nil once the channel is in confirm mode.
    var confirms: ConfirmTracker<AMQPPublishConfirmation>?
    /// Mandatory publishes not yet confirmed, to match a `basic.return` to its publish.
    var mandatoryPublishes = MandatoryPublishes()
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

    /// A `basic.ack` or `basic.nack` from the broker: settles the publishes it names.
    func receive(_ confirm: BrokerConfirm) {
        // Mutated in place: a copy of the tracker would copy its entries on every ack.
        guard let settled = confirms?.settle(confirm) else { return }
        mandatoryPublishes.forgetConfirmed(tag: confirm.tag, multiple: confirm.multiple)
        let result = confirm.result
        for confirmation in settled { confirmation.settle(result) }
    }

    /// A `basic.return`: fails the mandatory publish it belongs to with `error`. Returns false when none matches.
    func receiveReturn(_ identity: ReturnedMessageIdentity, error: AMQPError) -> Bool {
        guard let sequence = mandatoryPublishes.matchReturn(identity) else { return false }
        // Settled now; the broker's ack for this sequence number follows and finds it settled.
        confirms?.peek(sequence)?.settle(.failure(error))
        return true
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
