/// How many deliveries a target consumer takes at once, and when that changes: its defence against charging
/// innocent events with the crashes of a poison message. A pure state machine, tested without a broker.
///
/// A quorum queue counts, per message, the deliveries that ended without being settled (`x-delivery-count`) and puts
/// such messages back at its head. A consumer process that dies returns everything it had prefetched, so each of
/// those messages is charged with the crash, and the next consumer gets them all back at once: with a full prefetch,
/// a message that crashes every consumer would take its neighbours to the delivery limit with it.
///
/// So every subscription starts `oneAtATime` (prefetch 1: if the process dies, only the delivery being handled is
/// charged) and opens up to the configured prefetch once a delivery arrives that never came back unsettled (those
/// that did are served first, so they are behind it). A delivery that came back unsettled while at full prefetch
/// (another consumer of the target died) closes it again.
struct DeliveryIntake: Sendable, Hashable {
    enum Mode: Sendable, Hashable {
        /// Prefetch 1.
        case oneAtATime
        /// The configured prefetch.
        case full
    }

    /// The configured prefetch.
    let fullPrefetch: UInt16
    private(set) var mode = Mode.oneAtATime
    /// Whether the current subscription is being cancelled to change mode.
    private(set) var isSwitching = false

    init(fullPrefetch: UInt16) {
        self.fullPrefetch = fullPrefetch
    }

    /// The prefetch of the next subscription.
    var prefetch: UInt16 { mode == .oneAtATime ? 1 : fullPrefetch }

    /// Records a delivery as it arrives; returns true when the subscription must be cancelled (before the delivery
    /// is handled) so that the next one uses the other mode. The deliveries that arrive until the cancel takes
    /// effect are handled as usual.
    mutating func received(cameBackUnsettled: Bool) -> Bool {
        guard !isSwitching, fullPrefetch > 1 else { return false }
        switch (mode, cameBackUnsettled) {
        case (.oneAtATime, false), (.full, true):
            isSwitching = true
            return true
        case (.oneAtATime, true), (.full, false):
            return false
        }
    }

    /// The subscription ended: returns whether to subscribe again (a mode switch) rather than stop, and takes the
    /// new mode.
    mutating func subscriptionEnded() -> Bool {
        guard isSwitching else { return false }
        isSwitching = false
        mode = mode == .full ? .oneAtATime : .full
        return true
    }

    /// After a reconnect: nothing is known about what waits at the head of the queue.
    mutating func restart() {
        mode = .oneAtATime
        isSwitching = false
    }
}
