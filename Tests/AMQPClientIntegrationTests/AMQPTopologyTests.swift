import AMQPClient
import Foundation
import Testing
import WarrenTestSupport

@Suite("Declarations, bindings and consumers")
struct AMQPTopologyTests {
    @Test("exchange-to-exchange bindings route through an internal exchange; unbind stops it")
    func exchangeToExchange() async throws {
        let connection = try await TestBroker.connect()
        let channel = try await connection.openChannel()
        let front = TestBroker.uniqueName("front")
        let back = TestBroker.uniqueName("back")
        let queue = TestBroker.uniqueName("e2e")
        try await channel.declareExchange(front, type: .topic, options: [])
        try await channel.declareExchange(back, type: .fanout, options: [.internal])
        try await channel.declareQueue(queue, options: [.exclusive, .autoDelete])
        try await channel.bindQueue(queue, to: back, bindingKey: "")
        try await channel.bindExchange(back, to: front, routingKey: "orders.*")
        try await channel.enableConfirms()
        try await channel.publish(Array("1".utf8), exchange: front, routingKey: "orders.new")
        try await channel.publish(Array("2".utf8), exchange: front, routingKey: "users.new")
        #expect(try await channel.declareQueuePassive(queue).messageCount == 1)
        try await channel.unbindExchange(back, from: front, routingKey: "orders.*")
        try await channel.publish(Array("3".utf8), exchange: front, routingKey: "orders.new")
        #expect(try await channel.declareQueuePassive(queue).messageCount == 1)
        // Publishing to an internal exchange is refused by the broker: 403 closes the channel.
        let error = await #expect(throws: AMQPError.self) {
            try await channel.publish(Array("4".utf8), exchange: back, routingKey: "")
        }
        #expect(error?.replyCode == 403)
        #expect(error?.scope == .channel)
        let cleanup = try await connection.openChannel()
        try await cleanup.deleteExchange(front)
        try await cleanup.deleteExchange(back)
        await connection.close()
    }

    @Test("a stream queue is read from the first offset with x-stream-offset")
    func streamOffset() async throws {
        let connection = try await TestBroker.connect()
        let channel = try await connection.openChannel()
        let stream = TestBroker.uniqueName("stream")
        try await channel.declareQueue(stream, options: [.durable], arguments: AMQPQueueArguments(queueType: .stream))
        try await channel.enableConfirms()
        for index in 0..<5 {
            try await channel.publish(Array("event \(index)".utf8), exchange: "", routingKey: stream)
        }
        let reader = try await connection.openChannel()
        let consumer = try await reader.consume(queue: stream, prefetch: 10, arguments: ["x-stream-offset": "first"])
        var bodies: [String] = []
        for try await delivery in consumer {
            bodies.append(delivery.bodyText)
            try await delivery.ack()
            if bodies.count == 5 { break }
        }
        #expect(bodies == (0..<5).map { "event \($0)" })
        try await consumer.cancel()
        try await channel.deleteQueue(stream)
        await connection.close()
    }

    @Test("nack with requeue redelivers with the redelivered flag; reject without requeue drops; multiple ack")
    func settling() async throws {
        let connection = try await TestBroker.connect()
        let channel = try await connection.openChannel()
        let queue = TestBroker.uniqueName("settle")
        try await channel.declareQueue(queue, options: [.exclusive, .autoDelete])
        try await channel.enableConfirms()
        for index in 0..<4 { try await channel.publish(Array("\(index)".utf8), exchange: "", routingKey: queue) }
        let first = try #require(try await channel.get(queue: queue))
        #expect(first.bodyText == "0" && !first.isRedelivered)
        #expect(first.messageCount == 3)
        try await first.nack(requeue: true)
        let again = try #require(try await channel.get(queue: queue))
        #expect(again.bodyText == "0" && again.isRedelivered)
        try await again.reject(requeue: false)
        let second = try #require(try await channel.get(queue: queue))
        let third = try #require(try await channel.get(queue: queue))
        try await third.ack(multiple: true)
        #expect(second.bodyText == "1" && third.bodyText == "2")
        #expect(try await channel.declareQueuePassive(queue).messageCount == 1)
        await connection.close()
    }

    @Test("the connection name is shown by the broker's management API")
    func connectionName() async throws {
        let name = TestBroker.uniqueName("named-connection")
        var configuration = try TestBroker.configuration()
        configuration.connectionName = name
        let connection = try await AMQPConnection.connect(configuration)
        var found = false
        // The management API refreshes its connection list every few seconds.
        for _ in 0..<40 where !found {
            let (status, body) = try await ManagementAPI.request("GET", "/api/connections?columns=client_properties")
            #expect(status == 200)
            found = body.contains("\"connection_name\":\"\(name)\"")
            if !found { try await Task.sleep(for: .milliseconds(250)) }
        }
        #expect(found)
        await connection.close()
    }

    @Test("cancelling the task that iterates a consumer cancels it; its unsettled deliveries return to the queue")
    func cancellation() async throws {
        let connection = try await TestBroker.connect()
        let channel = try await connection.openChannel()
        let queue = TestBroker.uniqueName("cancel")
        // Not auto-delete: that would delete the queue when its consumer is cancelled.
        try await channel.declareQueue(queue, options: [.exclusive])
        try await channel.enableConfirms()
        for index in 0..<3 { try await channel.publish(Array("\(index)".utf8), exchange: "", routingKey: queue) }
        let consumerChannel = try await connection.openChannel()
        let consumer = try await consumerChannel.consume(queue: queue, prefetch: 1)
        let reader = Task {
            var seen = 0
            for try await _ in consumer { seen += 1 }
            return seen
        }
        try await Task.sleep(for: .milliseconds(300))
        reader.cancel()
        _ = try? await reader.value
        try await consumerChannel.close()
        // The broker requeues a closed channel's unacked deliveries asynchronously.
        var ready: UInt32 = 0
        for _ in 0..<40 {
            ready = try await channel.declareQueuePassive(queue).messageCount
            if ready == 3 { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(ready == 3)
        await connection.close()
    }
}
