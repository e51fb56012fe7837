import Synchronization

/// A one-shot signal that a consumer's `stop()` raises, so that a wait that may last (a reconnect while the broker
/// is down) can be given up: graceful shutdown must not wait for the broker to come back.
final class StopSignal: Sendable {
    private struct State {
        var raised = false
        var waiters: [Int: @Sendable () -> Void] = [:]
        var nextWaiter = 0
    }

    private let state = Mutex(State())

    var isRaised: Bool { state.withLock { $0.raised } }

    /// Raises the signal: every wait in `value(of:)` returns nil.
    func raise() {
        let waiters = state.withLock { state in
            state.raised = true
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter() }
    }

    /// The task's value, or nil when the signal is raised first (the task goes on; it is not cancelled).
    func value<Value: Sendable>(of task: Task<Value, any Error>) async throws -> Value? {
        let settled = OnceFlag()
        let resumeOnce: @Sendable (CheckedContinuation<Value?, any Error>, Result<Value?, any Error>) -> Void = {
            continuation, result in
            if settled.claim() { continuation.resume(with: result) }
        }
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Value?, any Error>) in
            let waiter = state.withLock { state -> Int? in
                guard !state.raised else { return nil }
                let id = state.nextWaiter
                state.nextWaiter += 1
                state.waiters[id] = { resumeOnce(continuation, .success(nil)) }
                return id
            }
            guard let waiter else {
                resumeOnce(continuation, .success(nil))
                return
            }
            Task {
                let result = await task.result
                self.state.withLock { _ = $0.waiters.removeValue(forKey: waiter) }
                resumeOnce(continuation, result.map(Optional.some))
            }
        }
    }
}
