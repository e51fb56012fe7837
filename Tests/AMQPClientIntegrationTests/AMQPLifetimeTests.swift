import AMQPClient
import Testing
import WarrenTestSupport

/// What keeps a connection and a channel open: a channel keeps its connection, deliveries and consumers keep their
/// channel; when nothing references them any more they close, without a reference cycle keeping them.
@Suite("Lifetimes of connections and channels", .timeLimit(.minutes(2)))
struct AMQPLifetimeTests {
    @Test("a channel from an unreferenced connection stays usable: it keeps its connection open")
    func channelKeepsConnection() async throws {
        let channel = try await AMQPConnection.connect(TestBroker.configuration()).openChannel()
        let queue = TestBroker.uniqueName("kept")
        try await channel.declareQueue(queue, options: [.exclusive, .autoDelete])
        try await channel.enableConfirms()
        for index in 0..<3 { try await channel.publish(Array("\(index)".utf8), exchange: "", routingKey: queue) }
        #expect(try await channel.declareQueuePassive(queue).messageCount == 3)
        #expect(channel.isOpen)
        try await channel.close()
    }

    @Test("dropping the last reference releases the channel and the connection (no cycle)")
    func noCycle() async throws {
        weak var weakConnection: AMQPConnection?
        weak var weakChannel: AMQPChannel?
        var delivery: AMQPDelivery?
        do {
            let connection = try await TestBroker.connect()
            let channel = try await connection.openChannel()
            weakConnection = connection
            weakChannel = channel
            let queue = try await channel.declareQueue("", options: [.exclusive, .autoDelete])
            try await channel.enableConfirms()
            try await channel.publish(Array("held".utf8), exchange: "", routingKey: queue.name)
            delivery = try await channel.get(queue: queue.name)
        }
        // A delivery still holds its channel, which holds its connection.
        #expect(weakChannel != nil)
        #expect(weakConnection?.isOpen == true)
        try await delivery?.ack()
        delivery = nil
        // The last references may still be on the connection's thread for a moment (its current pass).
        for _ in 0..<500 where weakConnection != nil || weakChannel != nil { try await Task.sleep(for: .milliseconds(10)) }
        #expect(weakChannel == nil)
        #expect(weakConnection == nil)
    }

    @Test("a delivery keeps its channel open: it can be acked after every other reference is gone")
    func deliveryKeepsChannel() async throws {
        let setup = try await TestBroker.connect(name: "setup")
        let setupChannel = try await setup.openChannel()
        let queue = TestBroker.uniqueName("delivery")
        try await setupChannel.declareQueue(queue, options: [.autoDelete])
        try await setupChannel.enableConfirms()
        try await setupChannel.publish(Array("one".utf8), exchange: "", routingKey: queue)

        let delivery = try #require(
            try await AMQPConnection.connect(TestBroker.configuration()).openChannel().get(queue: queue))
        #expect(delivery.bodyText == "one")
        try await delivery.ack()
        // Acked on the delivery's channel: the message is gone, not requeued when that channel closes.
        try await delivery.channel.close()
        #expect(try await setupChannel.declareQueuePassive(queue).messageCount == 0)
        try await setupChannel.deleteQueue(queue)
        await setup.close()
    }

    @Test("a consumer's iterator keeps its channel; dropping everything closes the channel and requeues the unacked")
    func consumerKeepsChannel() async throws {
        let setup = try await TestBroker.connect(name: "setup")
        let setupChannel = try await setup.openChannel()
        let queue = TestBroker.uniqueName("consumer")
        try await setupChannel.declareQueue(queue, options: [])
        try await setupChannel.enableConfirms()
        for index in 0..<3 { try await setupChannel.publish(Array("\(index)".utf8), exchange: "", routingKey: queue) }

        do {
            var iterator = try await AMQPConnection.connect(TestBroker.configuration()).openChannel()
                .consume(queue: queue, prefetch: 10).makeAsyncIterator()
            let first = try #require(try await iterator.next())
            try await first.ack()
            let second = try #require(try await iterator.next())
            #expect(second.bodyText == "1")
            // `second` is not acked: it returns to the queue when the dropped channel closes.
        }
        var ready: UInt32 = 0
        for _ in 0..<500 {
            ready = try await setupChannel.declareQueuePassive(queue).messageCount
            if ready == 2 { break }
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(ready == 2)
        #expect(try await setupChannel.declareQueuePassive(queue).consumerCount == 0)
        try await setupChannel.deleteQueue(queue)
        await setup.close()
    }

    @Test("a pending confirmation keeps its channel open until the broker answers")
    func confirmationKeepsChannel() async throws {
        let queue = TestBroker.uniqueName("confirmation")
        let setup = try await TestBroker.connect(name: "setup")
        let setupChannel = try await setup.openChannel()
        try await setupChannel.declareQueue(queue, options: [.autoDelete])
        let confirmation: AMQPPublishConfirmation
        do {
            let channel = try await AMQPConnection.connect(TestBroker.configuration()).openChannel()
            try await channel.enableConfirms()
            confirmation = try await channel.startPublish(Array("x".utf8), exchange: "", routingKey: queue)
        }
        try await confirmation.wait()
        #expect(try await setupChannel.declareQueuePassive(queue).messageCount == 1)
        try await setupChannel.deleteQueue(queue)
        await setup.close()
    }
}
