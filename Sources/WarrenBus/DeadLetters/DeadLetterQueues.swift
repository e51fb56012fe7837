public import AMQPClient
public import Logging
import Foundation

// Design note: reading and redriving a dead-letter queue.
//
// Both take messages with `basic.get` until the queue has none ready, and hold them unacknowledged: a message taken
// once is not handed out again while held, so each is seen once, however many are not selected, and the operation
// ends. A held message the operation does not remove is returned with `basic.nack(requeue)`
// (or, if the process dies, when its connection closes): a quorum queue puts it back at its head with
// `x-delivery-count` one higher. Warren's dead-letter queues have no delivery limit (`TopologyApplier` declares
// them without `x-delivery-limit`, and RabbitMQ 3.x sets none by default), so reading them any number of times
// loses nothing; a redriven copy drops that count. (RabbitMQ 4.0 gives every quorum queue a default limit of 20:
// there, a policy `delivery-limit: -1` on `warren-dlq:.*` keeps that true.)
//
// Each copy carries the run's `warren-redrive-id`, which a consumer's dead letter keeps: an event that fails again
// while its redrive runs comes back to the dead-letter queue with it, and the run holds it and leaves it for the
// next run, so a target that keeps failing cannot make a redrive loop.
//
// A redrive publishes each selected message's copy to the target queue (default exchange, mandatory, persistent,
// with publisher confirms) and acks the original only once the broker confirmed the copy. Nothing is lost: until
// that ack, the original stays in the dead-letter queue. A process killed between a confirm and its ack leaves
// both the copy and the original, which the next run sends again: at most `inFlight` events per interruption
// reach the target twice, each copy with the event's id (consumers with a de-duplication window skip them). A
// graceful stop (`isStopRequested`) takes no new message and settles those in flight: no duplicate.

/// The dead-letter queues of rule targets on the broker: their message counts, their messages, and redrive.
public struct DeadLetterQueues: Sendable {
    public let connection: AMQPConnection
    public var logger: Logger

    public init(connection: AMQPConnection, logger: Logger = Logger(label: "warren.dlq")) {
        self.connection = connection
        self.logger = logger
    }

    /// The targets of the rules recorded for `bus`, with their queues and dead-letter queues; empty when no rules
    /// were applied to it.
    public func targets(ofBus bus: String) async throws -> [TargetTopology] {
        let registry = RuleRegistry(connection: connection)
        let applied = try await registry.withLock(bus: bus) { try await registry.read(bus: bus) }
        // Names only: the ARNs' account and region do not matter here, and a rule whose recorded pattern this
        // Warren refuses still names its queues.
        let rules = (applied?.rules ?? []).compactMap { try? $0.rule() }
        return RuleTranslator().translate(bus: bus, rules: rules).targets
    }

    /// The queue's ready messages and consumers; nil when it does not exist.
    public func status(of queue: String) async throws -> AMQPQueueDeclareResult? {
        // A passive declare of a missing queue closes its channel: a channel of its own.
        let channel = try await connection.openChannel()
        do {
            let status = try await channel.declareQueuePassive(queue)
            try? await channel.close()
            return status
        } catch let error as AMQPError where error.replyCode == 404 {
            return nil
        }
    }

    /// Up to `limit` selected messages of `queue`, from its head, without removing any.
    public func browse(
        _ queue: String, selection: DeadLetterSelection = .everything, limit: Int = 100
    ) async throws -> DeadLetterBrowse {
        let channel = try await connection.openChannel()
        do {
            var browse = DeadLetterBrowse(queue: queue)
            var lastTag: UInt64?
            while browse.letters.count < limit {
                guard let delivery = try await channel.get(queue: queue) else {
                    browse.reachedEnd = true
                    break
                }
                lastTag = delivery.deliveryTag
                browse.scanned += 1
                let letter = DeadLetter(body: delivery.body, properties: delivery.properties)
                if selection.contains(letter) { browse.letters.append(letter) }
            }
            if let lastTag { try await channel.nack(deliveryTag: lastTag, multiple: true, requeue: true) }
            try await channel.close()
            return browse
        } catch {
            // Closing returns what the channel held.
            try? await channel.close()
            throw error
        }
    }

