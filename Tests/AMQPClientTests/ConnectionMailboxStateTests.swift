@testable import AMQPClient
import Testing

/// The mailbox's decisions: order of commands, when the sleeping thread is woken (one pipe write per sleep), close.
@Suite("ConnectionMailboxState")
struct ConnectionMailboxStateTests {
    @Test("commands are taken in the order they were posted, and only once")
    func order() {
        var mailbox = ConnectionMailboxState<Int>()
        for command in 1...3 { #expect(mailbox.post(command) == .queued) }
        #expect(mailbox.queuedCount == 3)
        #expect(mailbox.takeAll() == [1, 2, 3])
        #expect(mailbox.takeAll() == [])
        #expect(mailbox.post(4) == .queued)
        #expect(mailbox.takeAll() == [4])
    }

    @Test("an awake thread is never woken; a sleeping one is woken by the first post only")
    func wakeDecisions() {
        var mailbox = ConnectionMailboxState<Int>()
        #expect(mailbox.post(1) == .queued)
        _ = mailbox.takeAll()
        #expect(mailbox.sleepIfIdle() == true)
        #expect(mailbox.isSleeping)
        #expect(mailbox.post(2) == .queuedWakingThread)
        #expect(!mailbox.isSleeping)
        // A burst of posts while the thread is waking: no second write to the pipe.
        #expect(mailbox.post(3) == .queued)
        #expect(mailbox.post(4) == .queued)
        mailbox.wokeUp()
        #expect(mailbox.takeAll() == [2, 3, 4])
    }

    @Test("the thread may not sleep while commands are queued")
    func noSleepWithWork() {
        var mailbox = ConnectionMailboxState<Int>()
        _ = mailbox.post(1)
        #expect(mailbox.sleepIfIdle() == false)
        #expect(!mailbox.isSleeping)
        // So the next post does not write to the pipe either: the thread is about to take the queue.
        #expect(mailbox.post(2) == .queued)
        #expect(mailbox.takeAll() == [1, 2])
        #expect(mailbox.sleepIfIdle() == true)
    }

    @Test("waking up for input or a timeout clears the sleep: the next post does not write")
    func wokeWithoutPost() {
        var mailbox = ConnectionMailboxState<Int>()
        #expect(mailbox.sleepIfIdle() == true)
        mailbox.wokeUp()
        #expect(!mailbox.isSleeping)
        #expect(mailbox.post(1) == .queued)
    }

    @Test("close returns what was queued, in order, and refuses every later post")
    func close() {
        var mailbox = ConnectionMailboxState<Int>()
        _ = mailbox.post(1)
        _ = mailbox.post(2)
        #expect(mailbox.close() == [1, 2])
        #expect(mailbox.isClosed)
        #expect(mailbox.post(3) == .refused)
        #expect(mailbox.queuedCount == 0)
        #expect(mailbox.close() == [])
    }

    @Test("a post refused after close does not wake a sleeping thread")
    func closedWhileSleeping() {
        var mailbox = ConnectionMailboxState<Int>()
        #expect(mailbox.sleepIfIdle() == true)
        _ = mailbox.close()
        #expect(mailbox.post(1) == .refused)
    }
}
