import Foundation
import Testing
import WarrenBus
import WarrenTestSupport

extension FaultTests {
    /// A consumer process killed with SIGKILL cannot settle anything: what it had received and not acked goes back
    /// to the queue, to a competing consumer or to the next one started.
    @Suite("Consumer killed with SIGKILL")
    struct ConsumerKillTests {
        @Test("a consumer SIGKILLed mid-stream, a competitor and a new one take over: nothing confirmed is lost")
        func killedMidStream() async throws {
            let bus = FaultSupport.bus()
            let rules = [try bus.rule("all", #"{"source":["fault.kill"]}"#)]
            try await bus.apply(rules)
            let rulesFile = try RulesFileWriter.write(rules)
            func startConsumer() throws -> ExecutableProcess {
                try ExecutableProcess(
                    "warren", ["consume", "--rules", rulesFile, "--rule", "all", "--skip-apply", "--prefetch", "50"],
                    environment: FaultSupport.environment)
            }
            let victim = try startConsumer()
            let competitor = try startConsumer()
            for consumer in [victim, competitor] {
                try await consumer.waitForOutput("subscription") { _, errors in errors.contains("consuming") }
            }

            // A steady stream, so that the victim dies with deliveries in hand.
            let total = 4_000
            let producer = EventLoadProducer(publisher: bus.publisher()) { n in
                FaultSupport.entry(n, bus: bus, source: "fault.kill")
            }
            async let production: Void = producer.put(0..<total, concurrency: 4, rate: 800)
            try await victim.waitForOutput(timeout: .seconds(60), "500 events") { _, _ in
                victim.outputLines.count >= 500
            }
            victim.signal(SIGKILL)
            try await victim.wait(timeout: .seconds(10))
            #expect(victim.termination.bySignal && victim.termination.status == SIGKILL)
            let successor = try startConsumer()
            await production

            let expected = Set(await producer.confirmedIDs.values)
            let consumers = [victim, competitor, successor]
            var delivered: [String] = []
            try await FaultSupport.waitUntil("every confirmed event delivered", timeout: .seconds(60), interval: .seconds(1)) {
                delivered = consumers.flatMap { PrintedEvent.parse($0.outputLines).map(\.id) }
                return expected.isSubset(of: delivered)
            }
            for consumer in [competitor, successor] { consumer.signal(SIGTERM) }
            for consumer in [competitor, successor] { #expect(try await consumer.wait(timeout: .seconds(30)) == 0) }
            delivered = consumers.flatMap { PrintedEvent.parse($0.outputLines).map(\.id) }

            let report = DeliveryReport(
                published: await producer.entriesSent, confirmed: expected.count, expected: ["all": expected],
                deliveries: ["all": delivered])
            let counts = consumers.map { PrintedEvent.parse($0.outputLines).count }
            print("fault 2, consumer SIGKILLed mid-stream: \(report); printed by victim/competitor/successor: \(counts)")
            #expect(expected.count == total)
            #expect(report.lost == 0, "\(report)")
            #expect(counts[0] < total, "the victim was killed after the stream ended")
            #expect(counts[1] > 0 && counts[2] > 0, "\(counts)")
            await bus.cleanUp(rules)
        }
    }
}
