extension ConnectionMailbox {
    /// What becomes of posted work whose caller is cancelled before the thread starts it.
    enum CancelledWork {
        /// Not run: nothing reaches the broker (declarations, bindings, consuming, ...). A task already cancelled
        /// posts nothing.
        case skip
        /// Run all the same, even for a task already cancelled: closing a channel or the connection, cancelling a
        /// consumer. Only the wait ends early.
        case run
    }

    /// Runs `body` on the connection's thread and returns its result.
    ///
    /// A cancelled caller stops waiting at once with `CancellationError`. Work the thread has not started is skipped
    /// or run as `ifCancelled` says; work it has started finishes, and its result is dropped (a dropped channel
    /// closes itself).
    func perform<Value: Sendable>(
        _ operation: String,
        status: ConnectionStatus?,
        ifCancelled: CancelledWork = .skip,
        _ body: @escaping @Sendable (ConnectionCore) throws(AMQPError) -> Value
    ) async throws -> Value {
        let reply = PendingReply<Value>()
        let start = {
            let posted = self.post { core in
                guard ifCancelled == .run || reply.isAwaited else { return }
                guard !core.isClosed else {
                    reply.settle(.failure(AMQPError.connectionClosed(operation, because: core.status.closeError)))
                    return
                }
                do throws(AMQPError) {
                    reply.settle(.success(try body(core)))
                } catch {
                    reply.settle(.failure(error))
                }
            }
            if !posted {
                reply.settle(.failure(AMQPError.connectionClosed(operation, because: status?.closeError)))
            }
        }
        switch ifCancelled {
        case .skip:
            return try await reply.wait(startingWith: start)
        case .run:
            // Posted before waiting: a reply that arrives first is kept for the caller.
            start()
            return try await reply.wait(startingWith: {})
        }
    }
}
