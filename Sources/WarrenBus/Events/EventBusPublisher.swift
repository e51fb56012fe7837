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
///
/// A right the broker refuses is not retried: the request fails with `AccessDeniedException` when the user may not
/// use the vhost (or create the default bus), an entry fails with it when the user may not write to its bus's
/// exchange; the message names the resource and the missing right. The default bus is created on first use.
public actor EventBusPublisher {
    public let settings: EventBusSettings
    private let broker: BrokerConnection
    private let logger: Logger
    private let resendTimeout: Duration
    /// One confirm channel per bus: the broker closes a channel on a refused or failed publish (403, 404), and the
    /// confirms still pending on it are lost; with its own channel, no other bus's entries are sent twice for it.
    private var channels: [String: (connection: AMQPConnection, channel: AMQPChannel)] = [:]
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
    ///   an unknown bus), the broker cannot be reached or refuses access; then no entry was sent.
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
        var lastError: (any Error)?
        while !remaining.isEmpty {
            var failedOnConnection: [Int] = []
            do {
                // Every channel first: a failure then leaves nothing published whose confirm would be dropped.
                var busChannels: [String: (connection: AMQPConnection, channel: AMQPChannel)] = [:]
                for bus in Set(remaining.map { events[$0].bus }).sorted() {
                    busChannels[bus] = try await publishingChannel(for: bus, before: deadline)
                }
                var confirmations: [(Int, AMQPPublishConfirmation)] = []
                for index in remaining {
                    let event = events[index]
                    do {
                        let confirmation = try await busChannels[event.bus]!.channel.startPublish(
                            event.body, exchange: TopologyNames.busExchange(event.bus), routingKey: event.routingKey,
                            properties: event.messageProperties)
                        confirmations.append((index, confirmation))
                    } catch let error as AMQPError {
                        if let refusal = Self.refusal(error, of: event) {
                            outcomes[index] = .failure(.accessDenied(refusal))
                            continue
                        }
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
                        if let refusal = Self.refusal(error, of: events[index]) {
                            // Not permitted: re-sending cannot help.
                            outcomes[index] = .failure(.accessDenied(refusal))
                            continue
                        }
                        // The channel or connection went away before the confirm: send it again.
                        lastError = error
                        failedOnConnection.append(index)
                    } catch {
                        outcomes[index] = .failure(Self.internalFailure(error))
                    }
                }
                for (bus, (connection, channel)) in busChannels where !channel.isOpen || !connection.isOpen {
                    channels[bus] = nil
                    // A channel closed by the broker (a refused publish) leaves the connection usable.
                    if !connection.isOpen { await broker.connectionFailed(connection) }
                }
            } catch {
                if let refusal = BrokerAccessRefusal(error) {
                    // The vhost or login was refused: nothing can be sent.
                    for index in remaining { outcomes[index] = .failure(.accessDenied(refusal)) }
                    break
                }
                // No connection now: everything left is retried until the deadline.
                lastError = error
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
        return outcomes.map { $0 ?? .failure(Self.internalFailure(lastError)) }
    }

    /// The refusal that failed `event`'s publish, or nil when there is none or it concerns another exchange (sent
    /// again on a new channel).
    private static func refusal(_ error: AMQPError, of event: PreparedEvent) -> BrokerAccessRefusal? {
        guard let refusal = BrokerAccessRefusal(error) else { return nil }
        if case .named(let kind, let name, _) = refusal.resource, kind == "exchange",
            name != TopologyNames.busExchange(event.bus)
        {
            return nil
        }
        return refusal
    }

    private static func internalFailure(_ error: (any Error)?) -> PutEventsEntryError {
        let reason = error.map { " (\($0))" } ?? " (no confirm from the broker in time)"
        return PutEventsEntryError(
            code: .internalFailure, message: "Internal Service Failure: the broker did not store the event\(reason); retry this entry")
    }

    private func publishingChannel(for bus: String, before deadline: ContinuousClock.Instant) async throws -> (
        connection: AMQPConnection, channel: AMQPChannel
    ) {
        if let open = channels[bus], open.connection.isOpen, open.channel.isOpen { return open }
        let connection = try await broker.connection(before: deadline)
        let channel = try await connection.openChannel()
        try await channel.enableConfirms(window: 1000)
        channels[bus] = (connection, channel)
        return (connection, channel)
    }

    /// `ResourceNotFoundException` for a bus whose exchange does not exist, except the default bus, which is
    /// created on first use as in every EventBridge account; known buses are remembered.
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
            do {
                try await channel.declareExchangePassive(TopologyNames.busExchange(bus))
                try? await channel.close()
            } catch let error as AMQPError where error.replyCode == 404 {
                guard bus == EventBusName.default else { throw PutEventsRequestError.busNotFound(bus) }
                try await createDefaultBus(connection: connection)
            }
            knownBuses.insert(bus)
        } catch let error as PutEventsRequestError {
            throw error
        } catch {
            if let refusal = BrokerAccessRefusal(error) { throw .accessDenied(refusal) }
            let reason = error is BrokerUnreachable ? "\(error)" : "cannot reach the broker (\(error))"
            throw PutEventsRequestError(code: .internalFailure, message: "Internal Service Failure: \(reason); retry")
        }
    }

    /// Declares the default bus's exchange and retry plumbing, as `warren rules apply` would with no rules.
    private func createDefaultBus(connection: AMQPConnection) async throws {
        let topology = RuleTranslator(settings: settings).translate(bus: EventBusName.default, rules: [])
        let warnings = try await TopologyApplier(settings: settings, logger: logger).declareBus(
            topology, connection: connection)
        logger.info(
            "created the default bus on first use",
            metadata: ["exchange": "\(topology.exchange)", "warnings": "\(warnings.count)"])
    }
}
