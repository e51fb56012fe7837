import AMQPClient
import EventPatterns
public import Logging
public import ServiceLifecycle
import Foundation
import Synchronization

/// Runs one rule target: consumes its queue, filters, calls the handler, and settles every delivery.
///
/// - At-least-once: a delivery is acked only after the handler returned, or after the retry or dead-letter copy
///   was confirmed by the broker. A crash or a lost connection leaves it unacked, so the broker redelivers it.
/// - The in-consumer filter (what the bindings could not check) acks and counts what it rejects. A handler only
///   gets events its rule matches, however they were published: `DeliveryVerifier` refuses a body that does not
///   give the routing key it came with, an event that arrived another way and fails the whole pattern, and (unless
///   the target accepts raw publishes) a message PutEvents did not publish; those are dead-lettered with the reason.
/// - Handler failures follow the target's retry policy: the event waits in a delay queue on the broker, then comes
///   back; when retries run out it goes to the dead-letter queue with EventBridge's six headers. A message that is
///   not a valid event goes there at once, with the reason.
/// - Poison: a message delivered `maximumDeliveries` times without being settled (its consumer crashed or lost its
///   connection each time) is dead-lettered with `POISON_MESSAGE` instead of being handled again. Each subscription
///   takes one delivery at a time until the deliveries that came back unsettled are behind it (`DeliveryIntake`),
///   so that only the message being handled is charged when the process dies, not those prefetched with it.
/// - After a broker restart or network failure it reconnects, re-declares its queues and resumes. When it cannot
///   publish the copy that settles a delivery (retry, dead letter) it resumes too: closing its channels returns the
///   deliveries it holds to the queue, and re-declaring the topology restores a queue that was deleted.
/// - A right the broker refuses (403 ACCESS_REFUSED on declaring, consuming or publishing a settling copy; a
///   refused vhost or login) ends `run()` with `BrokerAccessRefusal`, which names the missing right: retrying
///   would fail the same way. Its unsettled deliveries go back to the queue as its channels close.
/// - It is a `Service`: on graceful shutdown it stops taking deliveries, settles those it has, and returns.
///   Competing consumers of the same target share its queue's work.
public final class TargetConsumer: Service {
    public let topology: BusTopology
    public let target: TargetTopology
    public let options: TargetConsumerOptions
    public let counters = ConsumerCounters()
    private let broker: BrokerConnection
    private let handler: EventHandler
    private let logger: Logger
    /// Built once (its matchers are compiled): it runs for every delivery.
    private let verifier: DeliveryVerifier
    /// The target's input options, compiled once; the error when a record holds options that do not compile (every
    /// delivery is then dead-lettered with it).
    private let input: Result<CompiledTargetInput, TargetInputValidationError>
    private let stopping = Mutex<(requested: Bool, consumer: AMQPConsumer?)>((false, nil))
    private let stopSignal = StopSignal()
    private let handling = Atomic<Int>(0)

    public init(
        broker: BrokerConnection,
        topology: BusTopology,
        target: TargetTopology,
        options: TargetConsumerOptions = TargetConsumerOptions(),
        logger: Logger,
        handler: @escaping EventHandler
    ) {
        self.broker = broker
        self.topology = topology
        self.target = target
        self.options = options
        self.handler = handler
        self.verifier = DeliveryVerifier(topology: topology, target: target)
        self.input = Result { () throws(TargetInputValidationError) in
            try CompiledTargetInput(target.target.input, targetID: target.target.id)
        }
        var logger = logger
        logger[metadataKey: "rule"] = "\(target.ruleName)"
        logger[metadataKey: "target"] = "\(target.target.id)"
        self.logger = logger
    }

