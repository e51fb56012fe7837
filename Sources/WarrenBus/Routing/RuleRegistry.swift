public import AMQPClient
import Foundation

/// The rules last applied to each bus, kept on the broker itself: one persistent message in the durable queue
/// `warren-rules:<bus>`. RabbitMQ is Warren's only store, so any process can see what is applied.
///
/// Readers and writers take the bus's lock first: an exclusive queue `warren-rules-lock:<bus>`, which only one
/// connection can hold and which the broker deletes when that connection dies.
public struct RuleRegistry: Sendable {
    public let connection: AMQPConnection

    public init(connection: AMQPConnection) {
        self.connection = connection
    }

    /// Runs `body` while holding the bus's lock, waiting up to `timeout` for it.
    public func withLock<Result: Sendable>(
        bus: String,
        timeout: Duration = .seconds(30),
        _ body: () async throws -> Result
    ) async throws -> Result {
        let lockName = "warren-rules-lock:\(bus)"
        let deadline = ContinuousClock.now + timeout
        var channel: AMQPChannel
        while true {
            channel = try await connection.openChannel()
            do {
                try await channel.declareQueue(lockName, options: [.exclusive, .autoDelete])
                break
            } catch let error as AMQPError where error.replyCode == 405 {
                // RESOURCE_LOCKED: another connection holds it.
                if ContinuousClock.now > deadline {
                    throw AMQPError(
                        code: .serverClosed, operation: "rules lock", replyCode: 405,
                        message: "another process has been applying rules to bus '\(bus)' for over \(timeout)",
                        scope: .operation, recovery: .retry)
                }
                try await Task.sleep(for: .milliseconds(Int.random(in: 50...200)))
            }
        }
        do {
            let result = try await body()
            await release(lockName, channel)
            return result
        } catch {
            await release(lockName, channel)
            throw error
        }
    }

    private func release(_ lockName: String, _ channel: AMQPChannel) async {
        _ = try? await channel.deleteQueue(lockName)
        try? await channel.close()
    }

    /// The rules last applied to `bus`, or nil if none were. Call inside `withLock`.
    public func read(bus: String) async throws -> AppliedRules? {
        let channel = try await connection.openChannel()
        let queue = try await declare(bus: bus, on: channel)
        let delivery = try await channel.get(queue: queue)
        // Closing the channel returns the message to the queue.
        try await channel.close()
        guard let delivery else { return nil }
        return try JSONDecoder().decode(AppliedRules.self, from: Data(delivery.body))
    }

    /// Replaces what is recorded for the bus. Call inside `withLock`.
    public func write(_ applied: AppliedRules) async throws {
        let channel = try await connection.openChannel()
        let queue = try await declare(bus: applied.bus, on: channel)
        try await channel.enableConfirms()
        try await channel.purgeQueue(queue)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try await channel.publish(
            Array(try encoder.encode(applied)), exchange: "", routingKey: queue,
            properties: AMQPProperties(contentType: "application/json", deliveryMode: .persistent, appID: "warren"))
        try await channel.close()
    }

    private func declare(bus: String, on channel: AMQPChannel) async throws -> String {
        let queue = TopologyNames.ruleRegistryQueue(bus)
        // At most one message: a write replaces the previous record even if a purge were missed.
        try await channel.declareQueue(queue, options: [.durable], arguments: AMQPQueueArguments(maxLength: 1))
        return queue
    }
}
