/// Waits for a task's value until a deadline, without cancelling the task: used to give up on a reconnect that is
/// shared with other callers (it goes on for them).
enum DeadlineRace {
    /// The task's value, or `timeoutError` when `deadline` comes first.
    static func value<Value: Sendable>(
        of task: Task<Value, any Error>, before deadline: ContinuousClock.Instant,
        timeoutError: @escaping @Sendable () -> any Error
    ) async throws -> Value {
        let race = OnceFlag()
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Value, any Error>) in
            let timer = Task {
                guard (try? await ContinuousClock().sleep(until: deadline)) != nil else { return }
                if race.claim() { continuation.resume(throwing: timeoutError()) }
            }
            Task {
                let result = await task.result
                timer.cancel()
                if race.claim() { continuation.resume(with: result) }
            }
        }
    }

}
