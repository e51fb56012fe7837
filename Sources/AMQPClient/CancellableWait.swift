import Synchronization

/// The continuation of a task waiting for an outcome; it is resumed with nil when the task is cancelled.
typealias OutcomeContinuation<Outcome> = CheckedContinuation<Outcome?, Never>

/// A state machine that keeps waiting tasks under ids, so a cancelled one can be taken out (`AwaitedOutcome`,
/// `PublishWindowState`). Its type is shared with the cancellation handler, hence `SendableMetatype`.
protocol CancellableWaiters: SendableMetatype {
    associatedtype Outcome

    /// Decides whether the task waits; reads `isCancelled` under the owner's lock.
    mutating func wait(_ waiter: OutcomeContinuation<Outcome>, id: WaiterID, isCancelled: Bool)
        -> WaitDecision<Outcome>
    /// Takes out the waiter of a cancelled task; nil when an event already took it.
    mutating func cancel(_ id: WaiterID) -> OutcomeContinuation<Outcome>?
}

extension AwaitedOutcome: CancellableWaiters where Waiter == OutcomeContinuation<Outcome> {}

extension PublishWindowState: CancellableWaiters where Waiter == OutcomeContinuation<Result<Void, AMQPError>> {
    typealias Outcome = Result<Void, AMQPError>
}

extension Mutex where Value: CancellableWaiters {
    /// Suspends the current task until an event or its cancellation resumes it; returns nil when it was cancelled.
    ///
    /// The decision to wait is made under the lock, reading `Task.isCancelled` there: a task cancelled before its
    /// waiter was stored finds nothing to remove in its cancellation handler, so the state machine answers
    /// `.cancelled` itself. Whoever takes a waiter out of the list (an event, or the cancellation handler) resumes
    /// it, so each waiter is resumed exactly once. `suspended` runs after the waiter is stored, outside the lock.
    func waitForOutcome(suspended: () -> Void = {}) async -> Value.Outcome? where Value.Outcome: Sendable {
        let id = WaiterID.next()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: OutcomeContinuation<Value.Outcome>) in
                switch withLock({ $0.wait(continuation, id: id, isCancelled: Task.isCancelled) }) {
                case .resume(let outcome): continuation.resume(returning: outcome)
                case .cancelled: continuation.resume(returning: nil)
                case .suspended: suspended()
                }
            }
        } onCancel: {
            withLock { $0.cancel(id) }?.resume(returning: nil)
        }
    }
}
