import Synchronization

/// What a target consumer has done so far; readable from any thread while it runs.
public final class ConsumerCounters: Sendable {
    /// A consistent copy of the counters.
    public struct Snapshot: Sendable, Hashable, CustomStringConvertible {
        /// Deliveries taken from the queue.
        public var received = 0
        /// Deliveries the in-consumer filter rejected (acked, never handed to the handler).
        public var filteredOut = 0
        /// Events the handler completed.
        public var handled = 0
        /// Events sent to a delay queue for another attempt.
        public var retried = 0
        /// Events sent to the dead-letter queue (retries exhausted, not retryable, malformed, poison).
        public var deadLettered = 0
        /// Of those, messages that were not valid events.
        public var malformed = 0
        /// Of those, events refused before the handler: not matching the rule as they arrived (`ROUTING_MISMATCH`,
        /// `PATTERN_MISMATCH`) or not published through PutEvents (`RAW_PUBLISH`).
        public var refused = 0
        /// Events skipped because their id was handled recently (de-duplication on).
        public var duplicates = 0
        /// Times the consumer had to reconnect and resume.
        public var reconnects = 0

        public var description: String {
            "received=\(received) filtered_out=\(filteredOut) handled=\(handled) retried=\(retried) dead_lettered=\(deadLettered) malformed=\(malformed) refused=\(refused) duplicates=\(duplicates) reconnects=\(reconnects)"
        }
    }

    private let state = Mutex(Snapshot())

    public init() {}

    public var snapshot: Snapshot { state.withLock { $0 } }

    func update(_ change: (inout Snapshot) -> Void) {
        state.withLock { change(&$0) }
    }
}
