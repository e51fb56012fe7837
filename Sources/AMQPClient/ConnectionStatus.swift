import Synchronization

/// The part of a connection's state that any task may read: whether it is open, and why it closed.
final class ConnectionStatus: Sendable {
    private struct State {
        var isOpen = true
        var closeError: AMQPError?
        var waiters: [CheckedContinuation<AMQPError?, Never>] = []
    }

    private let state = Mutex(State())

    var isOpen: Bool { state.withLock { $0.isOpen } }

    /// The error that closed the connection; nil while open or after a close the application asked for.
    var closeError: AMQPError? { state.withLock { $0.closeError } }

    func markClosed(_ error: AMQPError?) {
        let waiters: [CheckedContinuation<AMQPError?, Never>] = state.withLock { state in
            guard state.isOpen else { return [] }
            state.isOpen = false
            state.closeError = error
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(returning: error) }
    }

    func waitUntilClosed() async -> AMQPError? {
        await withCheckedContinuation { (continuation: CheckedContinuation<AMQPError?, Never>) in
            let closed: AMQPError?? = state.withLock { state in
                if !state.isOpen { return .some(state.closeError) }
                state.waiters.append(continuation)
                return nil
            }
            if let closed { continuation.resume(returning: closed) }
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
