import Synchronization

/// The caller's side of one piece of work posted to a connection's thread: the thread settles it with the work's
/// result; a cancelled caller stops waiting at once, and the result is then dropped.
final class PendingReply<Value: Sendable>: Sendable {
    typealias Outcome = Result<Value, AMQPError>

    private let state = Mutex(AwaitedOutcome<Outcome, OutcomeContinuation<Outcome>>())

    /// Whether the caller still waits: false once its task was cancelled (or the reply was delivered).
    var isAwaited: Bool { state.withLock { $0.hasWaiters } }

    /// Delivers the result; returns false when nobody waits for it any more.
    @discardableResult
    func settle(_ outcome: Outcome) -> Bool {
        guard let waiters = state.withLock({ $0.settle(outcome) }), !waiters.isEmpty else { return false }
        for waiter in waiters { waiter.resume(returning: outcome) }
        return true
    }

    /// Registers the caller, then calls `start` (which hands the work to the thread), and returns the result.
    /// A task cancelled before it registered does not call `start`.
    /// - Throws: the work's `AMQPError`, or `CancellationError`.
    func wait(startingWith start: () -> Void) async throws -> Value {
        guard let outcome = await state.waitForOutcome(suspended: start) else { throw CancellationError() }
        return try outcome.get()
    }
}
