import Synchronization

/// The broker's answer to one published message.
///
/// On a channel in confirm mode it completes when the broker acks (success), nacks (`.nacked`) or returns a
/// mandatory message as unroutable (`.unroutable`), or when the channel or connection closes first. On a channel
/// without confirms it completes once the message is written to the socket. Safe to await from any task, more
/// than once. It keeps its channel (and so the connection) open until it completes.
public final class AMQPPublishConfirmation: Sendable {
    private typealias Outcome = Result<Void, AMQPError>

    private let state = Mutex(AwaitedOutcome<Outcome, OutcomeContinuation<Outcome>>())
    /// Keeps the channel open while the answer is awaited.
    private let channel: AMQPChannel
    /// The confirm-window slot this publish holds; given back when it completes.
    private let window: PublishWindow?

    init(channel: AMQPChannel, window: PublishWindow?) {
        self.channel = channel
        self.window = window
    }

    /// Waits for the broker's answer.
    ///
    /// Cancelling the waiting task ends the wait with `CancellationError`, not the publish: the message may still
    /// reach the broker, and the confirmation still completes. An answer already there is returned even to a
    /// cancelled task.
    /// - Throws: `AMQPError` with code `.nacked`, `.unroutable`, or the error that closed the channel;
    ///   `CancellationError`.
    public func wait() async throws {
        // Fast path: most confirmations are awaited after they arrived (pipelined publishing).
        if let outcome = state.withLock({ $0.outcome }) { return try outcome.get() }
        guard let outcome = await state.waitForOutcome() else { throw CancellationError() }
        try outcome.get()
    }

    /// Whether the broker has answered (either way).
    public var isSettled: Bool {
        state.withLock { $0.outcome != nil }
    }

    /// Completes the confirmation and gives back its window slot; only the first call has an effect (a return is
    /// followed by an ack).
    func settle(_ result: Result<Void, AMQPError>) {
        guard let waiters = state.withLock({ $0.settle(result) }) else { return }
        window?.release(1)
        for waiter in waiters { waiter.resume(returning: result) }
    }
}
