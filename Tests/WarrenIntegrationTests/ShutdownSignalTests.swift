import Foundation
import Testing
import WarrenBus
import WarrenTestSupport

/// SIGTERM/SIGINT on a running consumer process: the first starts a graceful shutdown and says what it waits for,
/// the second stops it at once.
@Suite("Shutdown signals", .timeLimit(.minutes(2)))
struct ShutdownSignalTests {
    @Test("a consumer whose handler hangs: SIGTERM, it says it waits; SIGTERM again, it exits and the event goes to another consumer")
    func secondSignalStopsAtOnce() async throws {
        let bus = TestBus()
        let rules = [try bus.rule("r", #"{"source":["test.source"]}"#)]
        try await bus.apply(rules)
        let rulesFile = try RulesFileWriter.write(rules)
        let result = try await bus.publisher().putEvents([bus.entry(detail: #"{"marker":"HANG-HERE"}"#)])
        let eventID = try #require(result.entries[0].eventID)

        // The handler hangs on the event, ignoring cancellation; its time limit is far away.
        let hanging = try ExecutableProcess(
            "warren-fault-consumer",
            ["--rules", rulesFile, "--rule", "r", "--skip-apply", "--hang-on", "HANG-HERE", "--handler-timeout", "600",
             "--stats-interval", "0"])
        try await hanging.waitForOutput("the handler to hang") { _, errors in
            errors.contains("warren-fault-consumer: hanging on event \(eventID)")
        }
        hanging.signal(SIGTERM)
        try await hanging.waitForOutput("the shutdown to start") { _, errors in errors.contains("shutdown started") }
        #expect(hanging.standardError.contains("signal=SIGTERM"))
        #expect(hanging.standardError.contains("taking no more deliveries; settling the 1 in progress (handler timeout 600 s)"))
        #expect(hanging.isRunning, "the first SIGTERM must wait for the delivery in progress")

        hanging.signal(SIGTERM)
        let status = try await hanging.wait(timeout: .seconds(30))
        #expect(status == 128 + SIGTERM)
        #expect(hanging.termination.bySignal == false)
        #expect(hanging.standardError.contains("second signal: stopping at once"))
        #expect(!hanging.standardOutput.contains(eventID))

        // The delivery was never acked: the broker hands it to the next consumer.
        let next = try ExecutableProcess(
            "warren", ["consume", "--rules", rulesFile, "--rule", "r", "--skip-apply", "--max-events", "1"])
        #expect(try await next.wait(timeout: .seconds(60)) == 0, "\(next.standardError.suffix(1500))")
        let printed = PrintedEvent.parse(next.outputLines)
        #expect(printed.map(\.id) == [eventID])
        await bus.cleanUp(rules)
    }

    @Test("`warren put-events` waiting for the broker: SIGINT, it says it waits for the confirms; SIGINT again, it exits")
    func putEventsSecondSignal() async throws {
        // Nothing listens on port 1, and the connect timeout is off: it would wait for the broker until its
        // resend timeout.
        let putEvents = try ExecutableProcess(
            "warren",
            ["put-events", "--connect-timeout", "0", "--entries",
             #"[{"Source":"s","DetailType":"d","Detail":"{}"},{"Source":"s","DetailType":"d","Detail":"{}"}]"#],
            environment: ["WARREN_AMQP_URL": "amqp://guest:guest@127.0.0.1:1/"])
        try await putEvents.waitForOutput("a failed connection attempt") { _, errors in
            errors.contains("cannot reach the broker; retrying")
        }
        putEvents.signal(SIGINT)
        try await putEvents.waitForOutput("the shutdown to start") { _, errors in errors.contains("shutdown started") }
        #expect(putEvents.standardError.contains("waiting_for=the broker's confirms of the request in flight (2 entries)"))
        putEvents.signal(SIGINT)
        #expect(try await putEvents.wait(timeout: .seconds(20)) == 128 + SIGINT)
        #expect(putEvents.standardError.contains("second signal: stopping at once"))
        #expect(putEvents.standardOutput.isEmpty)
    }
}
