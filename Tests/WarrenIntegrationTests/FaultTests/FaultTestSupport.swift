import AMQPClient
import Foundation
import Synchronization
import WarrenBus
import WarrenTestSupport

/// What the fault tests share: a bus on the fault broker, the environment of the executables they run, and ways to
/// read what ended up in a queue.
enum FaultSupport {
    static let broker = BrokerInstance.fault

    /// A bus of its own on the fault broker.
    static func bus(_ prefix: String = #function) -> TestBus {
        TestBus(prefix, url: broker.url)
    }

    /// For executables: the fault broker, and no crash backtraces (a deliberate `abort()` must end at once rather
    /// than spend seconds symbolicating).
    static var environment: [String: String] {
        ["WARREN_AMQP_URL": broker.url, "SWIFT_BACKTRACE": "enable=no"]
    }

    /// Takes every message out of `queue` (acking each); for dead-letter queues at the end of a test.
    static func drain(_ queue: String, bus: TestBus) async throws -> [AMQPDelivery] {
        let channel = try await bus.channel()
        var messages: [AMQPDelivery] = []
        while let message = try await channel.get(queue: queue) {
            messages.append(message)
            try await message.ack()
        }
        try? await channel.close()
        return messages
    }

    /// The number of ready messages in `queue`.
    static func messageCount(_ queue: String, bus: TestBus) async throws -> UInt32 {
        let channel = try await bus.channel()
        defer { Task { try? await channel.close() } }
        return try await channel.declareQueuePassive(queue).messageCount
    }

    /// Polls `condition` until it holds; fails with `what` after `timeout`.
    static func waitUntil(
        _ what: @autoclosure () -> String, timeout: Duration = .seconds(30), interval: Duration = .milliseconds(100),
        _ condition: () async throws -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        while try await !condition() {
            if ContinuousClock.now > deadline { throw TestFailure("timed out after \(timeout) waiting for \(what())") }
            try await Task.sleep(for: interval)
        }
    }

    /// A PutEvents entry numbered `n` (in `detail.n`), with `extra` detail fields.
    static func entry(_ n: Int, bus: TestBus, source: String, extra: String = "") -> PutEventsRequestEntry {
        let parity = n % 2 == 0 ? "even" : "odd"
        return PutEventsRequestEntry(
            source: source, detailType: "fault", detail: #"{"n":\#(n),"parity":"\#(parity)"\#(extra)}"#,
            eventBusName: bus.name)
    }

    /// The value of `name=N` in the last line of `log` that has it (consumers log their counters that way).
    static func lastCounter(_ name: String, in log: String) -> Int? {
        guard let range = log.range(of: "\(name)=", options: .backwards) else { return nil }
        return Int(log[range.upperBound...].prefix(while: \.isNumber))
    }

    /// A value that a background task sets once and a test polls.
    final class Outcome<Value: Sendable>: Sendable {
        private let state = Mutex<Value?>(nil)
        func set(_ value: Value) { state.withLock { $0 = value } }
        var value: Value? { state.withLock { $0 } }
    }
}
