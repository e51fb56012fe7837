import Synchronization

/// The part of a connection's state that any task may read: whether it is open, and why it closed.
final class ConnectionStatus: Sendable {
    /// How the connection ended: success after a close the application asked for, else the error.
    private typealias Ending = Result<Void, AMQPError>

    private let state = Mutex(AwaitedOutcome<Ending, OutcomeContinuation<Ending>>())

    var isOpen: Bool { state.withLock { $0.outcome == nil } }

    /// The error that closed the connection; nil while open or after a close the application asked for.
    var closeError: AMQPError? {
        guard case .failure(let error) = state.withLock({ $0.outcome }) else { return nil }
        return error
    }

    func markClosed(_ error: AMQPError?) {
        let ending: Ending = error.map { .failure($0) } ?? .success(())
        guard let waiters = state.withLock({ $0.settle(ending) }) else { return }
        for waiter in waiters { waiter.resume(returning: ending) }
    }

    /// Waits until the connection is closed; returns the error that closed it, or nil after `close()`.
    func waitUntilClosed() async throws(CancellationError) -> AMQPError? {
        switch await state.waitForOutcome() {
        case nil: throw CancellationError()
        case .success?: return nil
        case .failure(let error)?: return error
        }
    }
}

/// The part of a channel's state that any task may read: whether it is open and its confirm window.
final class ChannelStatus: Sendable {
    private struct State {
        var isOpen = true
        var closeError: AMQPError?
        var confirmWindow: PublishWindow?
    }

    private let state = Mutex(State())

    var isOpen: Bool { state.withLock { $0.isOpen } }

    /// Throws why the channel is closed, if it is.
    func checkOpen(_ operation: String) throws(AMQPError) {
        let error: AMQPError?? = state.withLock { $0.isOpen ? nil : .some($0.closeError) }
        if let error { throw AMQPError.channelClosed(operation, because: error) }
    }

    /// The confirm window, once `confirm.select` succeeded.
    var confirmWindow: PublishWindow? { state.withLock { $0.confirmWindow } }

    func enableConfirms(window: PublishWindow) {
        state.withLock { $0.confirmWindow = $0.confirmWindow ?? window }
    }

    func markClosed(_ error: AMQPError?) {
        let window: PublishWindow? = state.withLock { state in
            guard state.isOpen else { return nil }
            state.isOpen = false
            state.closeError = error
            return state.confirmWindow
        }
        window?.close(with: AMQPError.channelClosed("basic.publish", because: error))
    }
}
