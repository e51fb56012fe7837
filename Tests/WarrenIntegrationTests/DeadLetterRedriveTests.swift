import AMQPClient
import EventPatterns
import Foundation
import Synchronization
import Testing
import WarrenBus
import WarrenTestSupport

/// Dead-letter queues on the real broker: events a handler refused are listed, shown without being removed, and
/// redriven (all, or by event id or error code) to handlers that then take them, with their whole retry policy
/// again; with the real `warren dlq` commands too, and a redrive SIGKILLed half-way through thousands of events.
@Suite("Dead-letter redrive on the broker")
struct DeadLetterRedriveTests {
    /// What the test's handler does: refuse events for a while, then take them.
    final class Handler: Sendable {
        private let healed = Atomic<Bool>(false)
        /// Event ids whose next attempt fails (retryable), once each.
        private let failOnce = Mutex<Set<String>>([])
        let received = Received()

        func heal(failingOnce ids: Set<String> = []) {
            failOnce.withLock { $0 = ids }
            healed.store(true, ordering: .relaxed)
        }

        /// Before healing: `kind: bad` is refused for good (TargetFailure, not retryable), `kind: flaky` fails
        /// retryably until its retries run out. After: handled, except one failed attempt for each id of
        /// `failingOnce`.
        func handle(_ event: ConsumedEvent) throws {
            if !healed.load(ordering: .relaxed) {
                if case .string("bad")? = event.envelope.detail.objectValue?["kind"] {
                    throw TargetFailure(code: "BAD_ORDER", message: "order refused", isRetryable: false)
                }
                throw HandlerError()
            }
            if failOnce.withLock({ $0.remove(event.envelope.id) != nil }) { throw HandlerError() }
            received.append(event)
        }
    }

    struct HandlerError: Error, CustomStringConvertible {
        var description: String { "the handler failed" }
    }

