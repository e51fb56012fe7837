@testable import AMQPClient
import Testing

@Suite("ChannelNumberAllocator")
struct ChannelNumberAllocatorTests {
    @Test("numbers go up from 1, skip those in use, and wrap after the maximum")
    func sequence() {
        var allocator = ChannelNumberAllocator()
        var inUse: Set<UInt16> = []
        for expected: UInt16 in [1, 2, 3] {
            let number = allocator.next(maximum: 3, isInUse: inUse.contains)
            #expect(number == expected)
            if let number { inUse.insert(number) }
        }
        #expect(allocator.next(maximum: 3, isInUse: inUse.contains) == nil)
        inUse.remove(2)
        #expect(allocator.next(maximum: 3, isInUse: inUse.contains) == 2)
    }

    @Test("a just-freed number is reused last")
    func latestReuse() {
        var allocator = ChannelNumberAllocator()
        #expect(allocator.next(maximum: 5, isInUse: { _ in false }) == 1)
        // Channel 1 closed at once: the next channel still gets 2, not 1.
        #expect(allocator.next(maximum: 5, isInUse: { _ in false }) == 2)
    }

    @Test("the broker's channel-max, with 0 meaning RabbitMQ's default", arguments: [
        (Int32(0), UInt16(2047)), (1, 1), (2047, 2047), (70_000, 65_535),
    ])
    func maximum(negotiated: Int32, expected: UInt16) {
        #expect(ChannelNumberAllocator.maximum(negotiated: negotiated) == expected)
    }
}
