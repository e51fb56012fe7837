import Foundation
import Synchronization
import Testing
import WarrenBus
import WarrenTestSupport

extension FaultTests {
    /// A handler that never returns must not hold its event or its consumer: the per-event timeout counts as a
    /// failure (`TIMEOUT`) and goes through the retry policy like any other.
    @Suite("Hanging handlers")
    struct HandlerTimeoutTests {
        /// Lets the hanging handlers go at the end of a test. They wait without a thread and ignore cancellation, as
        /// a handler stuck on a call that never answers would.
        final class Gate: Sendable {
            private let state = Mutex<(open: Bool, waiting: [CheckedContinuation<Void, Never>])>((false, []))

            func release() {
                let waiting = state.withLock { state in
                    state.open = true
                    defer { state.waiting = [] }
                    return state.waiting
                }
                for continuation in waiting { continuation.resume() }
            }

            func hang() async {
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    let open = state.withLock { state in
                        if !state.open { state.waiting.append(continuation) }
                        return state.open
                    }
                    if open { continuation.resume() }
                }
            }
        }

        @Test("a handler that hangs on the first attempt: the timeout fails it, the retry after the delay succeeds")
        func hangThenRetry() async throws {
            let bus = FaultSupport.bus()
            let rules = [
                try bus.rule(
                    "hang", #"{"source":["fault.hang"]}"#,
                    maximumRetryAttempts: 2)
            ]
            try await bus.apply(rules)
            let topology = bus.topology(rules)
            let gate = Gate()
            let attempts = Received()
            let timeout = Duration.milliseconds(500)
            let consumer = bus.consumer(
                topology.targets[0], of: topology,
                options: TargetConsumerOptions(handlerTimeout: timeout, statisticsInterval: nil)
            ) { event in
                attempts.append(event)
                if event.retryAttempt == 0 { await gate.hang() }
            }
            let total = 6
            let result = try await bus.publisher().putEvents(
                (0..<total).map { bus.entry(source: "fault.hang", detail: #"{"n":\#($0)}"#) })
            #expect(result.failedEntryCount == 0)
            try await withConsumer(consumer) {
                try await attempts.wait(timeout: .seconds(30)) { $0.count == 2 * total }
                try await Task.sleep(for: .milliseconds(300))
            }
            gate.release()

            var delays: [Duration] = []
            for id in Set(attempts.events.map(\.envelope.id)) {
                let tries = zip(attempts.events, attempts.instants).filter { $0.0.envelope.id == id }
                #expect(tries.map(\.0.retryAttempt) == [0, 1])
                if tries.count == 2 { delays.append(tries[1].1 - tries[0].1) }
            }
            let counters = consumer.counters.snapshot
            print("fault 6, hanging handler: \(delays.count) events retried after \(delays.min()!)...\(delays.max()!); \(counters)")
            // The timeout, then retry 1's delay in [1 s, 2 s); but the consumer takes one event at a time, so a retry
            // that is back before the last first attempt has timed out waits for it. Plus slack for a busy machine.
            let latest = max(timeout + .seconds(2), timeout * total)
            for delay in delays { #expect(delay >= timeout + .seconds(1) && delay < latest + .seconds(1), "\(delay)") }
            #expect(counters.handled == total && counters.retried == total && counters.deadLettered == 0)
            await bus.cleanUp(rules)
        }

        @Test("a handler that always hangs, with no retries left: dead-lettered with TIMEOUT; the consumer goes on")
        func hangThenDeadLetter() async throws {
            let bus = FaultSupport.bus()
            let rules = [
                try bus.rule(
                    "hang", #"{"source":["fault.hang"]}"#,
                    maximumRetryAttempts: 0)
            ]
            try await bus.apply(rules)
            let topology = bus.topology(rules)
            let target = topology.targets[0]
            let gate = Gate()
            let handled = Received()
            let consumer = bus.consumer(
                target, of: topology,
                options: TargetConsumerOptions(handlerTimeout: .milliseconds(300), statisticsInterval: nil)
            ) { event in
                if case .object(let detail) = event.envelope.detail, detail["hang"] != nil { await gate.hang() }
                handled.append(event)
            }
            let result = try await bus.publisher().putEvents([
                bus.entry(source: "fault.hang", detail: #"{"hang":true}"#),
                bus.entry(source: "fault.hang", detail: #"{"n":1}"#),
            ])
            let hangingID = try #require(result.entries[0].eventID)
            let goodID = try #require(result.entries[1].eventID)
            try await withConsumer(consumer) {
                try await handled.wait { $0.count == 1 }
                try await FaultSupport.waitUntil("the dead letter") {
                    try await FaultSupport.messageCount(target.deadLetterQueue, bus: bus) == 1
                }
            }
            gate.release()
            #expect(handled.events.map(\.envelope.id) == [goodID])
            let deadLetter = try #require(try await FaultSupport.drain(target.deadLetterQueue, bus: bus).first)
            let headers = deadLetter.properties.headers ?? [:]
            #expect(try EventEnvelope(parsing: deadLetter.body).id == hangingID)
            #expect(headers["ERROR_CODE"] == .string("TIMEOUT"))
            #expect(headers["ERROR_MESSAGE"] == .string("the handler did not finish within 0.3 seconds"))
            #expect(headers["EXHAUSTED_RETRY_CONDITION"] == .string("MaximumRetryAttempts"))
            #expect(headers["RETRY_ATTEMPTS"] == .int64(0))
            await bus.cleanUp(rules)
        }
    }
}
