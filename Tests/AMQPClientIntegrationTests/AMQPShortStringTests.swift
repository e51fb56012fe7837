import AMQPClient
import Testing
import WarrenTestSupport

/// Every AMQP short string (names, keys, tags, table keys, properties) over 255 bytes is refused before anything is
/// sent: librabbitmq's encoder would fail (or write a corrupt frame) and that closes the whole connection.
@Suite("Short strings over 255 bytes", .timeLimit(.minutes(2)))
struct AMQPShortStringTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var operation: String
        /// How the error names the argument.
        var argument: String
        /// Calls the method with `long` in place of the argument.
        var call: @Sendable (_ channel: AMQPChannel, _ long: String) async throws -> Void

        var testDescription: String { "\(operation): \(argument)" }
    }

    static let cases: [Case] = [
        Case(operation: "exchange.declare", argument: "exchange name") { channel, long in
            try await channel.declareExchange(long, type: .topic)
        },
        Case(operation: "exchange.declare", argument: "exchange type") { channel, long in
            try await channel.declareExchange("x", type: AMQPExchangeType(long))
        },
        Case(operation: "exchange.declare", argument: "argument name") { channel, long in
            try await channel.declareExchange("x", type: .topic, arguments: [long: true])
        },
        Case(operation: "exchange.declare", argument: "exchange name") { channel, long in
            try await channel.declareExchangePassive(long)
        },
        Case(operation: "exchange.delete", argument: "exchange name") { channel, long in
            try await channel.deleteExchange(long)
        },
        Case(operation: "exchange.bind", argument: "destination exchange name") { channel, long in
            try await channel.bindExchange(long, to: "amq.topic", routingKey: "k")
        },
        Case(operation: "exchange.bind", argument: "source exchange name") { channel, long in
            try await channel.bindExchange("amq.topic", to: long, routingKey: "k")
        },
        Case(operation: "exchange.bind", argument: "routing key") { channel, long in
            try await channel.bindExchange("amq.direct", to: "amq.topic", routingKey: long)
        },
        Case(operation: "exchange.bind", argument: "argument name") { channel, long in
            try await channel.bindExchange("amq.direct", to: "amq.topic", routingKey: "k", arguments: [long: 1])
        },
        Case(operation: "exchange.unbind", argument: "destination exchange name") { channel, long in
            try await channel.unbindExchange(long, from: "amq.topic", routingKey: "k")
        },
        Case(operation: "exchange.unbind", argument: "source exchange name") { channel, long in
            try await channel.unbindExchange("amq.topic", from: long, routingKey: "k")
        },
        Case(operation: "exchange.unbind", argument: "routing key") { channel, long in
            try await channel.unbindExchange("amq.direct", from: "amq.topic", routingKey: long)
        },
        Case(operation: "queue.declare", argument: "queue name") { channel, long in
            try await channel.declareQueue(long)
        },
        Case(operation: "queue.declare", argument: "argument name") { channel, long in
            try await channel.declareQueue("q", arguments: AMQPQueueArguments(extra: [long: 1]))
        },
        Case(operation: "queue.declare", argument: "queue name") { channel, long in
            try await channel.declareQueuePassive(long)
        },
        Case(operation: "queue.bind", argument: "queue name") { channel, long in
            try await channel.bindQueue(long, to: "amq.topic", bindingKey: "k")
        },
        Case(operation: "queue.bind", argument: "exchange name") { channel, long in
            try await channel.bindQueue("q", to: long, bindingKey: "k")
        },
        Case(operation: "queue.bind", argument: "binding key") { channel, long in
            try await channel.bindQueue("q", to: "amq.topic", bindingKey: long)
        },
        Case(operation: "queue.bind", argument: "argument name") { channel, long in
            try await channel.bindQueue("q", to: "amq.headers", bindingKey: "", arguments: ["nested": .table([long: 1])])
        },
        Case(operation: "queue.unbind", argument: "queue name") { channel, long in
            try await channel.unbindQueue(long, from: "amq.topic", bindingKey: "k")
        },
        Case(operation: "queue.unbind", argument: "exchange name") { channel, long in
            try await channel.unbindQueue("q", from: long, bindingKey: "k")
        },
        Case(operation: "queue.unbind", argument: "binding key") { channel, long in
            try await channel.unbindQueue("q", from: "amq.topic", bindingKey: long)
        },
        Case(operation: "queue.purge", argument: "queue name") { channel, long in
            try await channel.purgeQueue(long)
        },
        Case(operation: "queue.delete", argument: "queue name") { channel, long in
            try await channel.deleteQueue(long)
        },
        Case(operation: "basic.publish", argument: "exchange name") { channel, long in
            try await channel.publish([1], exchange: long, routingKey: "k")
        },
        Case(operation: "basic.publish", argument: "routing key") { channel, long in
            try await channel.publish([1], exchange: "", routingKey: long)
        },
        Case(operation: "basic.publish", argument: "message id") { channel, long in
            try await channel.publish([1], exchange: "", routingKey: "k", properties: AMQPProperties(messageID: long))
        },
        Case(operation: "basic.publish", argument: "content type") { channel, long in
            try await channel.publish([1], exchange: "", routingKey: "k", properties: AMQPProperties(contentType: long))
        },
        Case(operation: "basic.publish", argument: "header name") { channel, long in
            try await channel.publish(
                [1], exchange: "", routingKey: "k",
                properties: AMQPProperties(headers: ["list": .array([.table([long: "v"])])]))
        },
        Case(operation: "basic.consume", argument: "queue name") { channel, long in
            _ = try await channel.consume(queue: long)
        },
        Case(operation: "basic.consume", argument: "consumer tag") { channel, long in
            _ = try await channel.consume(queue: "q", consumerTag: long)
        },
        Case(operation: "basic.consume", argument: "argument name") { channel, long in
            _ = try await channel.consume(queue: "q", arguments: [long: "first"])
        },
        Case(operation: "basic.cancel", argument: "consumer tag") { channel, long in
            try await channel.cancel(consumerTag: long)
        },
        Case(operation: "basic.get", argument: "queue name") { channel, long in
            _ = try await channel.get(queue: long)
        },
    ]

    @Test("the method throws .invalidArgument naming the argument; the channel and connection go on", arguments: cases)
    func refused(_ testCase: Case) async throws {
        let connection = try await TestBroker.connect()
        let channel = try await connection.openChannel()
        let long = String(repeating: "é", count: 128)  // 256 bytes of UTF-8, 128 characters
        let error = await #expect(throws: AMQPError.self) { try await testCase.call(channel, long) }
        #expect(error?.code == .invalidArgument)
        #expect(error?.scope == .operation)
        #expect(
            error?.description
                == "\(testCase.operation) failed: the \(testCase.argument) is 256 bytes long; AMQP allows at most 255")
        // Nothing reached the broker: the same channel still works, and so does the connection.
        #expect(channel.isOpen)
        #expect(connection.isOpen)
        let queue = try await channel.declareQueue("", options: [.exclusive, .autoDelete])
        try await channel.publish(Array("after".utf8), exchange: "", routingKey: queue.name)
        let delivery = try await channel.get(queue: queue.name, acknowledgement: .automatic)
        #expect(delivery?.bodyText == "after")
        await connection.close()
    }

    @Test("255 bytes is still accepted")
    func longestAccepted() async throws {
        let connection = try await TestBroker.connect()
        let channel = try await connection.openChannel()
        let name = TestBroker.uniqueName("x") + String(repeating: "q", count: 255 - TestBroker.uniqueName("x").utf8.count)
        #expect(name.utf8.count == 255)
        let declared = try await channel.declareQueue(name, options: [.exclusive, .autoDelete])
        #expect(declared.name == name)
        try await channel.bindQueue(name, to: "amq.topic", bindingKey: String(repeating: "k", count: 255))
        try await channel.deleteQueue(name)
        await connection.close()
    }
}
