import Synchronization

/// True for the first caller of `claim()` only: decides which of several racing tasks (a handler and its timer,
/// a reconnect and a deadline or a stop) resumes a continuation, which must happen exactly once.
final class OnceFlag: Sendable {
    private let claimed = Mutex(false)

    func claim() -> Bool {
        claimed.withLock { claimed in
            defer { claimed = true }
            return !claimed
        }
    }
}
