/// The decisions of a confirm window: how many publishes may await their confirm, who waits for a slot, in order.
///
/// A pure value (`PublishWindow` keeps it behind a lock). A waiter holds no slot until `release` hands it one, so a
/// cancelled waiter gives nothing back; a slot handed to a waiter is its own, even if its task is cancelled after.
struct PublishWindowState<Waiter> {
    enum AcquireDecision: Equatable {
        /// A slot was free and nobody waits before this caller: it is taken.
        case acquired
        /// The window is closed (its channel closed).
        case failed(AMQPError)
        /// The caller must wait (`wait`).
        case mustWait
    }

    /// Free slots.
    private(set) var available: Int
    private var waiters = WaiterQueue<Waiter>()
    private(set) var closedError: AMQPError?

    init(size: Int) {
        available = size
    }

    var waiterCount: Int { waiters.count }

    /// Takes a slot without waiting, if one is free and nobody is queued first (slots go in arrival order).
    mutating func acquire() -> AcquireDecision {
        if let closedError { return .failed(closedError) }
        guard available > 0, waiters.isEmpty else { return .mustWait }
        available -= 1
        return .acquired
    }

    /// Queues a caller for the next free slot (unless one was freed or the window closed since `acquire`).
    mutating func wait(_ waiter: Waiter, id: WaiterID, isCancelled: Bool) -> WaitDecision<Result<Void, AMQPError>> {
        switch acquire() {
        case .acquired: return .resume(.success(()))
        case .failed(let error): return .resume(.failure(error))
        case .mustWait: break
        }
        if isCancelled { return .cancelled }
        waiters.append(waiter, id: id)
        return .suspended
    }

    /// Gives back `count` slots; returns the waiters that take them, oldest first, to resume with success.
    mutating func release(_ count: Int) -> [Waiter] {
        available += count
        var woken: [Waiter] = []
        while available > 0, let waiter = waiters.removeFirst() {
            woken.append(waiter)
            available -= 1
        }
        return woken
    }

    /// The waiter's task was cancelled: takes it out (to resume with `CancellationError`); nil when `release` or
    /// `close` took it first.
    mutating func cancel(_ id: WaiterID) -> Waiter? {
        waiters.remove(id: id)
    }

    /// Fails every waiter and every later `acquire` with `error` (the first close's error stays).
    mutating func close(with error: AMQPError) -> [Waiter] {
        closedError = closedError ?? error
        return waiters.removeAll()
    }
}
