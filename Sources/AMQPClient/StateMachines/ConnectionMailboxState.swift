/// The decisions of a connection's mailbox, without its lock and wake-up pipe: which posts are queued, when the
/// sleeping thread must be woken (one pipe write per sleep, however many posts), and what is left when it closes.
///
/// A pure value; `ConnectionMailbox` keeps it behind a lock and writes to the pipe when `post` says so.
struct ConnectionMailboxState<Command> {
    enum PostDecision: Equatable {
        /// Queued; the thread is awake and takes it at its next pass.
        case queued
        /// Queued; the thread sleeps in `poll`: write one byte to the wake-up pipe.
        case queuedWakingThread
        /// The connection has ended: not queued, not run; the caller reports the connection as closed.
        case refused
    }

    private var commands: [Command] = []
    private(set) var isSleeping = false
    private(set) var isClosed = false

    /// Commands posted and not yet taken.
    var queuedCount: Int { commands.count }

    mutating func post(_ command: Command) -> PostDecision {
        guard !isClosed else { return .refused }
        commands.append(command)
        guard isSleeping else { return .queued }
        // The first post wakes the thread; later ones before it wakes need no second write.
        isSleeping = false
        return .queuedWakingThread
    }

    /// Everything posted so far, in order.
    mutating func takeAll() -> [Command] {
        let taken = commands
        commands.removeAll(keepingCapacity: true)
        return taken
    }

    /// The thread may sleep only when nothing is queued; it is then woken by the next post.
    mutating func sleepIfIdle() -> Bool {
        guard commands.isEmpty else { return false }
        isSleeping = true
        return true
    }

    /// The thread returned from `poll` (for input, a wake-up or its timeout); it drains the pipe next.
    mutating func wokeUp() {
        isSleeping = false
    }

    /// Refuses every later post; returns what was queued, in order, for the thread to fail.
    mutating func close() -> [Command] {
        isClosed = true
        let remaining = commands
        commands.removeAll()
        return remaining
    }
}
