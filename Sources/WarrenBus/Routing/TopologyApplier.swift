public import AMQPClient
public import Logging
import Foundation

/// Makes the broker hold a bus's topology: declares what is missing, binds what the rules need, unbinds what
/// deleted, disabled or changed rules left behind, and records the result in the rule registry.
///
/// Every change is made under the bus's registry lock, from the rules recorded there, so concurrent changes by
/// several processes never lose one another's rules. Rules have owners (`RuleOwner`): applying a stack changes only
/// that stack's rules. Idempotent, and it never deletes a target queue: events already queued for a target stay
/// there (the queues of deleted rules are reported as orphaned, and `pruneQueues` deletes the empty ones).
public struct TopologyApplier: Sendable {
    public var settings: EventBusSettings
    public var logger: Logger

    public init(settings: EventBusSettings = EventBusSettings(), logger: Logger) {
        self.settings = settings
        self.logger = logger
    }

    /// Applies `rules` (all on `bus`) as stack `stack`: with `.reconcile` the stack's rules on the bus become
    /// exactly these; with `.upsert` they are added or updated and none is removed.
    /// - Throws: `RuleOwnershipError` when another owner holds one of the names (nothing is changed then).
    @discardableResult
    public func apply(
        stack: String, rules: [Rule], mode: StackApplyMode = .reconcile, bus: String, connection: AMQPConnection,
        dryRun: Bool = false
    ) async throws -> TopologyApplyReport {
        let onBus = rules.filter { $0.eventBusName == bus }
        return try await change(bus: bus, connection: connection, dryRun: dryRun, declaringBus: true) { records in
            try RuleSetChange.applying(stack: stack, rules: onBus, mode: mode, bus: bus, to: records)
        }
    }

    /// Creates or replaces one rule on its bus; a new rule belongs to no stack.
    @discardableResult
    public func putRule(_ rule: Rule, connection: AMQPConnection) async throws -> TopologyApplyReport {
        try await change(bus: rule.eventBusName, connection: connection, declaringBus: true) {
            RuleSetChange.putting(rule, to: $0)
        }
    }

    /// Deletes rules of `bus` by name, whoever owns them. Their queues are kept with their events (orphaned).
    @discardableResult
    public func deleteRules(
        _ names: Set<String>, bus: String, connection: AMQPConnection, dryRun: Bool = false
    ) async throws -> TopologyApplyReport {
        try await change(bus: bus, connection: connection, dryRun: dryRun) { RuleSetChange.deleting(names, from: $0) }
    }

    /// Deletes every rule `stack` owns on `bus`.
    @discardableResult
    public func deleteStack(
        _ stack: String, bus: String, connection: AMQPConnection, dryRun: Bool = false
    ) async throws -> TopologyApplyReport {
        try await change(bus: bus, connection: connection, dryRun: dryRun) {
            RuleSetChange.deleting(stack: stack, from: $0)
        }
    }

    /// Carries out a change to the rules of `bus`, planned from the rules recorded there, under the bus's lock:
    /// declares the targets of new and touched rules, binds what they need, unbinds what is no longer wanted, and
    /// records the new rules. With `declaringBus` it also makes sure the bus exists (applying rules to a bus creates
    /// it; deleting rules never does). With `dryRun`, only reports what it would do.
    public func change(
        bus: String, connection: AMQPConnection, dryRun: Bool = false, declaringBus: Bool = false,
        _ plan: @Sendable ([RuleRecord]) throws -> RuleSetChange
    ) async throws -> TopologyApplyReport {
        let registry = RuleRegistry(connection: connection)
        let report = try await registry.withLock(bus: bus) {
            let previous = try await registry.read(bus: bus)
            let change = try plan(previous?.rules ?? [])
            let translator = RuleTranslator(settings: settings)
            let topology = translator.translate(bus: bus, rules: try change.after.map { try $0.rule() })
            // Rules recorded earlier whose pattern this Warren refuses still name their queues.
            let before = translator.translate(bus: bus, rules: change.before.compactMap { try? $0.rule() })
            var report = TopologyApplyReport(bus: bus, change: change, dryRun: dryRun)

            let redeclared = change.touched.union(change.added).union(change.changed)
            let previousBindings = Set(previous?.bindings ?? [])
            let wanted = Set(topology.bindings)
            let toDeclare = topology.targets.filter { redeclared.contains($0.ruleName) }
            let declaredQueues = Set(toDeclare.map(\.queue))
            report.bound = wanted.filter { declaredQueues.contains($0.queue) || !previousBindings.contains($0) }.sorted()
            report.unbound = previousBindings.subtracting(wanted).sorted()
            let inUse = Set(topology.targets.flatMap { [$0.queue, $0.deadLetterQueue] })
            let released = before.targets.flatMap { [$0.queue, $0.deadLetterQueue] }
            report.orphanedQueues = Set((previous?.orphanedQueues ?? []) + released).subtracting(inUse).sorted()
            let recorded = AppliedRules(
                bus: bus, appliedAt: EventTime.format(Date()), rules: change.after, bindings: wanted.sorted(),
                orphanedQueues: report.orphanedQueues)
            let isNewBus = previous == nil && declaringBus
            let changesRecord =
                isNewBus || previous.map {
                    $0.version != recorded.version || $0.rules != recorded.rules || $0.bindings != recorded.bindings
                        || $0.orphanedQueues != recorded.orphanedQueues
                } ?? false
            if dryRun || (!changesRecord && toDeclare.isEmpty) { return report }

            if isNewBus || !toDeclare.isEmpty {
                report.warnings += try await declareBus(topology, connection: connection)
            }
            for target in toDeclare {
                report.warnings += try await declareTarget(target, of: topology, connection: connection)
            }
            try await withChannel(connection) { channel in
                for binding in report.bound {
                    try await channel.bindQueue(binding.queue, to: topology.exchange, bindingKey: binding.bindingKey)
                }
                for binding in report.unbound {
                    try await channel.unbindQueue(binding.queue, from: topology.exchange, bindingKey: binding.bindingKey)
                }
            }
            if changesRecord { try await registry.write(recorded) }
            report.createdBus = isNewBus
            return report
        }
        if report.createdBus { try await BusRegistry(connection: connection).register(bus) }
        if !dryRun {
            logger.info(
                "applied rules",
                metadata: [
                    "bus": "\(bus)", "added": "\(report.change.added.count)",
                    "changed": "\(report.change.changed.count)", "removed": "\(report.change.removed.count)",
                    "bound": "\(report.bound.count)", "unbound": "\(report.unbound.count)",
                ])
        }
        return report
    }

