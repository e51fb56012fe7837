public import ArgumentParser
import AMQPClient
import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import WarrenBus
import WarrenRules

/// Options every consumer command shares.
public struct ConsumerRunOptions: ParsableArguments {
    @Option(
        help: "Stop taking deliveries after handling this many events (those already received are still handled).")
    public var maxEvents: Int?

    @Option(help: "Stop after this many seconds without an event.")
    public var idleTimeout: Double?

    @Option(help: "Deliveries in flight at once.")
    public var prefetch: UInt16 = 20

    @Option(help: "Seconds a handler may take before it counts as failed (TIMEOUT) and is retried.")
    public var handlerTimeout: Double = 300

    @Option(help: "Skip events whose id was handled among the last N (0: off).")
    public var deduplicationWindow: Int = 0

    @Option(
        help: """
            Log the consumer's counters (received, filtered_out, handled, retried, dead_lettered, malformed, \
            duplicates, reconnects) every this many seconds (0: only when it stops).
            """)
    public var statsInterval: Double = 60

    @Flag(help: "Do not apply the rules file before consuming (use the rules already on the broker).")
    public var skipApply = false

    public init() {}

    public func validate() throws {
        if let maxEvents, maxEvents < 1 { throw ValidationError("--max-events must be at least 1") }
        if let idleTimeout, idleTimeout <= 0 { throw ValidationError("--idle-timeout must be positive") }
        if handlerTimeout <= 0 { throw ValidationError("--handler-timeout must be positive") }
        if deduplicationWindow < 0 { throw ValidationError("--deduplication-window must not be negative") }
        if statsInterval < 0 { throw ValidationError("--stats-interval must not be negative") }
    }
}

/// Runs one rule target until SIGTERM/SIGINT, `--max-events` or `--idle-timeout`, then settles and closes. A
/// second SIGTERM/SIGINT stops at once (`ShutdownSignals`); a right the broker refuses ends the run with an error
/// that names it.
enum ConsumerRun {
    static func run(
        rule: Rule, targetID: String, file: RulesFile, stack: String, broker brokerOptions: BrokerOptions,
        options: ConsumerRunOptions, settings: EventBusSettings, logger: Logger,
        handler: @escaping @Sendable (ConsumedEvent) async throws -> Void
    ) async throws {
        let broker = try brokerOptions.brokerConnection(
            name: "warren consumer \(rule.name)/\(targetID)", logger: logger)
        if !options.skipApply {
            // Only the rule it runs, added or updated in its stack: a consumer never removes anyone's rules.
            try await RulesSetup.apply(
                file, stack: stack, mode: .upsert, only: [rule.name], broker: broker, settings: settings,
                logger: logger)
        }
        let topology = RuleTranslator(settings: settings).translate(
            bus: rule.eventBusName, rules: file.rules.filter { $0.eventBusName == rule.eventBusName })
        guard let target = topology.targets.first(where: { $0.ruleName == rule.name && $0.target.id == targetID })
        else { throw ValidationError("rule '\(rule.name)' has no target '\(targetID)'") }

        let progress = RunProgress()
        let maxEvents = options.maxEvents
        let consumer = TargetConsumer(
            broker: broker, topology: topology, target: target,
            options: TargetConsumerOptions(
                prefetch: options.prefetch, handlerTimeout: .milliseconds(Int(options.handlerTimeout * 1000)),
                deduplicator: options.deduplicationWindow > 0
                    ? EventDeduplicator(capacity: options.deduplicationWindow) : nil,
                statisticsInterval: options.statsInterval > 0
                    ? .milliseconds(Int(options.statsInterval * 1000)) : nil),
            logger: logger
        ) { event in
            try await handler(event)
            let count = progress.recordEvent()
            if let maxEvents, count >= maxEvents { progress.consumer?.stop() }
        }
        progress.consumer = consumer

        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [
                    .init(service: consumer, successTerminationBehavior: .gracefullyShutdownGroup)
                ],
                // ShutdownSignals traps SIGTERM and SIGINT: the first shuts the group down gracefully.
                gracefulShutdownSignals: [],
                logger: logger))
        let handlerTimeout = String(format: "%g", options.handlerTimeout)
        let signals = await ShutdownSignals(logger: logger) {
            let inProgress = consumer.deliveriesInProgress
            await group.triggerGracefulShutdown()
            return
                "taking no more deliveries; settling the \(inProgress) in progress (handler timeout \(handlerTimeout) s)"
        }
        defer { signals.cancel() }
        try await withThrowingTaskGroup(of: Bool.self) { tasks in
            tasks.addTask {
                try await group.run()
                return true
            }
            if let idleTimeout = options.idleTimeout {
                tasks.addTask {
                    let limit = Duration.milliseconds(Int(idleTimeout * 1000))
                    while !Task.isCancelled {
                        try await Task.sleep(for: .milliseconds(100))
                        if ContinuousClock.now - progress.lastEvent > limit {
                            logger.info("idle for \(limit); stopping")
                            consumer.stop()
                            break
                        }
                    }
                    return false
                }
            }
            // Wait for the service group (it ends once the consumer has settled everything); the idle watcher
            // only asks the consumer to stop.
            while let groupFinished = try await tasks.next() {
                if groupFinished {
                    tasks.cancelAll()
                    break
                }
            }
        }
        await broker.stop()
        logger.info("consumer finished", metadata: ["counters": "\(consumer.counters.snapshot)"])
    }
}

/// What the handler and the idle watcher share: events handled, when the last came, the consumer to stop.
private final class RunProgress: Sendable {
    private let state = Mutex<(handled: Int, lastEvent: ContinuousClock.Instant, consumer: TargetConsumer?)>(
        (0, .now, nil))

    /// Counts one handled event; returns the count.
    func recordEvent() -> Int {
        state.withLock { state in
            state.handled += 1
            state.lastEvent = .now
            return state.handled
        }
    }

    var lastEvent: ContinuousClock.Instant { state.withLock { $0.lastEvent } }

    var consumer: TargetConsumer? {
        get { state.withLock { $0.consumer } }
        set { state.withLock { $0.consumer = newValue } }
    }
}
