import AMQPClient
import EventPatterns
import Foundation
import Testing
import WarrenBus
import WarrenTestSupport

/// Input, InputPath and InputTransformer on the real broker: the handler gets the shaped payload and still has the
/// event; what cannot be shaped is dead-lettered with the original event and the reason.
@Suite("Target input shaping on the broker")
struct TargetInputDeliveryTests {
    @Test("the handler receives the transformed payload; an unshapeable event goes to the DLQ with the original event")
    func transformedPayloads() async throws {
        let bus = TestBus()
        let transformer = InputTransformer(
            inputPathsMap: ["who": "$.detail.user", "items": "$.detail.items"],
            inputTemplate: #"{"user": <who>, "line": "bought by <who>", "rule": "<aws.events.rule-name>", "items": <items>}"#)
        let inside = InputTransformer(
            inputPathsMap: ["items": "$.detail.items"], inputTemplate: #"{"text": "items <items>"}"#)
        let rules = [
            try bus.rule("shaped", #"{"source":["shop"]}"#, targets: [RuleTarget(id: "t", input: .transformer(transformer))]),
            try bus.rule("path", #"{"source":["shop"]}"#, targets: [RuleTarget(id: "t", input: .path("$.detail.user"))]),
            try bus.rule("inside", #"{"source":["shop"]}"#, targets: [RuleTarget(id: "t", input: .transformer(inside))]),
        ]
        try await bus.apply(rules)
        let topology = bus.topology(rules)
        let received = Received()
        let consumers = topology.targets.map { target in
            bus.consumer(target, of: topology) { received.append($0) }
        }
        let result = try await bus.publisher().putEvents([
            bus.entry(source: "shop", detail: #"{"user":"ann","items":[1,2]}"#)
        ])
        #expect(result.failedEntryCount == 0)
        try await withConsumer(consumers[0]) {
            try await withConsumer(consumers[1]) {
                try await withConsumer(consumers[2]) {
                    try await received.wait { $0.count == 2 }
                    let target = try #require(topology.targets.first { $0.ruleName == "inside" })
                    try await waitForMessages(1, in: target.deadLetterQueue, bus: bus)
                }
            }
        }
        let shaped = try #require(received.events.first { $0.ruleName == "shaped" })
        #expect(
            try JSONValue(parsing: shaped.payload)
                == JSONValue(parsing: #"{"user":"ann","line":"bought by ann","rule":"shaped","items":[1,2]}"#))
        #expect(shaped.envelope.id == result.entries[0].eventID)  // the original event is still there
        #expect(try JSONValue(parsing: shaped.body).objectValue?["detail"] != nil)
        let path = try #require(received.events.first { $0.ruleName == "path" })
        #expect(String(decoding: path.payload, as: UTF8.self) == #""ann""#)

        let channel = try await bus.channel()
        let insideTarget = try #require(topology.targets.first { $0.ruleName == "inside" })
        let dead = try #require(try await channel.get(queue: insideTarget.deadLetterQueue))
        #expect(dead.properties.headers?["ERROR_CODE"] == .string("INVALID_TRANSFORMED_INPUT"))
        #expect(try EventEnvelope(parsing: dead.body).id == result.entries[0].eventID)
        try await dead.ack()
        await bus.cleanUp(rules)
    }
}
