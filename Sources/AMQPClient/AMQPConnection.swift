public import Logging
import Foundation

/// A connection to a RabbitMQ broker.
///
/// Each connection owns one dedicated thread that makes every librabbitmq call for it (the C library is not
/// thread-safe and blocks in `poll`). Its methods may be called from any task; they post work to that thread and
/// resume when it is done, so no blocking call ever runs on Swift's cooperative pool.
///
/// A connection does not reconnect by itself: when it fails, `waitUntilClosed()` returns the error and every channel
/// reports it; the application (or Warren's reconnecting layers) connects again. Call `close()` when done; a
/// connection that nothing references any more (no handle, no channel) closes itself.
public final class AMQPConnection: Sendable {
    /// The configuration it was opened with; its description has no password.
    public let configuration: AMQPConfiguration
    let mailbox: ConnectionMailbox
    let status: ConnectionStatus

    private init(configuration: AMQPConfiguration, mailbox: ConnectionMailbox, status: ConnectionStatus) {
        self.configuration = configuration
        self.mailbox = mailbox
        self.status = status
    }

    deinit {
        // An abandoned connection still closes cleanly on its own thread.
        mailbox.post { core in core.close() }
    }

    /// Opens a connection: TCP or TLS, AMQP handshake, login.
    ///
    /// Cancelling the calling task ends the wait at once with `CancellationError`; the connection's thread finishes
    /// the handshake it started (bounded by `connectionTimeout`) and then closes what it opened.
    /// - Throws: `AMQPError`: `.library` for network and TLS failures (with librabbitmq's status), `.serverClosed`
    ///   with 403 ACCESS_REFUSED for bad credentials or 530 NOT_ALLOWED for a vhost the user may not use;
    ///   `CancellationError`.
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
        let opened = PendingReply<Void>()
        try await opened.wait {
            let thread = Thread {
                let core: ConnectionCore
                do throws(AMQPError) {
                    let connection = try CConnection.open(configuration)
                    core = ConnectionCore(
                        connection: connection, mailbox: mailbox, status: status, logger: connectionLogger)
                } catch {
                    _ = mailbox.close()
                    status.markClosed(error)
                    opened.settle(.failure(error))
                    return
                }
                if opened.settle(.success(())) {
                    connectionLogger.debug("connected")
                } else {
                    // The caller was cancelled: nobody will use this connection.
                    connectionLogger.debug("connected after the caller was cancelled; closing")
                    core.close()
                }
                core.run()
                connectionLogger.debug("connection thread finished")
            }
            thread.name = "amqp \(configuration.connectionName ?? configuration.host)"
            thread.start()
        }
        return AMQPConnection(configuration: configuration, mailbox: mailbox, status: status)
    }

    /// Whether the connection is open (it may still fail at the next operation).
    public var isOpen: Bool { status.isOpen }

    /// Waits until the connection is closed; returns the error that closed it, or nil after `close()`.
    /// - Throws: `CancellationError` when the calling task is cancelled first (the connection is not affected).
    public func waitUntilClosed() async throws(CancellationError) -> AMQPError? {
        try await status.waitUntilClosed()
    }

    /// Opens a new channel. It keeps this connection open as long as it is referenced.
    ///
    /// If the calling task is cancelled after the broker opened the channel, the channel is closed again.
    public func openChannel() async throws -> AMQPChannel {
        try await mailbox.perform("channel.open", status: status) { [self] core throws(AMQPError) in
            let channelStatus = ChannelStatus()
            return try core.openChannel(status: channelStatus) { number in
                AMQPChannel(number: number, connection: self, status: channelStatus)
            }
        }
    }

    /// Closes every channel and the connection (`connection.close`), after the work already posted is done.
    ///
    /// The close happens even when the calling task is cancelled; cancellation only ends the wait for it early.
    public func close() async {
        _ = try? await mailbox.perform("connection.close", status: status, ifCancelled: .run) {
            core throws(AMQPError) in core.close()
        }
        _ = try? await waitUntilClosed()
    }
}