    /// Deletes the orphaned queues of `bus` (target and dead-letter queues of deleted rules) that are empty and have
    /// no consumer; the others are kept and reported. Retries of a deleted rule still waiting in a delay queue come
    /// back to nothing once its queue is deleted: prune after they have been handled.
    public func pruneQueues(bus: String, connection: AMQPConnection) async throws -> QueuePruneReport {
        let registry = RuleRegistry(connection: connection)
        return try await registry.withLock(bus: bus) {
            guard var applied = try await registry.read(bus: bus) else { return QueuePruneReport(bus: bus) }
            var report = QueuePruneReport(bus: bus)
            for queue in applied.orphanedQueues {
                // Quorum queues refuse queue.delete's if-empty (and the refusal closes the connection): check first.
                // An unbound queue only gets the retries that were waiting for it, so the check holds.
                let state: AMQPQueueDeclareResult
                do {
                    state = try await withChannel(connection) { try await $0.declareQueuePassive(queue) }
                } catch let error as AMQPError where error.replyCode == 404 {
                    report.deleted.append(queue)  // already gone
                    continue
                }
                if state.messageCount > 0 || state.consumerCount > 0 {
                    report.kept.append((queue, Int(state.messageCount), Int(state.consumerCount)))
                } else {
                    _ = try await withChannel(connection) { try await $0.deleteQueue(queue) }
                    report.deleted.append(queue)
                }
            }
            applied.orphanedQueues = report.kept.map(\.queue)
            try await registry.write(applied)
            return report
        }
    }

    /// Runs `body` on a new channel and closes it, also when `body` throws.
    private func withChannel<Result: Sendable>(
        _ connection: AMQPConnection, _ body: (AMQPChannel) async throws -> Result
    ) async throws -> Result {
        let channel = try await connection.openChannel()
        do {
            let result = try await body(channel)
            try? await channel.close()
            return result
        } catch {
            try? await channel.close()
            throw error
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

/// What a change of a bus's rules did (or, in a dry run, would do).
public struct TopologyApplyReport: Sendable, Hashable {
    public var bus: String
    /// The rules before and after.
    public var change: RuleSetChange
    public var dryRun: Bool
    /// Bindings made (new ones, and those of the rules declared again).
    public var bound: [TargetBinding] = []
    public var unbound: [TargetBinding] = []
    /// Target and dead-letter queues no rule uses: unbound, kept with their events.
    public var orphanedQueues: [String] = []
    public var warnings: [String] = []
    /// Whether the bus had no rules record before and was declared.
    public var createdBus = false

    public init(bus: String, change: RuleSetChange, dryRun: Bool) {
        self.bus = bus
        self.change = change
        self.dryRun = dryRun
    }
}

/// What `TopologyApplier.pruneQueues` did.
public struct QueuePruneReport: Sendable {
    public var bus: String
    public var deleted: [String] = []
    /// Queues that still hold events or have consumers, with their counts.
    public var kept: [(queue: String, messages: Int, consumers: Int)] = []

    public init(bus: String) {
        self.bus = bus
    }
}
