import Synchronization

/// Names one waiting task, so that its cancellation handler can take exactly its own continuation out of a list.
struct WaiterID: Hashable, Sendable {
    private static let counter = Atomic<UInt64>(0)

    let rawValue: UInt64

    init(_ rawValue: UInt64) {
        self.rawValue = rawValue
    }

    /// A process-wide unique id, taken before the waiter exists (its cancellation handler needs it first).
    static func next() -> WaiterID {
        WaiterID(counter.wrappingAdd(1, ordering: .relaxed).newValue)
    }
}

/// Waiters in arrival order, each under its id: the oldest is woken first, and any one can be taken out by id when
/// its task is cancelled. A pure value; its owner keeps it behind a lock and resumes what it returns outside it.
struct WaiterQueue<Waiter> {
    private var entries: [(id: WaiterID, waiter: Waiter)] = []
    /// Entries before `head` were taken; they are dropped in bulk, so taking the first is O(1).
    private var head = 0

    var isEmpty: Bool { head == entries.count }
    var count: Int { entries.count - head }

    mutating func append(_ waiter: Waiter, id: WaiterID) {
        entries.append((id, waiter))
    }

    /// Takes the oldest waiter.
    mutating func removeFirst() -> Waiter? {
        guard head < entries.count else { return nil }
        let waiter = entries[head].waiter
        head += 1
        compact()
        return waiter
    }

    /// Takes the waiter with this id; nil when an event already took it (it was or will be resumed by that event).
    mutating func remove(id: WaiterID) -> Waiter? {
        guard let index = entries[head...].firstIndex(where: { $0.id == id }) else { return nil }
        let waiter = entries.remove(at: index).waiter
        compact()
        return waiter
    }

    /// Takes every waiter, oldest first.
    mutating func removeAll() -> [Waiter] {
        let waiters = entries[head...].map(\.waiter)
        entries.removeAll(keepingCapacity: true)
        head = 0
        return waiters
    }

    private mutating func compact() {
        if head == entries.count {
            entries.removeAll(keepingCapacity: true)
            head = 0
        } else if head > 64, head * 2 > entries.count {
            // A queue that never drains (producers always waiting) must not keep every waiter it ever had.
            entries.removeFirst(head)
            head = 0
        }
    }
}

/// What a state machine decides when a task asks to wait.
enum WaitDecision<Outcome> {
    /// The outcome is known: resume the task at once with it.
    case resume(Outcome)
    /// The task is already cancelled: resume it at once with `CancellationError`.
    case cancelled
    /// The waiter is stored; whoever later takes it out (an event or the cancellation handler) resumes it.
    case suspended
}
