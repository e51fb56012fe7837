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
}
