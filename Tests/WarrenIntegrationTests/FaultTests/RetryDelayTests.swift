import Foundation
import Testing
import WarrenBus
import WarrenTestSupport

extension FaultTests {
    /// Handler failures wait in the broker's delay queues: retry n of an event comes back after a delay in
    /// [2^(n-1) s, 2^n s), measured here from the attempt that failed to the next one.
    @Suite("Retry delays")
    struct RetryDelayTests {
        @Test("a handler that fails every first attempt: every event is handled on retry, after the policy's delays")
        func firstAttemptFails() async throws {
            let bus = FaultSupport.bus()
            let rules = [
                try bus.rule(
                    "flaky", #"{"source":["fault.retry"]}"#,
                    maximumRetryAttempts: 3)
            ]
            try await bus.apply(rules)
            let topology = bus.topology(rules)
            let attempts = Received()
            // Every first attempt fails; every tenth event also fails its first retry (to see the second level).
            let consumer = bus.consumer(topology.targets[0], of: topology) { event in
                attempts.append(event)
                let n = Self.number(of: event)
                if event.retryAttempt == 0 || (event.retryAttempt == 1 && n % 10 == 0) {
                    throw TargetFailure(code: "FLAKY", message: "attempt \(event.retryAttempt) of event \(n) fails")
                }
            }
            let total = 50
            let producer = EventLoadProducer(publisher: bus.publisher()) { n in
                FaultSupport.entry(n, bus: bus, source: "fault.retry")
            }
            await producer.put(0..<total, concurrency: 1)
            let twice = (0..<total).filter { $0 % 10 == 0 }.count
            try await withConsumer(consumer) {
                try await attempts.wait(timeout: .seconds(30)) { $0.count == 2 * total + twice }
                try await Task.sleep(for: .milliseconds(300))  // nothing more may come
            }

            // Group each event's attempts, in order.
            var byEvent: [String: [(attempt: Int, at: ContinuousClock.Instant)]] = [:]
            for (event, instant) in zip(attempts.events, attempts.instants) {
                byEvent[event.envelope.id, default: []].append((event.retryAttempt, instant))
            }
            let slack = Duration.seconds(1)  // publish, dead-letter and delivery on a busy machine
            var firstDelays: [Duration] = []
            var secondDelays: [Duration] = []
            for (id, tries) in byEvent {
                let tries = tries.sorted { $0.at < $1.at }
                let expectedAttempts = tries.count == 3 ? [0, 1, 2] : [0, 1]
                #expect(tries.map(\.attempt) == expectedAttempts, "event \(id): attempts \(tries.map(\.attempt))")
                guard tries.count >= 2 else { continue }
                firstDelays.append(tries[1].at - tries[0].at)
                if tries.count == 3 { secondDelays.append(tries[2].at - tries[1].at) }
            }
            print(
                "fault 3, first attempt fails: \(byEvent.count) events; retry 1 waited \(firstDelays.min()!)...\(firstDelays.max()!), retry 2 waited \(secondDelays.min()!)...\(secondDelays.max()!)"
            )
            #expect(byEvent.count == total)
            #expect(firstDelays.count == total && secondDelays.count == twice)
            for delay in firstDelays { #expect(delay >= .seconds(1) && delay < .seconds(2) + slack, "retry 1 after \(delay)") }
            for delay in secondDelays { #expect(delay >= .seconds(2) && delay < .seconds(4) + slack, "retry 2 after \(delay)") }
            let counters = consumer.counters.snapshot
            #expect(counters.handled == total)
            #expect(counters.retried == total + twice)
            #expect(counters.deadLettered == 0)
            #expect(try await FaultSupport.messageCount(topology.targets[0].deadLetterQueue, bus: bus) == 0)
            await bus.cleanUp(rules)
        }

        static func number(of event: ConsumedEvent) -> Int {
            guard case .object(let detail) = event.envelope.detail, case .number(let n)? = detail["n"] else { return -1 }
            return Int(n.doubleValue)
        }
    }
}
