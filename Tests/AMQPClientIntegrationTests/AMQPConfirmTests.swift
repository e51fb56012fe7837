import AMQPClient
import WarrenTestSupport
import Foundation
import Testing

@Suite("Publisher confirms")
struct AMQPConfirmTests {
    @Test("10,000 persistent messages published with confirms and consumed with manual acks: all arrive, none twice")
    func tenThousandMessages() async throws {
        let count = 10_000
        let connection = try await TestBroker.connect()
        let publisher = try await connection.openChannel()
        let queue = TestBroker.uniqueName("tenthousand")
        try await publisher.declareQueue(queue, options: [.durable])
        try await publisher.enableConfirms(window: 500)
        var confirmations: [AMQPPublishConfirmation] = []
        for index in 0..<count {
            confirmations.append(
                try await publisher.startPublish(
                    Array("message \(index)".utf8), exchange: "", routingKey: queue,
                    properties: .init(deliveryMode: .persistent, messageID: "\(index)")))
        }
        for confirmation in confirmations { try await confirmation.wait() }

        let consumerConnection = try await TestBroker.connect(name: "consumer")
        let consumerChannel = try await consumerConnection.openChannel()
        let consumer = try await consumerChannel.consume(queue: queue, prefetch: 200)
        var seen = Set<Int>()
        var duplicates = 0
        for try await delivery in consumer {
            let index = try #require(Int(delivery.properties.messageID ?? ""))
            #expect(delivery.bodyText == "message \(index)")
            if !seen.insert(index).inserted { duplicates += 1 }
            try await delivery.ack()
            if seen.count == count { break }
        }
        #expect(seen.count == count)
        #expect(duplicates == 0)
        try await consumer.cancel()
        let remaining = try await publisher.deleteQueue(queue)
        #expect(remaining == 0)
        await consumerConnection.close()
        await connection.close()
    }

    @Test("a full queue with reject-publish nacks the next message, and publish throws .nacked")
    func brokerNack() async throws {
        let connection = try await TestBroker.connect()
        let channel = try await connection.openChannel()
        let queue = TestBroker.uniqueName("full")
        try await channel.declareQueue(
            queue, options: [.exclusive, .autoDelete],
            arguments: AMQPQueueArguments(maxLength: 2, overflow: .rejectPublish))
        try await channel.enableConfirms()
        try await channel.publish(Array("1".utf8), exchange: "", routingKey: queue)
        try await channel.publish(Array("2".utf8), exchange: "", routingKey: queue)
        let error = await #expect(throws: AMQPError.self) {
            try await channel.publish(Array("3".utf8), exchange: "", routingKey: queue)
        }
        #expect(error?.code == .nacked)
        #expect(error?.recovery == .retry)
        #expect(error?.description.contains("basic.nack") == true)
        // A nack closes nothing: the channel goes on.
        #expect(try await channel.purgeQueue(queue) == 2)
        try await channel.publish(Array("4".utf8), exchange: "", routingKey: queue)
        await connection.close()
    }

    @Test("a mandatory publish that no binding routes throws .unroutable; the channel stays open")
    func mandatoryUnroutable() async throws {
        let connection = try await TestBroker.connect()
        let channel = try await connection.openChannel()
        let exchange = TestBroker.uniqueName("noroute")
        try await channel.declareExchange(exchange, type: .topic, options: [.autoDelete])
        try await channel.enableConfirms()
        let error = await #expect(throws: AMQPError.self) {
            try await channel.publish(
                Array("lost?".utf8), exchange: exchange, routingKey: "no.binding", mandatory: true)
        }
        #expect(error?.code == .unroutable)
        #expect(error?.replyCode == 312)
        #expect(error?.description.contains("unroutable") == true || error?.description.contains("NO_ROUTE") == true)
        // Routable mandatory publishes on the same channel still succeed.
        let queue = TestBroker.uniqueName("routed")
        try await channel.declareQueue(queue, options: [.exclusive, .autoDelete])
        try await channel.bindQueue(queue, to: exchange, bindingKey: "yes.#")
        try await channel.publish(Array("kept".utf8), exchange: exchange, routingKey: "yes.please", mandatory: true)
        #expect(try await channel.declareQueuePassive(queue).messageCount == 1)
        try await channel.deleteExchange(exchange)
        await connection.close()
    }
}