    /// Sends the selected messages of `deadLetterQueue` back to `targetQueue`, each acknowledged in the dead-letter
    /// queue only once the broker confirmed its copy (see the design note above).
    ///
    /// - Parameters:
    ///   - inFlight: copies awaiting their confirm at once; also the most events an interrupted redrive can send
    ///     twice.
    ///   - isStopRequested: polled before each message; when it returns true, the redrive takes no more and settles
    ///     those in flight.
    ///   - progress: called after each message taken, with the counts so far.
    /// - Returns: what was done. When a copy cannot be published (the target queue is missing: the copy comes back
    ///   unroutable), the redrive stops there and `failure` says why; that message and those after it stay in the
    ///   dead-letter queue.
    public func redrive(
        from deadLetterQueue: String, to targetQueue: String, selection: DeadLetterSelection = .everything,
        inFlight: Int = 100, isStopRequested: @Sendable () -> Bool = { false },
        progress: (RedriveReport) -> Void = { _ in }
    ) async throws -> RedriveReport {
        precondition(inFlight >= 1, "a redrive keeps at least one copy in flight")
        let reader = try await connection.openChannel()
        let publisher: AMQPChannel
        do {
            publisher = try await connection.openChannel()
            try await publisher.enableConfirms(window: inFlight)
        } catch {
            try? await reader.close()
            throw error
        }
        var report = RedriveReport(deadLetterQueue: deadLetterQueue, targetQueue: targetQueue)
        var pending = PendingCopies()
        let run = UUID().uuidString.lowercased()
        do {
            var lastTag: UInt64?
            while report.failure == nil, !isStopRequested() {
                guard let delivery = try await reader.get(queue: deadLetterQueue) else {
                    report.reachedEnd = true
                    break
                }
                lastTag = delivery.deliveryTag
                let letter = DeadLetter(body: delivery.body, properties: delivery.properties)
                if delivery.properties.headers?[RetryHeaders.redriveID]?.stringValue == run {
                    report.cameBack += 1
                } else if selection.contains(letter) {
                    report.scanned += 1
                    let confirmation = try await publisher.startPublish(
                        delivery.body, exchange: "", routingKey: targetQueue,
                        properties: RedriveCopy.properties(of: delivery.properties, run: run, redrivenAt: Date()),
                        mandatory: true)
                    pending.append(tag: delivery.deliveryTag, confirmation: confirmation)
                    // Ack what the broker has confirmed; wait for the oldest copy when the window is full.
                    try await settle(&pending, keeping: inFlight - 1, reader: reader, report: &report)
                } else {
                    report.scanned += 1
                    report.notSelected += 1
                }
                progress(report)
            }
            try await settle(&pending, keeping: 0, reader: reader, report: &report)
            // The messages not redriven (not selected, back again, or after a failure) return to the head, in order.
            if let lastTag, report.redriven < report.scanned + report.cameBack {
                try await reader.nack(deliveryTag: lastTag, multiple: true, requeue: true)
            }
            try await reader.close()
            try? await publisher.close()
            logger.info(
                "redrive finished",
                metadata: [
                    "queue": "\(deadLetterQueue)", "target_queue": "\(targetQueue)", "redriven": "\(report.redriven)",
                    "not_selected": "\(report.notSelected)", "came_back": "\(report.cameBack)",
                    "failure": "\(report.failure ?? "none")",
                ])
            return report
        } catch {
            // Closing returns every message not yet acknowledged to the dead-letter queue.
            try? await reader.close()
            try? await publisher.close()
            throw error
        }
    }

    /// Acknowledges the originals whose copies the broker confirmed, oldest first, until at most `keeping` copies
    /// are in flight. A copy the broker refused is left unacknowledged and ends the redrive (`report.failure`).
    private func settle(
        _ pending: inout PendingCopies, keeping: Int, reader: AMQPChannel, report: inout RedriveReport
    ) async throws {
        while let oldest = pending.first, pending.count > keeping || oldest.confirmation.isSettled {
            pending.removeFirst()
            do {
                try await oldest.confirmation.wait()
            } catch let error as AMQPError where error.code == .unroutable || error.code == .nacked {
                report.failure = report.failure ?? Self.reason(error, targetQueue: report.targetQueue)
                continue
            }
            try await reader.ack(deliveryTag: oldest.tag)
            report.redriven += 1
        }
    }

    private static func reason(_ error: AMQPError, targetQueue: String) -> String {
        error.code == .unroutable
            ? "the target queue '\(targetQueue)' does not exist (the copy came back unroutable)"
            : "the broker refused the copy: \(error)"
    }
}

/// Copies published and not yet settled, oldest first, each with the delivery tag of its original.
private struct PendingCopies {
    private var entries: [(tag: UInt64, confirmation: AMQPPublishConfirmation)] = []
    private var start = 0

    var count: Int { entries.count - start }
    var first: (tag: UInt64, confirmation: AMQPPublishConfirmation)? { start < entries.count ? entries[start] : nil }

    mutating func append(tag: UInt64, confirmation: AMQPPublishConfirmation) {
        entries.append((tag, confirmation))
    }

    mutating func removeFirst() {
        start += 1
        // Compact now and then, so the array does not grow with the queue.
        if start > 1024, start * 2 > entries.count {
            entries.removeFirst(start)
            start = 0
        }
    }
}

/// What `DeadLetterQueues.browse` read.
public struct DeadLetterBrowse: Sendable {
    public var queue: String
    /// Messages looked at, from the head of the queue.
    public var scanned = 0
    /// Whether every message of the queue was looked at (else the limit was reached first).
    public var reachedEnd = false
    /// The selected ones, in queue order.
    public var letters: [DeadLetter] = []

    public init(queue: String) {
        self.queue = queue
    }
}

/// What a redrive did.
public struct RedriveReport: Sendable, Hashable {
    public var deadLetterQueue: String
    public var targetQueue: String
    /// Messages looked at (not counting `cameBack`).
    public var scanned = 0
    /// Sent back to the target queue (confirmed) and removed from the dead-letter queue.
    public var redriven = 0
    /// Not selected, left in the dead-letter queue.
    public var notSelected = 0
    /// Redriven by this run, failed again and dead-lettered while it ran: left for the next run.
    public var cameBack = 0
    /// Whether every message was looked at; false when a stop request or a failure ended the redrive first.
    public var reachedEnd = false
    /// Why it stopped early, when a copy could not be published; the messages not redriven stay in the queue.
    public var failure: String?

    public init(deadLetterQueue: String, targetQueue: String) {
        self.deadLetterQueue = deadLetterQueue
        self.targetQueue = targetQueue
    }
}
