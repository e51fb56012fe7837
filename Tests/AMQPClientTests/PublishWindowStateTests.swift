@testable import AMQPClient
import Testing

/// The confirm window's decisions, with strings standing in for the waiting tasks' continuations.
@Suite("PublishWindowState")
struct PublishWindowStateTests {
    private static let closed = AMQPError.channelClosed("basic.publish", because: nil)

    private func id(_ value: UInt64) -> WaiterID { WaiterID(value) }

    @Test("slots are taken without waiting until the window is full")
    func fastPath() {
        var window = PublishWindowState<String>(size: 2)
        #expect(window.acquire() == .acquired)
        #expect(window.acquire() == .acquired)
        #expect(window.available == 0)
        #expect(window.acquire() == .mustWait)
    }

    @Test("waiters get released slots in arrival order, one slot each")
    func fifo() {
        var window = PublishWindowState<String>(size: 1)
        #expect(window.acquire() == .acquired)
        for (index, name) in ["a", "b", "c"].enumerated() {
            guard case .suspended = window.wait(name, id: id(UInt64(index)), isCancelled: false) else {
                Issue.record("\(name) should wait")
                return
            }
        }
        #expect(window.release(1) == ["a"])
        #expect(window.release(2) == ["b", "c"])
        #expect(window.available == 0)
        #expect(window.release(1) == [])
        #expect(window.available == 1)
    }

    @Test("a free slot does not go to a newcomer while others wait before it")
    func noOvertaking() {
        var window = PublishWindowState<String>(size: 1)
        _ = window.acquire()
        _ = window.wait("first", id: id(1), isCancelled: false)
        // A release hands the slot straight to the waiter: nothing is left for a newcomer's fast path.
        #expect(window.release(1) == ["first"])
        #expect(window.acquire() == .mustWait)
    }

    @Test("a slot freed between acquire and wait is taken at once, even by a cancelled task")
    func freedBeforeWait() {
        var window = PublishWindowState<String>(size: 1)
        _ = window.acquire()
        #expect(window.acquire() == .mustWait)
        #expect(window.release(1) == [])
        guard case .resume(.success) = window.wait("late", id: id(1), isCancelled: true) else {
            Issue.record("the free slot should be taken")
            return
        }
        #expect(window.available == 0)
    }

    @Test("a task cancelled before it waits is not queued and takes nothing")
    func cancelledBeforeWaiting() {
        var window = PublishWindowState<String>(size: 1)
        _ = window.acquire()
        guard case .cancelled = window.wait("gone", id: id(1), isCancelled: true) else {
            Issue.record("a cancelled task must not wait")
            return
        }
        #expect(window.waiterCount == 0)
        #expect(window.release(1) == [])
        #expect(window.available == 1)
    }

    @Test("cancelling a waiter in the middle of the queue: the others keep their order, no slot is lost")
    func cancelInTheMiddle() {
        var window = PublishWindowState<String>(size: 1)
        _ = window.acquire()
        _ = window.wait("a", id: id(1), isCancelled: false)
        _ = window.wait("b", id: id(2), isCancelled: false)
        _ = window.wait("c", id: id(3), isCancelled: false)
        #expect(window.cancel(id(2)) == "b")
        #expect(window.cancel(id(2)) == nil)
        #expect(window.waiterCount == 2)
        #expect(window.release(1) == ["a"])
        #expect(window.release(1) == ["c"])
        #expect(window.release(1) == [])
        #expect(window.available == 1)
    }

    @Test("cancelling a waiter that a release already woke finds nothing: it owns its slot")
    func cancelAfterRelease() {
        var window = PublishWindowState<String>(size: 1)
        _ = window.acquire()
        _ = window.wait("a", id: id(1), isCancelled: false)
        #expect(window.release(1) == ["a"])
        #expect(window.cancel(id(1)) == nil)
        #expect(window.available == 0)
    }

    @Test("close fails every waiter and every later acquire, with the first close's error")
    func close() {
        var window = PublishWindowState<String>(size: 1)
        _ = window.acquire()
        _ = window.wait("a", id: id(1), isCancelled: false)
        _ = window.wait("b", id: id(2), isCancelled: false)
        #expect(window.close(with: Self.closed) == ["a", "b"])
        #expect(window.acquire() == .failed(Self.closed))
        guard case .resume(.failure(let error)) = window.wait("c", id: id(3), isCancelled: false) else {
            Issue.record("a closed window must fail a waiter")
            return
        }
        #expect(error == Self.closed)
        let later = AMQPError.connectionClosed("basic.publish", because: nil)
        #expect(window.close(with: later) == [])
        #expect(window.closedError == Self.closed)
        #expect(window.cancel(id(1)) == nil)
    }

    @Test("a long-waiting queue that never drains keeps only its current waiters")
    func compaction() {
        var window = PublishWindowState<Int>(size: 0)
        _ = window.wait(0, id: id(0), isCancelled: false)
        for value in 1...1000 {
            _ = window.wait(value, id: id(UInt64(value)), isCancelled: false)
            #expect(window.release(1) == [value - 1])
        }
        #expect(window.waiterCount == 1)
        #expect(window.release(1) == [1000])
    }
}

/// The window itself: real tasks, cancelled while they wait.
@Suite("PublishWindow", .timeLimit(.minutes(1)))
struct PublishWindowTests {
    @Test("a task cancelled while it waits for a slot gets CancellationError and takes no slot")
    func cancelledWaiter() async throws {
        let window = PublishWindow(size: 1)
        try await window.acquire()
        let waiting = Task { try await window.acquire() }
        while window.waiterCount == 0 { await Task.yield() }
        waiting.cancel()
        await #expect(throws: CancellationError.self) { try await waiting.value }
        #expect(window.waiterCount == 0)
        #expect(window.available == 0)
        window.release(1)
        #expect(window.available == 1)
        try await window.acquire()
        #expect(window.available == 0)
    }

    @Test("a task already cancelled does not wait for a full window")
    func alreadyCancelled() async throws {
        let window = PublishWindow(size: 1)
        try await window.acquire()
        let waiting = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await window.acquire()
        }
        await #expect(throws: CancellationError.self) { try await waiting.value }
        #expect(window.waiterCount == 0)
    }

    @Test("releases wake waiting tasks in order; close fails the rest")
    func wakeInOrder() async throws {
        let window = PublishWindow(size: 1)
        try await window.acquire()
        let first = Task { try await window.acquire() }
        while window.waiterCount < 1 { await Task.yield() }
        let second = Task { try await window.acquire() }
        while window.waiterCount < 2 { await Task.yield() }
        window.release(1)
        try await first.value
        #expect(window.waiterCount == 1)
        window.close(with: AMQPError.channelClosed("basic.publish", because: nil))
        let error = await #expect(throws: AMQPError.self) { try await second.value }
        #expect(error?.code == .channelClosed)
    }
}