    /// Consumes until graceful shutdown, cancellation or `stop()`.
    public func run() async throws {
        try await withGracefulShutdownHandler {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await self.consumeUntilStopped() }
                if let interval = self.options.statisticsInterval {
                    group.addTask {
                        while !Task.isCancelled {
                            try await Task.sleep(for: interval)
                            self.logger.info("consumer counters", metadata: ["counters": "\(self.counters.snapshot)"])
                        }
                    }
                }
                try await group.next()
                group.cancelAll()
            }
        } onGracefulShutdown: {
            self.stop()
        }
        logger.info("consumer stopped", metadata: ["counters": "\(counters.snapshot)"])
    }

    /// Stops taking deliveries; those already received are still handled and settled, then `run()` returns.
    public func stop() {
        let consumer: AMQPConsumer? = stopping.withLock { state in
            state.requested = true
            return state.consumer
        }
        stopSignal.raise()
        if let consumer { Task { try? await consumer.cancel() } }
    }

    private var stopRequested: Bool { stopping.withLock { $0.requested } }

    /// Deliveries received and not yet settled (handled, filtered, retried or dead-lettered): what a graceful
    /// shutdown waits for.
    public var deliveriesInProgress: Int { handling.load(ordering: .relaxed) }

    private func consumeUntilStopped() async throws {
        var hasConsumed = false
        var intake = DeliveryIntake(fullPrefetch: options.prefetch)
        while !stopRequested && !Task.isCancelled {
            let connection: AMQPConnection
            do {
                // While the broker is down this waits for it to come back, unless the consumer is stopped meanwhile.
                let broker = self.broker
                guard let connected = try await stopSignal.value(of: Task { try await broker.connection() }) else {
                    return
                }
                connection = connected
            } catch {
                if stopRequested || Task.isCancelled { return }
                throw error
            }
            var channels: [AMQPChannel] = []
            do {
                let applier = TopologyApplier(logger: logger)
                _ = try await applier.declareBus(topology, connection: connection)
                _ = try await applier.declareTarget(target, of: topology, connection: connection)
                let channel = try await connection.openChannel()
                channels.append(channel)
                let publisher = try await connection.openChannel()
                channels.append(publisher)
                try await publisher.enableConfirms(window: Int(options.prefetch) + 10)
                if hasConsumed { counters.update { $0.reconnects += 1 } }
                hasConsumed = true
                logger.info("consuming", metadata: ["queue": "\(target.queue)", "prefetch": "\(options.prefetch)"])
                intake.restart()
                repeat {
                    let consumer = try await channel.consume(queue: target.queue, prefetch: intake.prefetch)
                    let alreadyStopping: Bool = stopping.withLock { state in
                        state.consumer = consumer
                        return state.requested
                    }
                    if alreadyStopping { try? await consumer.cancel() }
                    logger.debug("subscribed", metadata: ["prefetch": "\(intake.prefetch)"])
                    for try await delivery in consumer {
                        let unsettledBefore = delivery.properties.headers?[RetryHeaders.deliveryCount]?.int64Value ?? 0
                        let cameBackUnsettled = delivery.isRedelivered || unsettledBefore > 0
                        if intake.received(cameBackUnsettled: cameBackUnsettled) { try? await consumer.cancel() }
                        handling.add(1, ordering: .relaxed)
                        defer { handling.subtract(1, ordering: .relaxed) }
                        try await process(delivery, publisher: publisher)
                    }
                    // The sequence ended without an error: the consumer was cancelled, to stop or to change mode.
                } while !stopRequested && intake.subscriptionEnded()
                for channel in channels { try? await channel.close() }
                return
            } catch {
                // Closing returns what these channels hold unsettled to the queue, for the next round or another
                // consumer (left open, a channel keeps its deliveries until the connection closes).
                for channel in channels { try? await channel.close() }
                if stopRequested || Task.isCancelled { return }
                // A refused right stays refused: stop and name it, rather than resume forever.
                if let refusal = BrokerAccessRefusal((error as? SettlementFailure)?.underlying ?? error) {
                    logger.error("the broker refused access; stopping", metadata: ["error": "\(refusal)"])
                    throw refusal
                }
                logger.warning("consumer interrupted; resuming", metadata: ["error": "\(error)"])
                if let error = error as? AMQPError, error.scope == .connection || !connection.isOpen {
                    await broker.connectionFailed(connection)
                }
                try? await Task.sleep(for: .milliseconds(200))
            }
        }
    }

    // MARK: One delivery

    /// Settles one delivery: handled and acked, retried, or dead-lettered.
    /// - Throws: `SettlementFailure` when the copy that settles it (retry, dead letter) was not published; the
    ///   caller then resumes on new channels, which returns the delivery to its queue.
    private func process(_ delivery: AMQPDelivery, publisher: AMQPChannel) async throws {
        counters.update { $0.received += 1 }
        let headers = delivery.properties.headers ?? [:]
        let retries = Int(headers[RetryHeaders.retryAttempts]?.int64Value ?? 0)
        // Checked before the body is read: what crashed the consumer may be the decoding itself.
        if let deliveries = headers[RetryHeaders.deliveryCount]?.int64Value,
            deliveries >= Int64(target.target.maximumDeliveries)
        {
            try await deadLetter(
                delivery, code: "POISON_MESSAGE",
                message:
                    "delivered \(deliveries) times without being settled (its consumer crashed or lost its connection while handling it each time)",
                exhaustedCondition: nil, retries: retries, publisher: publisher)
            return
        }
        let json: JSONValue
        let envelope: EventEnvelope
        do {
            (json, envelope) = try EventEnvelope.decode(delivery.body)
        } catch {
            try await deadLetter(
                delivery, code: "MALFORMED_EVENT", message: "the message is not a valid event: \(error)",
                exhaustedCondition: nil, retries: 0, publisher: publisher)
            counters.update { $0.malformed += 1 }
            return
        }
        switch verifier.verdict(
            exchange: delivery.exchange, routingKey: delivery.routingKey, properties: delivery.properties, json: json,
            envelope: envelope)
        {
        case .handle: break
        case .filteredOut:
            counters.update { $0.filteredOut += 1 }
            try? await delivery.ack()
            return
        case .refuse(let code, let reason):
            try await deadLetter(
                delivery, code: code, message: reason, exhaustedCondition: nil, retries: retries, publisher: publisher)
            counters.update { $0.refused += 1 }
            return
        }
        if let deduplicator = options.deduplicator, deduplicator.contains(envelope.id) {
            counters.update { $0.duplicates += 1 }
            try? await delivery.ack()
            return
        }
        let payload: [UInt8]
        switch shapedInput(json: json, delivery: delivery) {
        case .success(let shaped): payload = shaped
        case .failure(let failure):
            // AWS drops what it cannot deliver; Warren keeps it, with the reason, and does not retry.
            try await deadLetter(
                delivery, code: failure.code, message: failure.message, exhaustedCondition: nil, retries: retries,
                publisher: publisher)
            return
        }
        let event = ConsumedEvent(
            envelope: envelope, body: delivery.body, payload: payload, retryAttempt: retries,
            isRedelivered: delivery.isRedelivered, ruleName: target.ruleName, targetID: target.target.id)
        do {
            try await HandlerInvocation.run(handler, event, timeout: options.handlerTimeout)
        } catch {
            try await handleFailure(error, of: delivery, retries: retries, publisher: publisher)
            return
        }
        options.deduplicator?.record(envelope.id)
        counters.update { $0.handled += 1 }
        try? await delivery.ack()
    }

    /// What the target receives for this delivery: the event, or its input options applied to it.
    private func shapedInput(json: JSONValue, delivery: AMQPDelivery) -> Result<[UInt8], TargetFailure> {
        switch input {
        case .failure(let error):
            return .failure(TargetFailure(code: "INVALID_TARGET_INPUT", message: "\(error)", isRetryable: false))
        case .success(let compiled):
            let ingestedAt =
                delivery.properties.headers?[RetryHeaders.ingestedAt]?.int64Value.map {
                    Date(timeIntervalSince1970: Double($0) / 1000)
                } ?? delivery.properties.timestamp ?? Date()
            return compiled.payload(
                forEvent: json, eventBytes: delivery.body,
                context: TargetInputContext(ruleARN: target.ruleARN, ruleName: target.ruleName, ingestionTime: ingestedAt)
            ).mapError { TargetFailure(code: $0.code, message: $0.message, isRetryable: false) }
        }
    }

    /// Publishes the copy that settles `delivery` (mandatory, so that a missing queue is an error rather than a
    /// silent drop), waiting for the broker's confirm.
    /// - Throws: `SettlementFailure` when the broker did not take it.
    private func publishCopy(
        _ delivery: AMQPDelivery, to routingKey: String, exchange: String, properties: AMQPProperties,
        publisher: AMQPChannel
    ) async throws {
        do {
            try await publisher.publish(
                delivery.body, exchange: exchange, routingKey: routingKey, properties: properties, mandatory: true)
        } catch {
            logger.warning(
                "cannot publish the event's copy; resuming so that the event returns to its queue",
                metadata: [
                    "event": "\(delivery.properties.messageID ?? "?")", "exchange": "\(exchange)",
                    "routing_key": "\(routingKey)", "error": "\(error)",
                ])
            throw SettlementFailure(underlying: error)
        }
    }

    private func handleFailure(_ error: any Error, of delivery: AMQPDelivery, retries: Int, publisher: AMQPChannel)
        async throws
    {
        let failure = TargetFailure(handlerError: error)
        let headers = delivery.properties.headers ?? [:]
        let ingestedAt =
            headers[RetryHeaders.ingestedAt]?.int64Value.map { Date(timeIntervalSince1970: Double($0) / 1000) }
            ?? delivery.properties.timestamp ?? Date()
        // A redriven event's age counts from its redrive: it gets its whole retry policy again.
        let ageCountsFrom =
            headers[RetryHeaders.redrivenAt]?.int64Value.map { Date(timeIntervalSince1970: Double($0) / 1000) }
            ?? ingestedAt
        let outcome = FailurePolicy(retryPolicy: target.target.retryPolicy).outcome(
            previousRetries: retries, ingestedAt: ageCountsFrom, now: Date(), retryable: failure.isRetryable)
        switch outcome {
        case .retry(let attempt, let delayMilliseconds, let level):
            var properties = delivery.properties
            var retryHeaders = headers
            retryHeaders[RetryHeaders.retryAttempts] = .int64(Int64(attempt))
            retryHeaders[RetryHeaders.delayLevel] = .string("\(level)")
            retryHeaders[RetryHeaders.lastError] = .string(String(failure.description.prefix(1000)))
            retryHeaders[RetryHeaders.ingestedAt] = .int64(Int64(ingestedAt.timeIntervalSince1970 * 1000))
            // A retry is a new message: the broker counts its deliveries afresh (RabbitMQ 3.x overwrites the
            // header on delivery, but a broker that only adds it when non-zero would see a stale count).
            retryHeaders[RetryHeaders.deliveryCount] = nil
            properties.headers = retryHeaders
            properties.expiration = "\(delayMilliseconds)"
            properties.deliveryMode = .persistent
            // The retry copy waits in the broker; the original is acked only once the broker has the copy.
            try await publishCopy(
                delivery, to: target.queue, exchange: topology.retry.exchange, properties: properties,
                publisher: publisher)
            counters.update { $0.retried += 1 }
            logger.info(
                "handler failed; retrying",
                metadata: [
                    "event": "\(delivery.properties.messageID ?? "?")", "attempt": "\(attempt)",
                    "delay_ms": "\(delayMilliseconds)", "error": "\(failure)",
                ])
            try? await delivery.ack()
        case .deadLetter(let condition):
            try await deadLetter(
                delivery, code: failure.code, message: failure.message, exhaustedCondition: condition,
                retries: retries, publisher: publisher)
        }
    }

    /// Copies the delivery to the dead-letter queue with EventBridge's headers, then acks it.
    private func deadLetter(
        _ delivery: AMQPDelivery, code: String, message: String, exhaustedCondition: String?, retries: Int,
        publisher: AMQPChannel
    ) async throws {
        var properties = delivery.properties
        var headers = properties.headers ?? [:]
        headers[RetryHeaders.errorCode] = .string(code)
        headers[RetryHeaders.errorMessage] = .string(String(message.prefix(4000)))
        headers[RetryHeaders.retryAttemptsAttribute] = .int64(Int64(retries))
        headers[RetryHeaders.ruleARN] = .string(target.ruleARN)
        headers[RetryHeaders.targetARN] = .string(target.targetARN)
        if let exhaustedCondition { headers[RetryHeaders.exhaustedRetryCondition] = .string(exhaustedCondition) }
        headers[RetryHeaders.delayLevel] = nil
        properties.headers = headers
        properties.expiration = nil
        properties.deliveryMode = .persistent
        try await publishCopy(
            delivery, to: target.deadLetterQueue, exchange: "", properties: properties, publisher: publisher)
        counters.update { $0.deadLettered += 1 }
        logger.warning(
            "event dead-lettered",
            metadata: [
                "event": "\(delivery.properties.messageID ?? "?")", "queue": "\(target.deadLetterQueue)",
                "error_code": "\(code)", "reason": "\(message)",
            ])
        try? await delivery.ack()
    }
}

