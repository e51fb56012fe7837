import AMQPClient
import Foundation
import Testing
import WarrenBus
import WarrenTestSupport

extension FaultTests {
    /// The queue a settling copy goes to may be gone (deleted by hand, by a script). The copy must then fail (it is
    /// published mandatory) rather than be confirmed and dropped by the broker; the consumer resumes, declares its
    /// topology again and settles the event there.
    @Suite("Dead-letter queue deleted")
    struct MissingDeadLetterQueueTests {
        @Test("a message dead-lettered after its dead-letter queue was deleted is not dropped: the queue comes back")
        func deletedDeadLetterQueue() async throws {
            let bus = FaultSupport.bus()
            let rules = [try bus.rule("r", #"{"source":["fault.dlq"]}"#)]
            try await bus.apply(rules)
            let topology = bus.topology(rules)
            let target = topology.targets[0]
            let handled = Received()
            let consumer = bus.consumer(target, of: topology) { handled.append($0) }
            try await withConsumer(consumer) {
                // The consumer runs (its topology is declared) when it has handled an event.
                _ = try await bus.publisher().putEvents([bus.entry(source: "fault.dlq", detail: "{}")])
                try await handled.wait { $0.count == 1 }
                let channel = try await bus.channel()
                try await channel.deleteQueue(target.deadLetterQueue)
                try await channel.enableConfirms()
                try await channel.publish(
                    Array("not an event".utf8), exchange: "", routingKey: target.queue,
                    properties: AMQPProperties(messageID: "the-malformed-one"))
                try await FaultSupport.waitUntil("the dead letter", timeout: .seconds(20)) {
                    (try? await FaultSupport.messageCount(target.deadLetterQueue, bus: bus)) == 1
                }
            }
            let deadLetters = try await FaultSupport.drain(target.deadLetterQueue, bus: bus)
            #expect(deadLetters.map(\.properties.messageID) == ["the-malformed-one"])
            #expect(deadLetters.first?.properties.headers?["ERROR_CODE"] == .string("MALFORMED_EVENT"))
            #expect(consumer.counters.snapshot.reconnects >= 1, "the consumer resumed to declare its queues again")
            await bus.cleanUp(rules)
        }
    }
}
