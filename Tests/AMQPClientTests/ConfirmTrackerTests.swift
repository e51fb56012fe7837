@testable import AMQPClient
import Testing

@Suite("ConfirmTracker")
struct ConfirmTrackerTests {
    @Test("sequence numbers start at 1 and grow by one")
    func sequenceNumbers() {
        var tracker = ConfirmTracker<String>()
        #expect(tracker.add("a") == 1)
        #expect(tracker.add("b") == 2)
        #expect(tracker.nextSequence == 3)
        #expect(tracker.count == 2)
    }

    @Test("a single ack settles exactly its message, out of order")
    func singleAcks() {
        var tracker = ConfirmTracker<Int>()
        for value in 1...5 { tracker.add(value) }
        #expect(tracker.settle(tag: 3, multiple: false) == [3])
        #expect(tracker.settle(tag: 3, multiple: false) == [])
        #expect(tracker.settle(tag: 1, multiple: false) == [1])
        #expect(tracker.firstPendingSequence == 2)
        #expect(tracker.count == 3)
    }

    @Test("a multiple ack settles everything up to its tag, skipping what was settled")
    func multipleAcks() {
        var tracker = ConfirmTracker<Int>()
        for value in 1...6 { tracker.add(value) }
        _ = tracker.settle(tag: 2, multiple: false)
        #expect(tracker.settle(tag: 4, multiple: true) == [1, 3, 4])
        #expect(tracker.settle(tag: 99, multiple: true) == [5, 6])
        #expect(tracker.count == 0)
        #expect(tracker.add(7) == 7)
    }

    @Test("settleAll returns what is pending and keeps numbering")
    func settleAll() {
        var tracker = ConfirmTracker<Int>()
        for value in 1...3 { tracker.add(value) }
        _ = tracker.settle(tag: 2, multiple: false)
        #expect(tracker.settleAll() == [1, 3])
        #expect(tracker.count == 0)
        #expect(tracker.nextSequence == 4)
    }

    @Test("long runs compact without losing entries")
    func compaction() {
        var tracker = ConfirmTracker<Int>()
        var settled = 0
        for value in 1...20_000 {
            tracker.add(value)
            if value % 3 == 0 { settled += tracker.settle(tag: UInt64(value), multiple: true).count }
        }
        settled += tracker.settle(tag: 20_000, multiple: true).count
        #expect(settled == 20_000)
        #expect(tracker.peek(20_001) == nil)
    }

    @Test("several multiple acks in a row settle consecutive ranges, each message once")
    func consecutiveMultipleAcks() {
        var tracker = ConfirmTracker<Int>()
        for value in 1...10 { tracker.add(value) }
        #expect(tracker.settle(BrokerConfirm(kind: .ack, tag: 3, multiple: true)) == [1, 2, 3])
        #expect(tracker.settle(BrokerConfirm(kind: .ack, tag: 3, multiple: true)) == [])
        #expect(tracker.settle(BrokerConfirm(kind: .ack, tag: 7, multiple: true)) == [4, 5, 6, 7])
        #expect(tracker.firstPendingSequence == 8)
        #expect(tracker.settle(BrokerConfirm(kind: .ack, tag: 10, multiple: true)) == [8, 9, 10])
        #expect(tracker.count == 0)
    }

    @Test("a nack settles like an ack, and completes its publishes with .nacked, worth retrying")
    func nacks() {
        var tracker = ConfirmTracker<Int>()
        for value in 1...4 { tracker.add(value) }
        let nack = BrokerConfirm(kind: .nack, tag: 2, multiple: true)
        #expect(tracker.settle(nack) == [1, 2])
        guard case .failure(let error) = nack.result else {
            Issue.record("a nack must fail its publishes")
            return
        }
        #expect(error.code == .nacked)
        #expect(error.recovery == .retry)
        #expect(error.scope == .operation)
        let ack = BrokerConfirm(kind: .ack, tag: 4, multiple: false)
        #expect(tracker.settle(ack) == [4])
        #expect((try? ack.result.get()) != nil)
        // Acks and nacks mixed, the single nack in the middle.
        #expect(tracker.settle(BrokerConfirm(kind: .nack, tag: 3, multiple: false)) == [3])
        #expect(tracker.count == 0)
    }

    @Test("out of order: single acks after a later multiple, and tags that were never sent")
    func outOfOrder() {
        var tracker = ConfirmTracker<Int>()
        for value in 1...5 { tracker.add(value) }
        #expect(tracker.settle(tag: 5, multiple: false) == [5])
        #expect(tracker.settle(tag: 4, multiple: false) == [4])
        #expect(tracker.firstPendingSequence == 1)
        #expect(tracker.settle(tag: 3, multiple: true) == [1, 2, 3])
        #expect(tracker.count == 0)
        // Unknown tags (already settled, or beyond what was sent) settle nothing.
        #expect(tracker.settle(tag: 2, multiple: false) == [])
        #expect(tracker.settle(tag: 99, multiple: false) == [])
        #expect(tracker.settle(tag: 0, multiple: true) == [])
        #expect(tracker.add(6) == 6)
        #expect(tracker.peek(6) == 6)
        #expect(tracker.peek(5) == nil)
    }

    @Test("settleAll after out-of-order acks returns the rest in publish order; later publishes go on numbering")
    func settleAllAfterOutOfOrder() {
        var tracker = ConfirmTracker<Int>()
        for value in 1...6 { tracker.add(value) }
        _ = tracker.settle(tag: 5, multiple: false)
        _ = tracker.settle(tag: 1, multiple: false)
        #expect(tracker.settleAll() == [2, 3, 4, 6])
        #expect(tracker.settleAll() == [])
        #expect(tracker.add(7) == 7)
        #expect(tracker.settle(tag: 7, multiple: true) == [7])
    }
}
