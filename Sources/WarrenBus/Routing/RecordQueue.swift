import AMQPClient
import Foundation

/// One JSON record kept on the broker: the only message of a durable queue, guarded by a lock that is an exclusive
/// queue (only one connection can hold it; the broker deletes it when that connection dies). RabbitMQ is Warren's
/// only store, so every process sees the same record. The rule and bus registries are built on it.
struct RecordQueue: Sendable {
    let connection: AMQPConnection
    /// The queue that holds the record.
    let queue: String
    /// The exclusive queue whose holder may read and write the record.
    let lock: String
    /// Names what the lock guards, in the error when it cannot be taken.
    let subject: String

    /// Runs `body` while holding the lock, waiting up to `timeout` for it.
    /// - Throws: `RegistryLockTimeout` when another process holds the lock longer, or what `body` throws.
    func withLock<Result: Sendable>(
        timeout: Duration, _ body: () async throws -> Result
    ) async throws -> Result {
        let deadline = ContinuousClock.now + timeout
        var channel: AMQPChannel
        while true {
            channel = try await connection.openChannel()
            do {
                try await channel.declareQueue(lock, options: [.exclusive, .autoDelete])
                break
            } catch let error as AMQPError where error.replyCode == 405 {
                // RESOURCE_LOCKED: another connection holds it (the failed declare closed the channel).
                if ContinuousClock.now > deadline { throw RegistryLockTimeout(subject: subject, timeout: timeout) }
                try await Task.sleep(for: .milliseconds(Int.random(in: 20...100)))
            }
        }
        do {
            let result = try await body()
            await release(channel)
            return result
        } catch {
            await release(channel)
            throw error
        }
    }

    private func release(_ channel: AMQPChannel) async {
        _ = try? await channel.deleteQueue(lock)
        try? await channel.close()
    }

    /// The record, or nil when none was written. Call inside `withLock`.
    func read<Record: Decodable>(_ type: Record.Type) async throws -> Record? {
        let channel = try await connection.openChannel()
        do {
            // Passive: reading never creates the record's queue.
            _ = try await channel.declareQueuePassive(queue)
        } catch let error as AMQPError where error.replyCode == 404 {
            return nil  // the failed declare closed the channel
        }
        let delivery = try await channel.get(queue: queue)
        // Closing the channel returns the message to the queue.
        try await channel.close()
        guard let delivery else { return nil }
        return try JSONDecoder().decode(Record.self, from: Data(delivery.body))
    }

    /// Replaces the record. Call inside `withLock`.
    func write(_ record: some Encodable) async throws {
        let channel = try await connection.openChannel()
        try await declare(on: channel)
        try await channel.enableConfirms()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // No purge first: the queue keeps one message and drops the oldest, so the old record goes only once the
        // broker has confirmed the new one, and a process that dies half-way leaves the old record, not none.
        try await channel.publish(
            Array(try encoder.encode(record)), exchange: "", routingKey: queue,
            properties: AMQPProperties(contentType: "application/json", deliveryMode: .persistent, appID: "warren"))
        try await channel.close()
    }

    private func declare(on channel: AMQPChannel) async throws {
        try await channel.declareQueue(queue, options: [.durable], arguments: AMQPQueueArguments(maxLength: 1))
    }
}

/// Another process held a registry's lock for longer than the wait allowed.
public struct RegistryLockTimeout: Error, Sendable, Hashable, CustomStringConvertible {
    /// What the lock guards, e.g. `the rules of bus 'orders'`.
    public var subject: String
    public var timeout: Duration

    public var description: String {
        "another process has been changing \(subject) for over \(timeout); try again (a process that died releases it at once)"
    }
}
