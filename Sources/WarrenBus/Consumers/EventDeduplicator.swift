import Synchronization

/// Remembers the ids of the last `capacity` events a target handled, so a redelivered copy can be skipped:
/// effectively-once effects for handlers that need them, within limits.
///
/// Limits: the window is per process and in memory (a restart forgets it; competing consumers of one target
/// do not share it); an event redelivered after more than `capacity` others were handled is handled again; an
/// event whose handler finished but whose ack was lost is skipped on redelivery, which is the point.
public final class EventDeduplicator: Sendable {
    private struct State {
        var ids: Set<String> = []
        var order: [String] = []
        var head = 0
    }

    public let capacity: Int
    private let state = Mutex(State())

    public init(capacity: Int = 10_000) {
        precondition(capacity > 0, "the de-duplication window must hold at least one id")
        self.capacity = capacity
    }

    /// Whether `id` was recorded and is still in the window.
    public func contains(_ id: String) -> Bool {
        state.withLock { $0.ids.contains(id) }
    }

    /// Records a handled event id, forgetting the oldest when the window is full.
    public func record(_ id: String) {
        state.withLock { state in
            guard state.ids.insert(id).inserted else { return }
            if state.order.count < capacity {
                state.order.append(id)
            } else {
                state.ids.remove(state.order[state.head])
                state.order[state.head] = id
                state.head = (state.head + 1) % capacity
            }
        }
    }
}
