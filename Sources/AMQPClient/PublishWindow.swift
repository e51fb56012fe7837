import Synchronization

/// Bounds how many publishes of a confirm-mode channel may await their confirm at once: back-pressure for
/// producers that publish faster than the broker confirms.
final class PublishWindow: Sendable {
    private struct State {
        var available: Int
        var waiters: [CheckedContinuation<Void, any Error>] = []
        var waiterHead = 0
        var closedError: AMQPError?
    }

    private let state: Mutex<State>

    init(size: Int) {
        state = Mutex(State(available: size))
    }

    /// Takes a slot, waiting while the window is full.
    func acquire() async throws {
        let acquired: Result<Bool, AMQPError> = state.withLock { state in
            if let error = state.closedError { return .failure(error) }
            if state.available > 0 && state.waiterHead == state.waiters.count {
                state.available -= 1
                return .success(true)
            }
            return .success(false)
        }
        if try acquired.get() { return }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let immediate: Result<Void, AMQPError>? = state.withLock { state in
                if let error = state.closedError { return .failure(error) }
                if state.available > 0 && state.waiterHead == state.waiters.count {
                    state.available -= 1
                    return .success(())
                }
                state.waiters.append(continuation)
                return nil
            }
            if let immediate { continuation.resume(with: immediate.mapError { $0 as any Error }) }
        }
    }

    /// Returns `count` slots, waking waiters in order.
    func release(_ count: Int) {
        guard count > 0 else { return }
        let woken: [CheckedContinuation<Void, any Error>] = state.withLock { state in
            state.available += count
            var woken: [CheckedContinuation<Void, any Error>] = []
            while state.available > 0 && state.waiterHead < state.waiters.count {
                woken.append(state.waiters[state.waiterHead])
                state.waiterHead += 1
                state.available -= 1
            }
            if state.waiterHead == state.waiters.count {
                state.waiters.removeAll(keepingCapacity: true)
                state.waiterHead = 0
            }
            return woken
        }
        for waiter in woken { waiter.resume() }
    }

    /// Fails every waiter and every later `acquire` with `error`.
    func close(with error: AMQPError) {
        let waiters: ArraySlice<CheckedContinuation<Void, any Error>> = state.withLock { state in
            state.closedError = state.closedError ?? error
            let waiting = state.waiters[state.waiterHead...]
            state.waiters.removeAll()
            state.waiterHead = 0
            return waiting
        }
        for waiter in waiters { waiter.resume(throwing: error) }
    }
}
