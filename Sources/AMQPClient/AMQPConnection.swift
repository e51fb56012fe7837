public import Logging
import Foundation

/// A connection to a RabbitMQ broker.
///
/// Each connection owns one dedicated thread that makes every librabbitmq call for it (the C library is not
/// thread-safe and blocks in `poll`). Its methods may be called from any task; they post work to that thread and
/// resume when it is done, so no blocking call ever runs on Swift's cooperative pool.
///
/// A connection does not reconnect by itself: when it fails, `waitUntilClosed()` returns the error and every channel
/// reports it; the application (or Warren's reconnecting layers) connects again. Call `close()` when done.
public final class AMQPConnection: Sendable {
    /// The configuration it was opened with; its description has no password.
    public let configuration: AMQPConfiguration
    let mailbox: ConnectionMailbox
    let status: ConnectionStatus
    let logger: Logger

    private init(configuration: AMQPConfiguration, mailbox: ConnectionMailbox, status: ConnectionStatus, logger: Logger)
    {
        self.configuration = configuration
        self.mailbox = mailbox
        self.status = status
        self.logger = logger
    }

    deinit {
        // An abandoned connection still closes cleanly on its own thread.
        mailbox.post { core in core.close() }
    }

    /// Opens a connection: TCP or TLS, AMQP handshake, login.
    ///
    /// - Throws: `AMQPError`: `.library` for network and TLS failures (with librabbitmq's status), `.serverClosed`
    ///   with 403 ACCESS_REFUSED for bad credentials or 530 NOT_ALLOWED for a vhost the user may not use.
    public static func connect(
        _ configuration: AMQPConfiguration,
        logger: Logger = Logger(label: "warren.amqp")
    ) async throws -> AMQPConnection {
        var logger = logger
        logger[metadataKey: "amqp.url"] = "\(configuration.redactedURL)"
        if let name = configuration.connectionName { logger[metadataKey: "amqp.connection"] = "\(name)" }
        let mailbox = try ConnectionMailbox()
        let status = ConnectionStatus()
        let connectionLogger = logger
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let thread = Thread {
                let core: ConnectionCore
                do throws(AMQPError) {
                    let connection = try CConnection.open(configuration)
                    core = ConnectionCore(
                        connection: connection, mailbox: mailbox, status: status, logger: connectionLogger)
                } catch {
                    _ = mailbox.close()
                    status.markClosed(error)
                    continuation.resume(throwing: error)
                    return
                }
                connectionLogger.debug("connected")
                continuation.resume()
                core.run()
                connectionLogger.debug("connection thread finished")
            }
            thread.name = "amqp \(configuration.connectionName ?? configuration.host)"
            thread.start()
        }
        return AMQPConnection(configuration: configuration, mailbox: mailbox, status: status, logger: logger)
    }

    /// Whether the connection is open (it may still fail at the next operation).
    public var isOpen: Bool { status.isOpen }

    /// Waits until the connection is closed; returns the error that closed it, or nil after `close()`.
    public func waitUntilClosed() async -> AMQPError? {
        await status.waitUntilClosed()
    }

    /// Opens a new channel.
    public func openChannel() async throws -> AMQPChannel {
        let mailbox = self.mailbox
        let logger = self.logger
        return try await perform("channel.open") { core throws(AMQPError) in
            let channelStatus = ChannelStatus()
            return try core.openChannel(status: channelStatus) { number in
                AMQPChannel(number: number, mailbox: mailbox, status: channelStatus, logger: logger)
            }
        }
    }

    /// Closes every channel and the connection (`connection.close`), after the work already posted is done.
    public func close() async {
        _ = try? await perform("connection.close") { core throws(AMQPError) in core.close() }
        _ = await waitUntilClosed()
    }

    private func perform<Value: Sendable>(
        _ operation: String,
        _ body: @escaping @Sendable (ConnectionCore) throws(AMQPError) -> Value
    ) async throws -> Value {
        try await mailbox.perform(operation, status: status, body)
    }
}

extension ConnectionMailbox {
    /// Runs `body` on the connection's thread and returns its result.
    func perform<Value: Sendable>(
        _ operation: String,
        status: ConnectionStatus?,
        _ body: @escaping @Sendable (ConnectionCore) throws(AMQPError) -> Value
    ) async throws -> Value {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Value, any Error>) in
            let posted = post { core in
                guard !core.isClosed else {
                    continuation.resume(throwing: AMQPError.connectionClosed(operation, because: core.status.closeError))
                    return
                }
                do throws(AMQPError) {
                    continuation.resume(returning: try body(core))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            if !posted {
                continuation.resume(throwing: AMQPError.connectionClosed(operation, because: status?.closeError))
            }
        }
    }
}
