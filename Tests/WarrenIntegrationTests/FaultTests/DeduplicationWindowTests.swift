import AMQPClient
import Foundation
import Testing
import WarrenBus
import WarrenTestSupport

extension FaultTests {
    /// The optional de-duplication window skips an event whose id the consumer handled recently, and only then:
    /// it holds the last N ids handled, and an event that failed is not remembered.
    @Suite("De-duplication window")
    struct DeduplicationWindowTests {
        @Test("copies of a handled event are skipped; after N other events, or after a failure, it is handled again")
        func window() async throws {
            let bus = FaultSupport.bus()
            let rules = [
                try bus.rule(
                    "dedup", #"{"source":["fault.dedup"]}"#,
                    maximumRetryAttempts: 1)
            ]
            try await bus.apply(rules)
            let topology = bus.topology(rules)
            let target = topology.targets[0]
            let handled = Received()
            let attempts = Received()
            let consumer = bus.consumer(
                target, of: topology,
                options: TargetConsumerOptions(deduplicator: EventDeduplicator(capacity: 5), statisticsInterval: nil)
            ) { event in
                attempts.append(event)
                if case .object(let detail) = event.envelope.detail, detail["fail"] != nil, event.retryAttempt == 0 {
                    throw TargetFailure(code: "FLAKY", message: "first attempt fails")
                }
                handled.append(event)
            }
            // Copies of one event, as a re-sent PutEvents entry or a redelivery would arrive: straight to the queue.
            let channel = try await bus.channel()
            try await channel.enableConfirms()
            func put(_ id: String, _ detail: String = "{}") async throws {
                let event = try bus.prepared(source: "fault.dedup", detail: detail, id: id)
                try await channel.publish(
                    event.body, exchange: "", routingKey: target.queue, properties: event.messageProperties)
            }
            try await withConsumer(consumer) {
                for _ in 0..<3 { try await put("x") }
                try await FaultSupport.waitUntil("the copies") { consumer.counters.snapshot.received == 3 }
                #expect(handled.events.map(\.envelope.id) == ["x"])
                #expect(consumer.counters.snapshot.duplicates == 2)

                // Five other events push "x" out of the five-id window: it is handled again.
                for index in 1...5 { try await put("other-\(index)") }
                try await handled.wait { $0.count == 6 }
                try await put("x")
                try await handled.wait { $0.count == 7 }
                #expect(handled.events.last?.envelope.id == "x")

                // A failed attempt is not remembered: its retry is handled, then a copy is skipped.
                try await put("f", #"{"fail":true}"#)
                try await handled.wait(timeout: .seconds(10)) { $0.count == 8 }
                try await put("f", #"{"fail":true}"#)
                try await FaultSupport.waitUntil("the last copy") { consumer.counters.snapshot.duplicates == 3 }
            }
            let counters = consumer.counters.snapshot
            print("de-duplication window: \(counters)")
            #expect(handled.events.map(\.envelope.id) == ["x"] + (1...5).map { "other-\($0)" } + ["x", "f"])
            #expect(attempts.events.filter { $0.envelope.id == "f" }.map(\.retryAttempt) == [0, 1])
            #expect(counters.handled == 8 && counters.duplicates == 3 && counters.retried == 1)
            await bus.cleanUp(rules)
        }
    }
}
