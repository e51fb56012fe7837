/// The deliveries of one `basic.consume`, as an asynchronous sequence.
///
/// Deliveries are buffered as they arrive; the channel's prefetch count bounds the buffer, so prefetch is the
/// back-pressure. The sequence ends normally after `cancel()` or when the connection is closed by the application,
/// and throws the error when the channel or connection fails or the broker cancels the consumer.
///
/// The consumer and its iterators keep the channel (and so the connection) open. Cancelling the task that iterates
/// it, or dropping it, cancels the consumer.
public struct AMQPConsumer: AsyncSequence, Sendable {
    public typealias Element = AMQPDelivery

    /// The consumer tag.
    public let tag: String
    /// The queue it consumes from.
    public let queue: String
    let channel: AMQPChannel
    /// The connection's thread hands over the deliveries of each pass over the socket together.
    let batches: AsyncThrowingStream<[AMQPDelivery], any Error>

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(channel: channel, batches: batches.makeAsyncIterator())
    }

    /// Yields the deliveries one by one, in the order they arrived.
    public struct AsyncIterator: AsyncIteratorProtocol {
        /// Keeps the channel open while deliveries are read.
        let channel: AMQPChannel
        var batches: AsyncThrowingStream<[AMQPDelivery], any Error>.AsyncIterator
        var batch: [AMQPDelivery] = []
        var index = 0

        public mutating func next() async throws -> AMQPDelivery? {
            while index == batch.count {
                guard let next = try await batches.next() else { return nil }
                batch = next
                index = 0
            }
            defer { index += 1 }
            return batch[index]
        }
    }

    /// Stops the consumer (`basic.cancel`). Deliveries already received and not settled stay unacknowledged until
    /// they are settled or the channel closes (then the broker requeues them).
    public func cancel() async throws {
        try await channel.cancel(consumerTag: tag)
    }
}