    /// A bus with rule `orders` for source `shop`, its target `t` retried under `policy`, applied.
    static func ordersBus(_ policy: RetryPolicy, _ prefix: String) async throws -> (TestBus, [Rule], BusTopology) {
        // Each refused event is logged as a warning: thousands of lines.
        let bus = TestBus(prefix, logLevel: .error)
        let rules = [
            try bus.rule("orders", #"{"source":["shop"]}"#, targets: [RuleTarget(id: "t", retryPolicy: policy)])
        ]
        try await bus.apply(rules)
        return (bus, rules, bus.topology(rules))
    }

    /// A bus with rule `orders` (one target `t`, one retry) whose handler refuses `bad` and `flaky` events until
    /// healed; `count` of each kind are put and dead-lettered. The consumer returned has not run yet.
    static func deadLettered(bad: Int, flaky: Int, _ prefix: String = #function) async throws
        -> (TestBus, [Rule], TargetTopology, Handler, consumer: TargetConsumer, bad: [String], flaky: [String])
    {
        let (bus, rules, topology) = try await ordersBus(
            RetryPolicy(maximumRetryAttempts: 1, maximumEventAgeInSeconds: 600), prefix)
        let target = topology.targets[0]
        let handler = Handler()
        let consumer = {
            bus.consumer(target, of: topology, options: TargetConsumerOptions(prefetch: 100, statisticsInterval: nil)) {
                try handler.handle($0)
            }
        }
        var ids: (bad: [String], flaky: [String]) = ([], [])
        for (kind, count) in [("bad", bad), ("flaky", flaky)] {
            for batch in stride(from: 0, to: count, by: 10) {
                let entries = (batch..<min(count, batch + 10)).map { index in
                    bus.entry(source: "shop", detail: #"{"kind": "\#(kind)", "n": \#(index)}"#)
                }
                let result = try await bus.publisher().putEvents(entries)
                #expect(result.failedEntryCount == 0)
                let eventIDs = result.entries.compactMap(\.eventID)
                if kind == "bad" { ids.bad += eventIDs } else { ids.flaky += eventIDs }
            }
        }
        try await withConsumer(consumer()) {
            try await waitForMessages(
                UInt32(bad + flaky), in: target.deadLetterQueue, bus: bus, timeout: .seconds(120))
        }
        return (bus, rules, target, handler, consumer(), ids.bad, ids.flaky)
    }

    @Test func listShowAndRedriveBySelectionThenAll() async throws {
        let (bus, rules, target, handler, consumer, bad, flaky) = try await Self.deadLettered(bad: 6, flaky: 3)
        let queues = DeadLetterQueues(connection: try await bus.broker.connection())

        // Listed from the rule registry.
        let targets = try await queues.targets(ofBus: bus.name)
        #expect(targets.map(\.deadLetterQueue) == [target.deadLetterQueue])
        #expect(try await queues.status(of: target.deadLetterQueue)?.messageCount == 9)

        // Shown with their headers, as often as wanted (more than RabbitMQ 4's default delivery limit of 20):
        // nothing is removed, so the dead-letter queue has no delivery limit.
        for _ in 0..<25 {
            let browse = try await queues.browse(target.deadLetterQueue)
            #expect(Set(browse.letters.compactMap(\.eventID)) == Set(bad + flaky))
            #expect(browse.reachedEnd && browse.scanned == 9)
        }
        let letters = try await queues.browse(target.deadLetterQueue).letters
        let refused = try #require(letters.first { $0.eventID == bad[0] })
        #expect(refused.errorCode == "BAD_ORDER")
        #expect(refused.errorMessage == "order refused")
        #expect(refused.exhaustedRetryCondition == nil)
        #expect(refused.retryAttempts == 0)
        #expect(refused.ruleARN == target.ruleARN)
        #expect(refused.targetARN == target.targetARN)
        let exhausted = try #require(letters.first { $0.eventID == flaky[0] })
        #expect(exhausted.errorCode == "HANDLER_ERROR")
        #expect(exhausted.exhaustedRetryCondition == "MaximumRetryAttempts")
        #expect(exhausted.retryAttempts == 1)
        #expect(try await queues.browse(target.deadLetterQueue, limit: 2).letters.count == 2)
        #expect(
            try await queues.browse(target.deadLetterQueue, selection: DeadLetterSelection(errorCodes: ["HANDLER_ERROR"]))
                .letters.compactMap(\.eventID).sorted() == flaky.sorted())
        try await waitForMessages(9, in: target.deadLetterQueue, bus: bus)

        // To a queue that does not exist: refused, nothing removed.
        let missing = try await queues.redrive(from: target.deadLetterQueue, to: "missing-\(bus.name)")
        #expect(missing.redriven == 0)
        #expect(missing.failure?.contains("does not exist") == true, "\(missing)")
        try await waitForMessages(9, in: target.deadLetterQueue, bus: bus)

        // To a target that still refuses them: each event is redriven once, those that come back while the redrive
        // runs wait for the next one, and the redrive ends.
        let failing = bus.consumer(target, of: bus.topology(rules)) { try handler.handle($0) }
        try await withConsumer(failing) {
            let again = try await queues.redrive(
                from: target.deadLetterQueue, to: target.queue, selection: DeadLetterSelection(errorCodes: ["BAD_ORDER"]))
            #expect(again.redriven == 6)
            #expect(again.reachedEnd)
            #expect(again.notSelected == 3)
            try await waitForMessages(9, in: target.deadLetterQueue, bus: bus)
            try await waitForMessages(0, in: target.queue, bus: bus)
        }

        // Each flaky event's first attempt after its redrive fails: it is retried (its retry count was reset; with
        // the old one it would go straight back to the dead-letter queue) and handled on the retry.
        handler.heal(failingOnce: Set(flaky))
        try await withConsumer(consumer) {
            let byID = try await queues.redrive(
                from: target.deadLetterQueue, to: target.queue,
                selection: DeadLetterSelection(eventIDs: [bad[0], bad[1]]))
            #expect(byID.redriven == 2)
            #expect(byID.notSelected == 7)
            #expect(byID.failure == nil)
            try await handler.received.wait { $0.count == 2 }
            #expect(Set(handler.received.events.map(\.envelope.id)) == [bad[0], bad[1]])
            #expect(handler.received.events.allSatisfy { $0.retryAttempt == 0 })

            let byCode = try await queues.redrive(
                from: target.deadLetterQueue, to: target.queue,
                selection: DeadLetterSelection(errorCodes: ["HANDLER_ERROR"]))
            #expect(byCode.redriven == 3)
            try await handler.received.wait { $0.count == 5 }
            let retried = handler.received.events.filter { flaky.contains($0.envelope.id) }
            #expect(retried.count == 3)
            #expect(retried.allSatisfy { $0.retryAttempt == 1 })
            try await waitForMessages(4, in: target.deadLetterQueue, bus: bus)

            let all = try await queues.redrive(from: target.deadLetterQueue, to: target.queue)
            #expect(all.redriven == 4)
            #expect(all.notSelected == 0)
            try await handler.received.wait { $0.count == 9 }
            try await waitForMessages(0, in: target.deadLetterQueue, bus: bus)
        }
        // Each event handled once.
        #expect(handler.received.events.map(\.envelope.id).sorted() == (bad + flaky).sorted())
        await bus.cleanUp(rules)
    }

    @Test func aRedrivenEventsAgeCountsFromItsRedrive() async throws {
        let (bus, rules, topology) = try await Self.ordersBus(
            RetryPolicy(maximumRetryAttempts: 3, maximumEventAgeInSeconds: 60), #function)
        let target = topology.targets[0]
        // Put on the bus an hour ago and dead-lettered since: its MaximumEventAgeInSeconds ran out long ago.
        var event = try bus.prepared(source: "shop", detail: #"{"kind": "old"}"#)
        event.ingestedAt = Date(timeIntervalSinceNow: -3600)
        var properties = event.messageProperties
        properties.headers?[RetryHeaders.errorCode] = .string("HANDLER_ERROR")
        properties.headers?[RetryHeaders.exhaustedRetryCondition] = .string("MaximumEventAgeInSeconds")
        let channel = try await bus.channel()
        try await channel.enableConfirms()
        try await channel.publish(
            event.body, exchange: "", routingKey: target.deadLetterQueue, properties: properties, mandatory: true)

        // Its first attempt after the redrive fails: it is retried, not dead-lettered again for its age.
        let handler = Handler()
        handler.heal(failingOnce: [event.envelope.id])
        try await withConsumer(bus.consumer(target, of: topology) { try handler.handle($0) }) {
            let report = try await DeadLetterQueues(connection: try await bus.broker.connection())
                .redrive(from: target.deadLetterQueue, to: target.queue)
            #expect(report.redriven == 1)
            try await handler.received.wait { $0.count == 1 }
        }
        #expect(handler.received.events.map(\.retryAttempt) == [1])
        try await waitForMessages(0, in: target.deadLetterQueue, bus: bus)
        await bus.cleanUp(rules)
    }

    @Test func theCommandsListShowAndRedrive() async throws {
        let (bus, rules, target, handler, consumer, bad, _) = try await Self.deadLettered(bad: 3, flaky: 0)
        let list = try await ExecutableProcess.run("warren", ["dlq", "list", "--bus", bus.name])
        #expect(list.status == 0, "\(list.errors)")
        #expect(list.output.contains("\(bus.name)\torders\tt\t\(target.deadLetterQueue)\t3\n"), "\(list.output)")

        let json = try await ExecutableProcess.run(
            "warren", ["dlq", "show", "--bus", bus.name, "--rule", "orders", "--json"])
        #expect(json.status == 0, "\(json.errors)")
        let lines = try json.output.split(separator: "\n").map { try JSONValue(parsing: String($0)) }
        #expect(lines.count == 3)
        #expect(Set(lines.compactMap { $0.objectValue?["EventId"]?.stringValue }) == Set(bad))
        #expect(lines.allSatisfy { $0.objectValue?["ErrorCode"] == .string("BAD_ORDER") })
        #expect(lines.allSatisfy { $0.objectValue?["TargetArn"] == .string(target.targetARN) })
        #expect(lines.allSatisfy { $0.objectValue?["Event"]?.objectValue?["source"] == .string("shop") })
        let text = try await ExecutableProcess.run("warren", ["dlq", "show", "--bus", bus.name, "--rule", "orders"])
        for header in [
            "ERROR_CODE: BAD_ORDER", "ERROR_MESSAGE: order refused", "EXHAUSTED_RETRY_CONDITION: -",
            "RETRY_ATTEMPTS: 0", "RULE_ARN: \(target.ruleARN)", "TARGET_ARN: \(target.targetARN)", "event \(bad[0])",
        ] {
            #expect(text.output.contains(header), "\(text.output)")
        }
        #expect(text.output.hasSuffix("3 shown of 3 in \(target.deadLetterQueue)\n"), "\(text.output)")

        handler.heal()
        try await withConsumer(consumer) {
            let one = try await ExecutableProcess.run(
                "warren", ["dlq", "redrive", "--bus", bus.name, "--rule", "orders", "--event-id", bad[1]])
            #expect(one.status == 0, "\(one.errors)")
            #expect(
                one.output == "redriven 1 of 3 from \(target.deadLetterQueue) to \(target.queue); 2 not selected\n")
            try await handler.received.wait { $0.count == 1 }
            // By queue name: the registry says whose it is.
            let rest = try await ExecutableProcess.run(
                "warren", ["dlq", "redrive", "--queue", target.deadLetterQueue])
            #expect(rest.status == 0, "\(rest.errors)")
            #expect(rest.output.hasPrefix("redriven 2 of 2 from"), "\(rest.output)")
            try await handler.received.wait { $0.count == 3 }
        }
        #expect(handler.received.events.map(\.envelope.id).sorted() == bad.sorted())
        let refused = try await ExecutableProcess.run("warren", ["dlq", "redrive", "--bus", bus.name, "--rule", "nope"])
        #expect(refused.status != 0)
        #expect(refused.errors.contains("Rule nope does not exist on EventBus \(bus.name)."), "\(refused.errors)")
        await bus.cleanUp(rules)
    }

    @Test func aRedriveKilledHalfWayAndRunAgainLosesNothing() async throws {
        let total = 4000
        let inFlight = 50
        let (bus, rules, target, handler, consumer, bad, _) = try await Self.deadLettered(bad: total, flaky: 0)
        let arguments = ["dlq", "redrive", "--bus", bus.name, "--rule", "orders", "--in-flight", "\(inFlight)"]

        /// Runs a redrive until the target queue holds `copies` (no consumer runs yet, so they stay there), signals
        /// it, waits for it to end; then the two queues' counts once the broker has every event back.
        func interrupt(at copies: UInt32, with signal: Int32) async throws -> (ExecutableProcess, dlq: UInt32, target: UInt32) {
            let redrive = try ExecutableProcess("warren", arguments)
            let deadline = ContinuousClock.now + .seconds(60)
            var redriven: UInt32 = 0
            while redriven < copies && redrive.isRunning && ContinuousClock.now < deadline {
                let channel = try await bus.channel()
                redriven = try await channel.declareQueuePassive(target.queue).messageCount
                try? await channel.close()
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(redrive.isRunning, "the redrive ended before it could be interrupted: \(redrive.standardOutput)")
            redrive.signal(signal)
            try await redrive.wait()
            var counts: (dlq: UInt32, target: UInt32) = (0, 0)
            let settled = ContinuousClock.now + .seconds(30)
            repeat {
                try await Task.sleep(for: .milliseconds(100))
                let channel = try await bus.channel()
                counts = (
                    try await channel.declareQueuePassive(target.deadLetterQueue).messageCount,
                    try await channel.declareQueuePassive(target.queue).messageCount
                )
                try? await channel.close()
            } while Int(counts.dlq + counts.target) < total && ContinuousClock.now < settled
            #expect(counts.target < UInt32(total), "interrupted after the redrive had finished")
            return (redrive, counts.dlq, counts.target)
        }

        // SIGTERM: it takes no more messages and settles the copies in flight; every event is in exactly one queue.
        let stopped = try await interrupt(at: 500, with: SIGTERM)
        #expect(stopped.0.termination.status == 0, "\(stopped.0.standardError)")
        #expect(stopped.0.standardOutput.hasSuffix("; stopped before the end of the queue\n"), "\(stopped.0.standardOutput)")
        #expect(Int(stopped.dlq + stopped.target) == total)

        // SIGKILL: nothing lost (every event in the dead-letter queue or the target queue); both hold a copy only of
        // the events that were in flight.
        let counts = try await interrupt(at: 1500, with: SIGKILL)
        #expect(counts.target > stopped.target)
        #expect(Int(counts.dlq + counts.target) >= total)
        #expect(Int(counts.dlq + counts.target) <= total + inFlight)

        let second = try await ExecutableProcess.run("warren", arguments, timeout: .seconds(120))
        #expect(second.status == 0, "\(second.errors)")
        #expect(second.output.hasPrefix("redriven \(counts.dlq) of \(counts.dlq) from"), "\(second.output)")
        try await waitForMessages(0, in: target.deadLetterQueue, bus: bus)

        handler.heal()
        try await withConsumer(consumer) {
            try await handler.received.wait(timeout: .seconds(120)) { Set($0.map(\.envelope.id)).count == total }
            try await waitForMessages(0, in: target.queue, bus: bus)
        }
        let handled = handler.received.events.map(\.envelope.id)
        let duplicates = handled.count - Set(handled).count
        print("interrupted redrive: \(total) events, \(counts.target) in the target queue after SIGKILL, "
            + "\(duplicates) handled twice (bound \(inFlight))")
        #expect(Set(handled) == Set(bad))
        #expect(duplicates <= inFlight)
        await bus.cleanUp(rules)
    }
}
