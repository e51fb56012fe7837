import AMQPClient
import EventPatterns
import Foundation
import Testing
import WarrenBus
import WarrenTestSupport

extension FaultTests {
    /// Anything can be put straight into a target queue. What is not an event goes to the dead-letter queue with the
    /// reason, and the consumer carries on with the rest.
    @Suite("Malformed messages")
    struct MalformedMessageTests {
        /// Kinds of broken message, each with the reason it must be dead-lettered with.
        static let kinds: [(name: String, body: [UInt8], reason: String)] = {
            let valid = EventEnvelope(
                id: "00000000-0000-0000-0000-000000000000", detailType: "fault", source: "fault.malformed",
                account: "000000000000", time: "2024-01-01T00:00:00Z", region: "us-east-1", detail: .object(JSONObject())
            ).serialized()
            func text(_ string: String) -> [UInt8] { Array(string.utf8) }
            return [
                ("empty", [], "the message is not JSON"),
                ("text", text("not json at all"), "the message is not JSON"),
                ("array", text("[1,2,3]"), "the message is not a JSON object"),
                ("null", text("null"), "the message is not a JSON object"),
                ("no id", text(#"{"version":"0"}"#), "the event has no 'id' field"),
                ("detail not an object", text(valid.replacingOccurrences(of: #""detail":{}"#, with: #""detail":"x""#)),
                 "the event's 'detail' field is not an object"),
                ("resources not an array",
                 text(valid.replacingOccurrences(of: #""resources":[]"#, with: #""resources":"x""#)),
                 "the event's 'resources' field is not an array"),
                ("invalid UTF-8", [0x7B, 0x22, 0xC3, 0x28, 0xFF, 0x22, 0x3A, 0x31, 0x7D], "the message is not JSON"),
                ("truncated", text(String(valid.prefix(valid.count / 2))), "the message is not JSON"),
                ("nested 2,000 deep", text(String(repeating: "[", count: 2000) + String(repeating: "]", count: 2000)),
                 "the message is not JSON"),
            ]
        }()

        @Test("1,000 malformed messages between good ones: all dead-lettered with a reason, all good ones handled")
        func malformedBetweenGood() async throws {
            let bus = FaultSupport.bus()
            let rules = [try bus.rule("r", #"{"source":["fault.malformed"]}"#)]
            try await bus.apply(rules)
            let topology = bus.topology(rules)
            let target = topology.targets[0]
            let handled = Received()
            let consumer = bus.consumer(target, of: topology) { handled.append($0) }
            let running = Task { try await consumer.run() }

            // Straight into the target queue, in one channel so that the order holds: a good event after every
            // fourth malformed message.
            let malformedCount = 1_000
            let channel = try await bus.channel()
            try await channel.enableConfirms(window: 500)
            var confirmations: [AMQPPublishConfirmation] = []
            var goodIDs: [String] = []
            for index in 0..<malformedCount {
                let kind = Self.kinds[index % Self.kinds.count]
                confirmations.append(
                    try await channel.startPublish(
                        kind.body, exchange: "", routingKey: target.queue,
                        properties: AMQPProperties(messageID: "malformed-\(index % Self.kinds.count)-\(index)")))
                if index % 4 == 3 {
                    // As PutEvents would make it, with its headers: a raw publish would be refused.
                    let event = try bus.prepared(source: "fault.malformed", detailType: "fault", detail: #"{"n":\#(index)}"#)
                    goodIDs.append(event.envelope.id)
                    confirmations.append(
                        try await channel.startPublish(
                            event.body, exchange: "", routingKey: target.queue, properties: event.messageProperties))
                }
            }
            for confirmation in confirmations { try await confirmation.wait() }
            try await handled.wait(timeout: .seconds(60)) { $0.count == goodIDs.count }
            try await FaultSupport.waitUntil("1,000 dead letters", timeout: .seconds(60)) {
                try await FaultSupport.messageCount(target.deadLetterQueue, bus: bus) == UInt32(malformedCount)
            }
            // The consumer still runs and still handles events.
            #expect(!running.isCancelled)
            let last = try await bus.publisher().putEvents([bus.entry(source: "fault.malformed", detail: #"{"last":true}"#)])
            let lastID = try #require(last.entries[0].eventID)
            try await handled.wait { $0.contains { $0.envelope.id == lastID } }

            let deadLetters = try await FaultSupport.drain(target.deadLetterQueue, bus: bus)
            var reasonsByKind: [Int: Set<String>] = [:]
            for deadLetter in deadLetters {
                let headers = deadLetter.properties.headers ?? [:]
                #expect(headers["ERROR_CODE"] == .string("MALFORMED_EVENT"))
                #expect(headers["RULE_ARN"] == .string(target.ruleARN))
                #expect(headers["TARGET_ARN"] == .string(target.targetARN))
                let kind = deadLetter.properties.messageID.flatMap { Int($0.split(separator: "-")[1]) } ?? -1
                reasonsByKind[kind, default: []].insert(headers["ERROR_MESSAGE"]?.stringValue ?? "")
            }
            for (index, kind) in Self.kinds.enumerated() {
                let reasons = reasonsByKind[index] ?? []
                #expect(
                    !reasons.isEmpty && reasons.allSatisfy { $0.hasPrefix("the message is not a valid event: \(kind.reason)") },
                    "\(kind.name): \(reasons)")
            }
            let counters = consumer.counters.snapshot
            print("fault 4, malformed messages: dead-lettered \(deadLetters.count), handled \(handled.count); \(counters)")
            #expect(deadLetters.count == malformedCount)
            #expect(Set(handled.events.map(\.envelope.id)) == Set(goodIDs + [lastID]))
            #expect(handled.count == goodIDs.count + 1)
            #expect(counters.malformed == malformedCount && counters.deadLettered == malformedCount)
            #expect(counters.received == malformedCount + goodIDs.count + 1)
            consumer.stop()
            try await running.value
            await bus.cleanUp(rules)
        }
    }
}
