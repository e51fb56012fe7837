import AMQPClient
import Foundation
import Testing
import WarrenBus
import WarrenTestSupport

extension FaultTests {
    /// A message that crashes its consumer process every time must not stop the target for good: after the
    /// target's `maximumDeliveries` it is dead-lettered with the reason, and the events around it are handled.
    @Suite("Poison messages")
    struct PoisonMessageTests {
        @Test("an event that aborts its consumer is dead-lettered after the delivery limit; the others are handled")
        func poisonMessageDeadLettered() async throws {
            let bus = FaultSupport.bus()
            let limit = 3
            let rules = [
                try bus.rule(
                    "poison", #"{"source":["fault.poison"]}"#, targets: [RuleTarget(id: "t", maximumDeliveries: limit)])
            ]
            try await bus.apply(rules)
            let target = bus.topology(rules).targets[0]
            let rulesFile = try RulesFileWriter.write(rules)

            // 40 good events with the poison in the middle, put in order.
            let poisonNumber = 10
            let publisher = bus.publisher()
            var ids: [Int: String] = [:]
            for batch in stride(from: 0, to: 41, by: 10) {
                let numbers = Array(batch..<min(batch + 10, 41))
                let result = try await publisher.putEvents(numbers.map { n in
                    FaultSupport.entry(
                        n, bus: bus, source: "fault.poison", extra: n == poisonNumber ? #","marker":"POISON-PILL""# : "")
                })
                for (n, entry) in zip(numbers, result.entries) {
                    let id = try #require(entry.eventID)
                    ids[n] = id
                }
            }
            let poisonID = try #require(ids[poisonNumber])
            let goodIDs = Set(ids.filter { $0.key != poisonNumber }.values)

            // A supervisor's job: start the consumer again each time it crashes.
            var crashes = 0
            var printed: [PrintedEvent] = []
            var lastLog = ""
            while true {
                let consumer = try ExecutableProcess(
                    "warren-fault-consumer",
                    ["--rules", rulesFile, "--rule", "poison", "--skip-apply", "--abort-on", "POISON-PILL",
                     "--idle-timeout", "3"],
                    environment: FaultSupport.environment)
                try await consumer.wait(timeout: .seconds(60))
                printed += PrintedEvent.parse(consumer.outputLines)
                lastLog = consumer.standardError
                guard consumer.termination.bySignal else { break }
                crashes += 1
                if crashes > limit + 2 { break }
            }
            let deadLetters = try await FaultSupport.drain(target.deadLetterQueue, bus: bus)
            let handled = Set(printed.map(\.id))
            print(
                "poison: crashes=\(crashes) handled=\(handled.count)/\(goodIDs.count) duplicates=\(printed.count - handled.count) dead_lettered=\(deadLetters.count)"
            )
            #expect(crashes == limit, "the consumer crashed \(crashes) times; the delivery limit is \(limit)")
            #expect(goodIDs.subtracting(handled).isEmpty, "\(goodIDs.subtracting(handled).count) good events never handled")
            #expect(handled.isSubset(of: goodIDs), "handled events that were not put: \(handled.subtracting(goodIDs))")
            #expect(deadLetters.count == 1)
            let deadLetter = try #require(deadLetters.first)
            #expect(try EventEnvelope(parsing: deadLetter.body).id == poisonID)
            let headers = deadLetter.properties.headers ?? [:]
            #expect(headers["ERROR_CODE"] == .string("POISON_MESSAGE"))
            #expect(headers["ERROR_MESSAGE"]?.stringValue?.hasPrefix("delivered \(limit) times without being settled") == true)
            #expect(headers["RULE_ARN"] == .string(target.ruleARN))
            #expect(headers["TARGET_ARN"] == .string(target.targetARN))
            #expect(lastLog.contains("event dead-lettered"), "\(lastLog)")
            #expect(lastLog.contains("consumer stopped"))
            await bus.cleanUp(rules)
        }
    }
}
