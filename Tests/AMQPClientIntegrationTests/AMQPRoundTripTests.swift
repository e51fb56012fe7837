import AMQPClient
import WarrenTestSupport
import Foundation
import Testing

@Suite("Round trips through the broker")
struct AMQPRoundTripTests {
    @Test("every property and every header type arrives exactly as sent")
    func everyPropertyAndHeaderType() async throws {
        let connection = try await TestBroker.connect()
        let channel = try await connection.openChannel()
        let queue = TestBroker.uniqueName("roundtrip")
        try await channel.declareQueue(queue, options: [.exclusive, .autoDelete])
        let headers: AMQPTable = [
            "string": "héllo wörld",
            "bool-true": true,
            "bool-false": .boolean(false),
            "int8": .int8(-8),
            "uint8": .uint8(200),
            "int16": .int16(-30_000),
            "uint16": .uint16(60_000),
            "int32": .int32(-2_000_000_000),
            "uint32": .uint32(4_000_000_000),
            "int64": .int64(-9_000_000_000_000_000_000),
            "float": .float(3.25),
            "double": .double(-1.0e-300),
            "decimal": .decimal(scale: 2, value: 12345),
            "bytes": .bytes([0, 1, 2, 255]),
            "timestamp": .timestamp(Date(timeIntervalSince1970: 1_700_000_000)),
            "void": .void,
            "table": .table(["nested": .table(["deep": "yes", "n": .int32(7)]), "list": .array([1, "two"])]),
            "array": .array([.int32(1), "two", .boolean(true), .double(4.5), .array([.int64(5)]), .table(["k": "v"])]),
            "empty-table": .table([:]),
            "empty-array": .array([]),
        ]
        let properties = AMQPProperties(
            contentType: "application/json", contentEncoding: "identity", headers: headers, deliveryMode: .persistent,
            priority: 5, correlationID: "corr-1", replyTo: "reply.queue", expiration: "60000", messageID: "msg-1",
            timestamp: Date(timeIntervalSince1970: 1_700_000_123), type: "test.type", userID: "guest",
            appID: "warren-tests", clusterID: nil)
        let body = Array("{\"hello\":\"world\"}".utf8)
        try await channel.enableConfirms()
        try await channel.publish(body, exchange: "", routingKey: queue, properties: properties)

        let delivery = try #require(try await channel.get(queue: queue))
        #expect(delivery.body == body)
        #expect(delivery.routingKey == queue)
        #expect(delivery.exchange == "")
        #expect(delivery.isRedelivered == false)
        #expect(delivery.properties == properties)
        #expect(delivery.properties.headers == headers)
        try await delivery.ack()
        #expect(try await channel.get(queue: queue) == nil)
        await connection.close()
    }

    @Test("a 256 KiB body arrives intact through a consumer")
    func largeBody() async throws {
        let connection = try await TestBroker.connect()
        let channel = try await connection.openChannel()
        let queue = TestBroker.uniqueName("large")
        try await channel.declareQueue(queue, options: [.exclusive, .autoDelete])
        try await channel.enableConfirms()
        let body = (0..<(256 * 1024)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        try await channel.publish(body, exchange: "", routingKey: queue, properties: .init(deliveryMode: .persistent))
        let consumer = try await channel.consume(queue: queue, prefetch: 1)
        var iterator = consumer.makeAsyncIterator()
        let delivery = try #require(try await iterator.next())
        #expect(delivery.body.count == body.count)
        #expect(delivery.body == body)
        try await delivery.ack()
        try await consumer.cancel()
        await connection.close()
    }

    @Test("an idle connection survives more than two heartbeat intervals")
    func idleConnectionSurvivesHeartbeats() async throws {
        // A one-second heartbeat: the broker closes a connection that stays silent for two intervals.
        let connection = try await TestBroker.connect(heartbeat: .seconds(1))
        let channel = try await connection.openChannel()
        try await Task.sleep(for: .seconds(4))
        #expect(connection.isOpen)
        let queue = TestBroker.uniqueName("idle")
        let declared = try await channel.declareQueue(queue, options: [.exclusive, .autoDelete])
        #expect(declared.name == queue)
        await connection.close()
        #expect(try await connection.waitUntilClosed() == nil)
    }
}
