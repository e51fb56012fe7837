public import AMQPClient
public import Logging
import Foundation

/// Makes the broker hold a bus's topology: declares what is missing, binds what the rules need, unbinds what
/// deleted, disabled or changed rules left behind, and records the result in the rule registry.
///
/// Idempotent, and it never deletes a target queue: events already queued for a target stay there (a target that
/// disappeared from the rules is reported as orphaned).
public struct TopologyApplier: Sendable {
    public var settings: EventBusSettings
    public var logger: Logger

    public init(settings: EventBusSettings = EventBusSettings(), logger: Logger) {
        self.settings = settings
        self.logger = logger
    }

    /// Applies `rules` as the complete rule set of `bus`.
    @discardableResult
    public func apply(rules: [Rule], bus: String, connection: AMQPConnection) async throws -> TopologyApplyReport {
        let topology = RuleTranslator(settings: settings).translate(bus: bus, rules: rules)
        let registry = RuleRegistry(connection: connection)
        return try await registry.withLock(bus: bus) {
            let previous = try await registry.read(bus: bus)
            let channel = try await connection.openChannel()
            var report = TopologyApplyReport(bus: bus)
            report.warnings += try await declareBus(topology, connection: connection)
            for target in topology.targets {
                report.warnings += try await declareTarget(target, of: topology, connection: connection)
            }
            let wanted = Set(topology.bindings)
            for binding in wanted.sorted() {
                try await channel.bindQueue(binding.queue, to: topology.exchange, bindingKey: binding.bindingKey)
            }
            let stale = Set(previous?.bindings ?? []).subtracting(wanted)
            for binding in stale.sorted() {
                try await channel.unbindQueue(binding.queue, from: topology.exchange, bindingKey: binding.bindingKey)
            }
            report.bound = wanted.sorted()
            report.unbound = stale.sorted()
            let currentQueues = Set(topology.targets.map(\.queue))
            report.orphanedQueues = Set(previous?.bindings.map(\.queue) ?? []).subtracting(currentQueues).sorted()
            try await registry.write(
                AppliedRules(
                    bus: bus, appliedAt: EventTime.format(Date()),
                    rules: rules.filter { $0.eventBusName == bus }.map(RuleRecord.init), bindings: wanted.sorted()))
            try? await channel.close()
            logger.info(
                "applied rules",
                metadata: [
                    "bus": "\(bus)", "rules": "\(rules.count)", "bindings": "\(wanted.count)",
                    "unbound": "\(stale.count)",
                ])
            return report
        }
    }

    /// Declares the bus exchange and its retry plumbing. Returns warnings (an existing delay queue whose arguments
    /// differ is kept as it is, with its retries).
    public func declareBus(_ topology: BusTopology, connection: AMQPConnection) async throws -> [String] {
        var warnings: [String] = []
        var channel = try await connection.openChannel()
        try await channel.declareExchange(topology.exchange, type: .topic, options: [.durable])
        try await channel.declareExchange(topology.retry.exchange, type: .headers, options: [.durable])
        try await channel.declareExchange(topology.retry.redeliverExchange, type: .direct, options: [.durable])
        for (seconds, queue) in topology.retry.delayQueues.sorted(by: { $0.key < $1.key }) {
            do {
                try await channel.declareQueue(queue, options: [.durable], arguments: delayQueueArguments(topology))
            } catch let error as AMQPError where error.replyCode == 406 {
                // PRECONDITION_FAILED: it exists with other arguments (a classic delay queue of an earlier Warren).
                // Re-creating it would drop the retries waiting in it.
                let warning =
                    "delay queue '\(queue)' exists with different arguments and is kept as it is (\(error.message)); delete it when it is empty to get at-least-once redelivery of retries"
                logger.warning("\(warning)")
                warnings.append(warning)
                channel = try await connection.openChannel()
            }
            try await channel.bindQueue(
                queue, to: topology.retry.exchange, bindingKey: "",
                arguments: ["x-match": "all", RetryHeaders.delayLevel: .string("\(seconds)")])
        }
        try? await channel.close()
        return warnings
    }

    /// A delay queue: quorum, so that it hands expired retries back at least once. It expires per-message TTLs (the
    /// jitter) at its head, then dead-letters them through the redeliver exchange with their routing key, the
    /// target queue's name; it keeps each one until that queue has it. (A classic queue dead-letters at most once:
    /// retries that expire while the broker starts, before the target quorum queue has a leader, are dropped.)
    func delayQueueArguments(_ topology: BusTopology) -> AMQPQueueArguments {
        AMQPQueueArguments(
            queueType: .quorum, deadLetterExchange: topology.retry.redeliverExchange, deadLetterStrategy: .atLeastOnce,
            overflow: .rejectPublish)
    }

    /// Declares a target's queue and dead-letter queue and binds it to the redeliver exchange. Returns warnings
    /// (an existing queue whose arguments differ is kept as it is, with its events).
    public func declareTarget(
        _ target: TargetTopology, of topology: BusTopology, connection: AMQPConnection
    ) async throws -> [String] {
        var warnings: [String] = []
        var channel = try await connection.openChannel()
        let queueType: AMQPQueueType = target.target.queueType == .quorum ? .quorum : .classic
        for (queue, arguments) in [
            (target.deadLetterQueue, AMQPQueueArguments(queueType: queueType)),
            (target.queue, targetQueueArguments(target)),
        ] {
            do {
                try await channel.declareQueue(queue, options: [.durable], arguments: arguments)
            } catch let error as AMQPError where error.replyCode == 406 {
                // PRECONDITION_FAILED: it exists with other arguments. Re-creating it would drop its events.
                let warning =
                    "queue '\(queue)' exists with different arguments and is kept as it is (\(error.message)); delete it to apply the new settings"
                logger.warning("\(warning)")
                warnings.append(warning)
                channel = try await connection.openChannel()
                try await channel.declareQueuePassive(queue)
            }
        }
        try await channel.bindQueue(target.queue, to: topology.retry.redeliverExchange, bindingKey: target.queue)
        try? await channel.close()
        return warnings
    }

    func targetQueueArguments(_ target: TargetTopology) -> AMQPQueueArguments {
        switch target.target.queueType {
        case .quorum:
            // Poison messages (a consumer that crashes on them) are dead-lettered after `maximumDeliveries`;
            // at-least-once dead-lettering keeps them until the dead-letter queue has them.
            AMQPQueueArguments(
                queueType: .quorum, deadLetterExchange: "", deadLetterRoutingKey: target.deadLetterQueue,
                deadLetterStrategy: .atLeastOnce, overflow: .rejectPublish,
                deliveryLimit: Int64(target.target.maximumDeliveries))
        case .classic:
            AMQPQueueArguments(
                queueType: .classic, deadLetterExchange: "", deadLetterRoutingKey: target.deadLetterQueue)
        }
    }
}

/// What `TopologyApplier.apply` did.
public struct TopologyApplyReport: Sendable, Hashable {
    public var bus: String
    public var bound: [TargetBinding] = []
    public var unbound: [TargetBinding] = []
    /// Target queues of rules that no longer exist: unbound, kept with their events.
    public var orphanedQueues: [String] = []
    public var warnings: [String] = []
}
