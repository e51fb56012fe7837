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
        let race = Race()
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let handlerTask = Task {
                do {
                    try await handler(event)
                    if race.win() { continuation.resume() }
                } catch {
                    if race.win() { continuation.resume(throwing: error) }
                }
                race.timer?.cancel()
            }
            race.timer = Task {
                guard (try? await Task.sleep(for: timeout)) != nil else { return }
                if race.win() {
                    continuation.resume(throwing: HandlerTimeout(limit: timeout))
                    handlerTask.cancel()
                }
            }
        }
    }

    /// Whoever finishes first between the handler and the timer resumes the caller; the other does nothing.
    private final class Race: Sendable {
        private let state = Mutex<(finished: Bool, timer: Task<Void, Never>?)>((false, nil))

        func win() -> Bool {
            state.withLock { state in
                defer { state.finished = true }
                return !state.finished
            }
        }

        var timer: Task<Void, Never>? {
            get { state.withLock { $0.timer } }
            set { state.withLock { $0.timer = newValue } }
        }
    }
}
