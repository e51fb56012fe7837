public import AMQPClient

/// The rules of each bus, kept on the broker itself: one persistent message in the durable queue
/// `warren-rules:<bus>` (see `AppliedRules`). RabbitMQ is Warren's only store, so any process sees what is applied.
///
/// Readers and writers take the bus's lock first: an exclusive queue `warren-rules-lock:<bus>`, which only one
/// connection can hold and which the broker deletes when that connection dies.
public struct RuleRegistry: Sendable {
    public let connection: AMQPConnection

    public init(connection: AMQPConnection) {
        self.connection = connection
    }

    private func record(_ bus: String) -> RecordQueue {
        RecordQueue(
            connection: connection, queue: TopologyNames.ruleRegistryQueue(bus), lock: "warren-rules-lock:\(bus)",
            subject: "the rules of bus '\(bus)'")
    }

    /// Runs `body` while holding the bus's lock, waiting up to `timeout` for it.
    /// - Throws: `RegistryLockTimeout`, or what `body` throws.
    public func withLock<Result: Sendable>(
        bus: String, timeout: Duration = .seconds(30), _ body: () async throws -> Result
    ) async throws -> Result {
        try await record(bus).withLock(timeout: timeout, body)
    }

    /// The rules of `bus`, or nil if none were ever applied. Call inside `withLock`.
    public func read(bus: String) async throws -> AppliedRules? {
        try await record(bus).read(AppliedRules.self)
    }

    /// Replaces what is recorded for the bus. Call inside `withLock`.
    public func write(_ applied: AppliedRules) async throws {
        try await record(applied.bus).write(applied)
    }
}