/// A copy that settles a delivery (retry, dead letter) was not taken by the broker: the consumer
/// resumes on new channels, and the delivery goes back to its queue.
struct SettlementFailure: Error, CustomStringConvertible {
    var underlying: any Error
    var description: String { "cannot settle the delivery: \(underlying)" }
}

/// Settings of a target consumer.
public struct TargetConsumerOptions: Sendable {
    /// Deliveries in flight at once; the broker sends no more until some are settled.
    public var prefetch: UInt16
    /// A handler that takes longer fails with `TIMEOUT` and goes through the retry policy.
    public var handlerTimeout: Duration
    /// Skips events whose id was handled recently; nil (the default) handles every delivery.
    public var deduplicator: EventDeduplicator?
    /// How often to log the counters; nil for never.
    public var statisticsInterval: Duration?

    public init(
        prefetch: UInt16 = 20,
        handlerTimeout: Duration = .seconds(300),
        deduplicator: EventDeduplicator? = nil,
        statisticsInterval: Duration? = .seconds(60)
    ) {
        self.prefetch = prefetch
        self.handlerTimeout = handlerTimeout
        self.deduplicator = deduplicator
        self.statisticsInterval = statisticsInterval
    }
}

extension TargetFailure {
    /// The failure a handler's error stands for: a `TargetFailure` as thrown, a timeout as `TIMEOUT`,
    /// anything else as a retryable `HANDLER_ERROR`.
    init(handlerError error: any Error) {
        switch error {
        case let failure as TargetFailure: self = failure
        case let timeout as HandlerTimeout:
            self.init(code: "TIMEOUT", message: "the handler did not finish within \(timeout.limit)")
        default: self.init(code: "HANDLER_ERROR", message: "\(error)")
        }
    }
}
