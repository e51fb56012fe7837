public import AMQPClient
public import Logging

/// A broker connection that comes back: it connects on first use, and after a failure the next caller
/// reconnects it with exponential backoff. Producers and consumers share this behaviour through it.
///
/// It reports its state in the log (`connected`, `reconnecting`, `stopped`) and counts reconnects.
///
/// Until it has connected once, `connectTimeout` bounds the attempts: a command pointed at a wrong host or port
/// fails with `BrokerUnreachable` instead of waiting forever. After a first connection, reconnects go on until
/// `stop()`, so a consumer outlives broker restarts; callers that owe an answer in time use `connection(before:)`.
/// A refused login or vhost fails at once with `BrokerAccessRefusal`.
public actor BrokerConnection {
    /// Whether the connection is usable.
    public enum State: String, Sendable {
        case idle, connecting, connected, reconnecting, stopped
    }

    public nonisolated let configuration: AMQPConfiguration
    private let logger: Logger
    private let backoff: ReconnectBackoff
    /// How long to keep trying before the first connection; nil: without limit.
    public nonisolated let connectTimeout: Duration?
    private var current: AMQPConnection?
    private var pending: Task<AMQPConnection, any Error>?
    public private(set) var state = State.idle
    /// Successful connections after the first.
    public private(set) var reconnects = 0
    private var hasConnected = false

    public init(
        configuration: AMQPConfiguration, logger: Logger, backoff: ReconnectBackoff = ReconnectBackoff(),
        connectTimeout: Duration? = nil
    ) {
        self.configuration = configuration
        self.logger = logger
        self.backoff = backoff
        self.connectTimeout = connectTimeout
    }

    /// The open connection, connecting (and retrying with backoff) first if needed.
    /// - Throws: `CancellationError` when the calling task is cancelled while waiting; `BrokerUnreachable` when
    ///   `connectTimeout` passes before a first connection; `BrokerAccessRefusal` for a refused login or vhost, or an
    ///   `AMQPError` whose recovery is `.none` (bad TLS setup): retrying would not help.
    public func connection() async throws -> AMQPConnection {
        if state == .stopped { throw AMQPError.connectionClosed("connect", because: nil) }
        if let current, current.isOpen { return current }
        if let pending { return try await pending.value }
        if current != nil || hasConnected {
            setState(.reconnecting)
        } else {
            setState(.connecting)
        }
        current = nil
        let task = Task { try await self.connectWithBackoff() }
        pending = task
        defer { pending = nil }
        let connection = try await task.value
        return connection
    }

    /// The open connection, waiting for a (re)connect no later than `deadline`: for callers that promise an answer
    /// in time, such as PutEvents. The reconnect goes on in the background when the deadline passes.
    /// - Throws: what `connection()` throws, or an `AMQPError` with recovery `.reconnect` at the deadline.
    public func connection(before deadline: ContinuousClock.Instant) async throws -> AMQPConnection {
        if state != .stopped, let current, current.isOpen { return current }
        let waiting = Task { try await self.connection() }
        let redactedURL = configuration.redactedURL
        return try await DeadlineRace.value(of: waiting, before: deadline) {
            AMQPError(
                code: .connectionClosed, operation: "connect",
                message: "no connection to \(redactedURL) in time; still reconnecting", scope: .connection,
                recovery: .reconnect)
        }
    }

    private func connectWithBackoff() async throws -> AMQPConnection {
        var attempt = 0
        let deadline = hasConnected ? nil : connectTimeout.map { ContinuousClock.now + $0 }
        while true {
            try Task.checkCancellation()
            if state == .stopped { throw AMQPError.connectionClosed("connect", because: nil) }
            do {
                var configuration = self.configuration
                if let deadline {
                    // One attempt (TCP connect and handshake) must not outlast the connect timeout either.
                    configuration.connectionTimeout = max(
                        .milliseconds(100), min(configuration.connectionTimeout, deadline - ContinuousClock.now))
                }
                let connection = try await AMQPConnection.connect(configuration, logger: logger)
                if state == .stopped {
                    await connection.close()
                    throw AMQPError.connectionClosed("connect", because: nil)
                }
                if hasConnected { reconnects += 1 }
                hasConnected = true
                current = connection
                setState(.connected)
                return connection
            } catch let error as AMQPError where error.recovery != .none {
                attempt += 1
                var delay = backoff.delay(afterFailures: attempt)
                if let deadline, let connectTimeout {
                    let left = deadline - ContinuousClock.now
                    guard left > .zero else {
                        throw BrokerUnreachable(
                            redactedURL: configuration.redactedURL, timeout: connectTimeout, attempts: attempt,
                            lastError: error)
                    }
                    delay = min(delay, left)
                }
                logger.warning(
                    "cannot reach the broker; retrying",
                    metadata: ["attempt": "\(attempt)", "retry_in": "\(delay)", "error": "\(error)"])
                try await Task.sleep(for: delay)
            } catch {
                throw BrokerAccessRefusal(error) ?? error
            }
        }
    }

    /// Marks `connection` as failed so the next `connection()` reconnects (if it is still the current one).
    public func connectionFailed(_ connection: AMQPConnection) {
        guard current === connection else { return }
        current = nil
        if state == .connected { setState(.reconnecting) }
    }

    /// Closes the connection; later calls fail.
    public func stop() async {
        pending?.cancel()
        setState(.stopped)
        if let current {
            self.current = nil
            await current.close()
        }
    }

    private func setState(_ newState: State) {
        guard newState != state else { return }
        state = newState
        logger.info("broker connection \(newState.rawValue)", metadata: ["broker": "\(configuration.redactedURL)"])
    }
}

/// Exponential backoff with jitter between reconnect attempts.
public struct ReconnectBackoff: Sendable, Hashable {
    public var initial: Duration
    public var maximum: Duration

    public init(initial: Duration = .milliseconds(100), maximum: Duration = .seconds(5)) {
        self.initial = initial
        self.maximum = maximum
    }

    /// The wait after `failures` consecutive failures: doubling from `initial`, capped at `maximum`, then a random
    /// part of it so that many clients do not reconnect in lockstep.
    public func delay(afterFailures failures: Int) -> Duration {
        let doubled = initial * Double(1 << min(max(failures - 1, 0), 20))
        let capped = min(doubled, maximum)
        return capped * Double.random(in: 0.5...1.0)
    }
}
