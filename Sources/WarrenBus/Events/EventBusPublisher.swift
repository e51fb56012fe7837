import AMQPClient
public import Logging
import Foundation

/// PutEvents on RabbitMQ: validates entries as EventBridge does, wraps each in its envelope and publishes it,
/// persistent and with publisher confirms, to its bus's topic exchange.
///
/// An entry is reported successful only after the broker confirmed it. When the connection fails before the
/// confirm, the entry is published again on a new connection (same event id; consumers may see it twice) until
/// `resendTimeout` passes; then it fails with the retryable `InternalFailure`. While the broker cannot be reached,
/// PutEvents waits for it at most `resendTimeout` too. Nothing is reported as sent that the broker did not confirm.
public actor EventBusPublisher {
    public let settings: EventBusSettings
    private let broker: BrokerConnection
    private let logger: Logger
    private let resendTimeout: Duration
    private var channel: (connection: AMQPConnection, channel: AMQPChannel)?
    private var knownBuses: Set<String> = []

    public init(
        broker: BrokerConnection, settings: EventBusSettings = EventBusSettings(), resendTimeout: Duration = .seconds(30),
        logger: Logger
    ) {
        self.broker = broker
        self.settings = settings
        self.resendTimeout = resendTimeout
        self.logger = logger
    }

    /// Sends up to ten entries; returns one result per entry, in order.
    /// - Throws: `PutEventsRequestError` when the request as a whole is invalid (more than ten entries, too large,
    ///   an unknown bus) or the broker cannot be reached; then no entry was sent.
    public func putEvents(_ entries: [PutEventsRequestEntry]) async throws(PutEventsRequestError) -> PutEventsResult {
        let validator = PutEventsValidator(settings: settings)
        try validator.validateRequest(entries)
        let deadline = ContinuousClock.now + resendTimeout
        for bus in Set(entries.map(\.busName)).sorted() { try await checkBusExists(bus, before: deadline) }
        let now = Date()
        var results = [PutEventsResultEntry?](repeating: nil, count: entries.count)
        var prepared: [(index: Int, event: PreparedEvent)] = []
        for (index, entry) in entries.enumerated() {
            switch validator.prepare(entry, eventID: UUID().uuidString.lowercased(), now: now) {
            case .success(let event): prepared.append((index, event))
            case .failure(let error): results[index] = .failure(error)
            }
        }
        let published = await publish(prepared.map(\.event), before: deadline)
        for ((index, event), outcome) in zip(prepared, published) {
            switch outcome {
            case .success: results[index] = .success(eventID: event.envelope.id)
            case .failure(let error): results[index] = .failure(error)
            }
        }
        return PutEventsResult(entries: results.map { $0! })
    }

    /// Publishes already-prepared events (replays, tools); one outcome per event, in order.
    public func publish(_ events: [PreparedEvent]) async -> [Result<Void, PutEventsEntryError>] {
        await publish(events, before: ContinuousClock.now + resendTimeout)
    }

    private func publish(_ events: [PreparedEvent], before deadline: ContinuousClock.Instant) async -> [Result<
        Void, PutEventsEntryError
    >] {
        var outcomes = [Result<Void, PutEventsEntryError>?](repeating: nil, count: events.count)
        var remaining = Array(events.indices)
        while !remaining.isEmpty {
            var failedOnConnection: [Int] = []
            var lastError: AMQPError?
            do {
                let (connection, channel) = try await publishingChannel(before: deadline)
                var confirmations: [(Int, AMQPPublishConfirmation)] = []
                for index in remaining {
                    let event = events[index]
                    do {
                        let confirmation = try await channel.startPublish(
                            event.body, exchange: TopologyNames.busExchange(event.bus), routingKey: event.routingKey,
                            properties: event.messageProperties)
                        confirmations.append((index, confirmation))
                    } catch let error as AMQPError {
                        lastError = error
                        failedOnConnection.append(index)
                    }
                }
                for (index, confirmation) in confirmations {
                    do {
                        try await confirmation.wait()
                        outcomes[index] = .success(())
                    } catch let error as AMQPError where error.replyCode == 404 {
                        // The bus's exchange was deleted: re-sending cannot help.
                        knownBuses.remove(events[index].bus)
                        outcomes[index] = .failure(Self.internalFailure(error))
                    } catch let error as AMQPError where error.scope != .operation {
                        // The channel or connection went away before the confirm: send it again.
                        lastError = error
                        failedOnConnection.append(index)
                    } catch {
                        outcomes[index] = .failure(Self.internalFailure(error))
                    }
                }
                if !failedOnConnection.isEmpty {
                    self.channel = nil
                    await broker.connectionFailed(connection)
                }
            } catch {
                // No connection now: everything left is retried until the deadline.
                lastError = error as? AMQPError
                failedOnConnection = remaining
                if error is CancellationError { break }
            }
            remaining = failedOnConnection.sorted()
            if remaining.isEmpty || ContinuousClock.now >= deadline { break }
            logger.warning(
                "re-sending events whose confirm did not arrive",
                metadata: ["events": "\(remaining.count)", "error": "\(lastError.map { "\($0)" } ?? "none")"])
            try? await Task.sleep(for: .milliseconds(100))
        }
        return outcomes.map { $0 ?? .failure(Self.internalFailure(nil)) }
    }

    private static func internalFailure(_ error: (any Error)?) -> PutEventsEntryError {
        let reason = error.map { " (\($0))" } ?? " (no confirm from the broker in time)"
        return PutEventsEntryError(
            code: .internalFailure, message: "Internal Service Failure: the broker did not store the event\(reason); retry this entry")
    }

    private func publishingChannel(before deadline: ContinuousClock.Instant) async throws -> (
        AMQPConnection, AMQPChannel
    ) {
        if let channel, channel.connection.isOpen, channel.channel.isOpen { return channel }
        let connection = try await broker.connection(before: deadline)
        let channel = try await connection.openChannel()
        try await channel.enableConfirms(window: 1000)
        self.channel = (connection, channel)
        return (connection, channel)
    }

    /// `ResourceNotFoundException` for a bus whose exchange does not exist; known buses are remembered.
    private func checkBusExists(_ bus: String, before deadline: ContinuousClock.Instant) async throws(
        PutEventsRequestError
    ) {
        if knownBuses.contains(bus) { return }
        if !EventBusName.problems(bus).isEmpty {
            throw .busNotFound(bus)
        }
        do {
            let connection = try await broker.connection(before: deadline)
            let channel = try await connection.openChannel()
            try await channel.declareExchangePassive(TopologyNames.busExchange(bus))
            try? await channel.close()
            knownBuses.insert(bus)
        } catch let error as AMQPError where error.replyCode == 404 {
            throw .busNotFound(bus)
        } catch {
            throw PutEventsRequestError(
                code: .internalFailure, message: "Internal Service Failure: cannot reach the broker (\(error)); retry")
        }
    }
}
