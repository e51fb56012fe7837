@testable import AMQPClient
import Synchronization
import Testing

/// A result decided once and awaited by many (confirmations, a connection's end, replies to posted work).
@Suite("AwaitedOutcome")
struct AwaitedOutcomeTests {
    private func id(_ value: UInt64) -> WaiterID { WaiterID(value) }

    @Test("waiters are resumed together when it is decided; later waiters get it at once")
    func settle() {
        var outcome = AwaitedOutcome<Int, String>()
        guard case .suspended = outcome.wait("a", id: id(1), isCancelled: false),
            case .suspended = outcome.wait("b", id: id(2), isCancelled: false)
        else {
            Issue.record("nothing is decided yet")
            return
        }
        #expect(outcome.hasWaiters)
        #expect(outcome.settle(7) == ["a", "b"])
        #expect(!outcome.hasWaiters)
        guard case .resume(7) = outcome.wait("c", id: id(3), isCancelled: false) else {
            Issue.record("a decided outcome is returned at once")
            return
        }
    }

    @Test("only the first decision counts (a return, then the ack of the same message)")
    func firstDecisionWins() {
        var outcome = AwaitedOutcome<String, Int>()
        #expect(outcome.settle("returned") == [])
        #expect(outcome.settle("acked") == nil)
        #expect(outcome.outcome == "returned")
    }

    @Test("a cancelled waiter is taken out by its id; the others still get the outcome")
    func cancel() {
        var outcome = AwaitedOutcome<Int, String>()
        _ = outcome.wait("a", id: id(1), isCancelled: false)
        _ = outcome.wait("b", id: id(2), isCancelled: false)
        _ = outcome.wait("c", id: id(3), isCancelled: false)
        #expect(outcome.cancel(id(2)) == "b")
        #expect(outcome.cancel(id(2)) == nil)
        #expect(outcome.settle(1) == ["a", "c"])
        // Cancelled after the outcome took it: nothing to resume twice.
        #expect(outcome.cancel(id(1)) == nil)
    }

    @Test("a task already cancelled does not wait, unless the outcome is known")
    func alreadyCancelled() {
        var outcome = AwaitedOutcome<Int, String>()
        guard case .cancelled = outcome.wait("a", id: id(1), isCancelled: true) else {
            Issue.record("a cancelled task must not wait")
            return
        }
        #expect(!outcome.hasWaiters)
        _ = outcome.settle(3)
        guard case .resume(3) = outcome.wait("b", id: id(2), isCancelled: true) else {
            Issue.record("a known outcome waits for nothing")
            return
        }
    }
}

/// `waitForOutcome` over an `AwaitedOutcome`: every continuation is resumed exactly once, by the outcome or
/// by cancellation, whichever takes it out of the list first.
@Suite("Cancellable waits", .timeLimit(.minutes(1)))
struct CancellableWaitTests {
    final class Event: Sendable {
        let state = Mutex(AwaitedOutcome<Int, OutcomeContinuation<Int>>())

        var hasWaiters: Bool { state.withLock { $0.hasWaiters } }

        func wait() async -> Int? {
            await state.waitForOutcome()
        }

        func settle(_ value: Int) {
            for waiter in state.withLock({ $0.settle(value) }) ?? [] { waiter.resume(returning: value) }
        }
    }

    @Test("a cancelled waiter leaves at once; the others get the outcome later")
    func cancelOne() async {
        let event = Event()
        let cancelled = Task { await event.wait() }
        let kept = Task { await event.wait() }
        while event.state.withLock({ $0.waiterCount }) < 2 { await Task.yield() }
        cancelled.cancel()
        #expect(await cancelled.value == nil)
        event.settle(42)
        #expect(await kept.value == 42)
    }

    @Test("a task cancelled before it waits returns at once without being stored")
    func cancelledFirst() async {
        let event = Event()
        let waiter = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return await event.wait()
        }
        #expect(await waiter.value == nil)
        #expect(!event.hasWaiters)
    }

    @Test("many waiters cancelled while the outcome is decided: each gets exactly one answer")
    func raceOfCancelAndSettle() async {
        for _ in 0..<50 {
            let event = Event()
            let waiters = (0..<20).map { _ in Task { await event.wait() } }
            for (index, waiter) in waiters.enumerated() where index.isMultiple(of: 2) { waiter.cancel() }
            event.settle(1)
            for waiter in waiters {
                // Either answer is right, depending on which came first; a second resume would crash the
                // checked continuation, a missing one would hang the test.
                let answer = await waiter.value
                #expect(answer == nil || answer == 1)
            }
        }
    }
}

/// The caller's side of work posted to a connection's thread.
@Suite("PendingReply", .timeLimit(.minutes(1)))
struct PendingReplyTests {
    @Test("the reply reaches the caller that waits for it")
    func reply() async throws {
        let reply = PendingReply<String>()
        let value = try await reply.wait {
            #expect(reply.isAwaited)
            Task { reply.settle(.success("done")) }
        }
        #expect(value == "done")
    }

    @Test("an error reply is thrown")
    func failure() async {
        let reply = PendingReply<Int>()
        let error = await #expect(throws: AMQPError.self) {
            try await reply.wait { reply.settle(.failure(AMQPError.invalidArgument("queue.declare", "bad"))) }
        }
        #expect(error?.code == .invalidArgument)
    }

    @Test("a cancelled caller leaves at once; the work finds it gone, and its reply is dropped")
    func cancelledCaller() async throws {
        let reply = PendingReply<Int>()
        let (started, startedContinuation) = AsyncStream.makeStream(of: Void.self)
        let caller = Task { try await reply.wait { startedContinuation.yield() } }
        for await _ in started { break }
        #expect(reply.isAwaited)
        caller.cancel()
        await #expect(throws: CancellationError.self) { try await caller.value }
        // What the connection's thread sees when it takes the work: skip it, or drop its result.
        #expect(!reply.isAwaited)
        #expect(!reply.settle(.success(1)))
    }

    @Test("a task already cancelled does not start the work")
    func cancelledBeforeStart() async {
        let reply = PendingReply<Int>()
        let (starts, start) = AsyncStream.makeStream(of: Void.self)
        let caller = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await reply.wait { start.yield() }
        }
        await #expect(throws: CancellationError.self) { try await caller.value }
        start.finish()
        var startCount = 0
        for await _ in starts { startCount += 1 }
        #expect(startCount == 0)
    }
}
