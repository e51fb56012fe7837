import Synchronization

/// The broker's answer to one published message.
///
/// On a channel in confirm mode it completes when the broker acks (success), nacks (`.nacked`) or returns a
/// mandatory message as unroutable (`.unroutable`), or when the channel or connection closes first. On a channel
/// without confirms it completes once the message is written to the socket. Safe to await from any task, more
/// than once.
public final class AMQPPublishConfirmation: Sendable {
    private enum State {
        case pending([CheckedContinuation<Void, any Error>])
        case confirmed
        case failed(AMQPError)
    }

    private let state = Mutex(State.pending([]))

    init() {}

    /// Waits for the broker's answer.
    /// - Throws: `AMQPError` with code `.nacked`, `.unroutable`, or the error that closed the channel.
    public func wait() async throws {
        // Fast path: most confirmations are awaited after they arrived (pipelined publishing).
        let settled: Result<Void, AMQPError>? = state.withLock { state in
            switch state {
            case .confirmed: .success(())
            case .failed(let error): .failure(error)
            case .pending: nil
            }
        }
        if let settled { return try settled.get() }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let settled: Result<Void, AMQPError>? = state.withLock { state in
                switch state {
                case .confirmed: return .success(())
                case .failed(let error): return .failure(error)
                case .pending(var waiters):
                    waiters.append(continuation)
                    state = .pending(waiters)
                    return nil
                }
            }
            if let settled { continuation.resume(with: settled) }
        }
    }

    /// Whether the broker has answered (either way).
    public var isSettled: Bool {
        state.withLock { if case .pending = $0 { false } else { true } }
    }

    /// Completes the confirmation; only the first call has an effect (a return is followed by an ack).
    func settle(_ result: Result<Void, AMQPError>) {
        let waiters: [CheckedContinuation<Void, any Error>] = state.withLock { state in
            guard case .pending(let waiters) = state else { return [] }
            switch result {
            case .success: state = .confirmed
            case .failure(let error): state = .failed(error)
            }
            return waiters
        }
        for waiter in waiters { waiter.resume(with: result.mapError { $0 as any Error }) }
    }
}
