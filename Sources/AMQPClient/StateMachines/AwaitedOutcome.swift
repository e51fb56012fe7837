/// A result decided once and awaited by any number of tasks: a publish's confirm, the end of a connection, the reply
/// to one command posted to a connection's thread.
///
/// A pure value: its owner keeps it behind a lock and resumes the waiters it returns after unlocking.
struct AwaitedOutcome<Outcome, Waiter> {
    /// Nil until decided.
    private(set) var outcome: Outcome?
    private var waiters = WaiterQueue<Waiter>()

    /// Whether a task waits (false once every waiter was resumed or cancelled).
    var hasWaiters: Bool { !waiters.isEmpty }
    var waiterCount: Int { waiters.count }

    /// A task asks for the outcome. A known outcome is returned even to a cancelled task: it waits for nothing.
    mutating func wait(_ waiter: Waiter, id: WaiterID, isCancelled: Bool) -> WaitDecision<Outcome> {
        if let outcome { return .resume(outcome) }
        if isCancelled { return .cancelled }
        waiters.append(waiter, id: id)
        return .suspended
    }

    /// Decides the outcome and returns the waiters to resume with it; nil when it was already decided (only the
    /// first decision counts: a returned message is settled, and its ack arrives later).
    mutating func settle(_ outcome: Outcome) -> [Waiter]? {
        guard self.outcome == nil else { return nil }
        self.outcome = outcome
        return waiters.removeAll()
    }

    /// The task with this id was cancelled: takes its waiter out, to be resumed with `CancellationError`; nil when
    /// the outcome already took it.
    mutating func cancel(_ id: WaiterID) -> Waiter? {
        waiters.remove(id: id)
    }
}
