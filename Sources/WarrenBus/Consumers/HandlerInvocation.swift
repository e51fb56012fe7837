import Synchronization

/// A handler that ran past its time limit.
public struct HandlerTimeout: Error, Sendable, CustomStringConvertible {
    public var limit: Duration
    public var description: String { "the handler did not finish within \(limit)" }
}

/// Calls a handler with a time limit.
///
/// The handler runs in its own task so that one which ignores cancellation cannot hold the consumer: at the limit
/// the caller gets `HandlerTimeout` and moves on, and the handler's task is cancelled.
enum HandlerInvocation {
    static func run(_ handler: @escaping EventHandler, _ event: ConsumedEvent, timeout: Duration) async throws {
        let race = OnceFlag()
        let handlerSlot = TaskSlot()
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            // The timer exists before the handler starts, so a handler that finishes at once can always cancel it.
            let timer = Task {
                guard (try? await Task.sleep(for: timeout)) != nil else { return }
                if race.claim() {
                    continuation.resume(throwing: HandlerTimeout(limit: timeout))
                    handlerSlot.task?.cancel()
                }
            }
            handlerSlot.task = Task {
                do {
                    try await handler(event)
                    if race.claim() { continuation.resume() }
                } catch {
                    if race.claim() { continuation.resume(throwing: error) }
                }
                timer.cancel()
            }
        }
    }

    /// The handler's task, which the timer cancels when the limit passes.
    private final class TaskSlot: Sendable {
        private let slot = Mutex<Task<Void, Never>?>(nil)

        var task: Task<Void, Never>? {
            get { slot.withLock { $0 } }
            set { slot.withLock { $0 = newValue } }
        }
    }
}
