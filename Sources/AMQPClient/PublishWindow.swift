import Synchronization

/// Bounds how many publishes of a confirm-mode channel may await their confirm at once: back-pressure for
/// producers that publish faster than the broker confirms. Waiters get slots in arrival order.
final class PublishWindow: Sendable {
    private let state: Mutex<PublishWindowState<OutcomeContinuation<Result<Void, AMQPError>>>>

    init(size: Int) {
        state = Mutex(PublishWindowState(size: size))
    }

    /// Free slots, and tasks waiting for one (for tests and diagnostics).
    var available: Int { state.withLock { $0.available } }
    var waiterCount: Int { state.withLock { $0.waiterCount } }

    /// Takes a slot, waiting while the window is full.
    /// - Throws: the error that closed the window, or `CancellationError` if the task is cancelled while it waits
    ///   (it then holds no slot).
    func acquire() async throws {
        switch state.withLock({ $0.acquire() }) {
        case .acquired: return
        case .failed(let error): throw error
        case .mustWait: break
        }
        guard let outcome = await state.waitForOutcome() else { throw CancellationError() }
        try outcome.get()
    }

    /// Gives back `count` slots, waking waiters in order.
    func release(_ count: Int) {
        guard count > 0 else { return }
        let woken = state.withLock { $0.release(count) }
        for waiter in woken { waiter.resume(returning: .success(())) }
    }

    /// Fails every waiter and every later `acquire` with `error`.
    func close(with error: AMQPError) {
        let waiters = state.withLock { $0.close(with: error) }
        for waiter in waiters { waiter.resume(returning: .failure(error)) }
    }
}
