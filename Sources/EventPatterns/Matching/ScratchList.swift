/// A growable list of plain values in manually managed memory: the matcher's per-thread working lists.
///
/// `Array` checks that its storage is uniquely referenced on every mutation and reference-counts it when passed
/// around; with a dozen lists appended to per event those checks showed in profiles. A scratch list is a plain
/// pointer, a count and a capacity. It is a value type only so that it can live in `MatchBuffers`: copies share
/// the memory, so exactly one owner must call `deallocate()` (the per-thread `MatchBufferPool` box does).
struct ScratchList<Element: BitwiseCopyable> {
    private(set) var pointer: UnsafeMutablePointer<Element>?
    private(set) var count = 0
    private var capacity = 0

    init() {}

    var isEmpty: Bool { count == 0 }

    var last: Element? { count > 0 ? pointer![count - 1] : nil }

    var indices: Range<Int> { 0..<count }

    /// The elements, valid until the next mutation.
    var buffer: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: pointer, count: count) }

    @inline(__always)
    subscript(index: Int) -> Element {
        get {
            assert(index >= 0 && index < count)
            return pointer.unsafelyUnwrapped[index]
        }
        set {
            assert(index >= 0 && index < count)
            pointer.unsafelyUnwrapped[index] = newValue
        }
    }

    @inline(__always)
    mutating func append(_ element: Element) {
        if count == capacity { grow(to: Swift.max(16, capacity * 2)) }
        pointer.unsafelyUnwrapped[count] = element
        count += 1
    }

    @inline(__always)
    mutating func removeLast() -> Element {
        assert(count > 0)
        count -= 1
        return pointer.unsafelyUnwrapped[count]
    }

    /// Keeps the first `newCount` elements.
    @inline(__always)
    mutating func truncate(to newCount: Int) {
        if newCount < count { count = newCount }
    }

    /// Empties the list, keeping its memory.
    @inline(__always)
    mutating func removeAll() {
        count = 0
    }

    /// Makes the list at least `newCount` long, filling new elements with `value`.
    @inline(__always)
    mutating func extend(to newCount: Int, with value: Element) {
        guard newCount > count else { return }
        growAndFill(to: newCount, with: value)
    }

    private mutating func growAndFill(to newCount: Int, with value: Element) {
        if newCount > capacity { grow(to: newCount) }
        (pointer.unsafelyUnwrapped + count).initialize(repeating: value, count: newCount - count)
        count = newCount
    }

    /// Sets every element to `value`.
    mutating func fill(with value: Element) {
        guard count > 0 else { return }
        pointer.unsafelyUnwrapped.update(repeating: value, count: count)
    }

    /// Sorts the elements.
    mutating func sort() where Element: Comparable {
        guard count > 1 else { return }
        var elements = UnsafeMutableBufferPointer(start: pointer, count: count)
        elements.sort()
    }

    private mutating func grow(to newCapacity: Int) {
        let grown = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        if let pointer {
            grown.moveInitialize(from: pointer, count: count)
            pointer.deallocate()
        }
        pointer = grown
        capacity = newCapacity
    }

    /// Frees the memory; the list is empty afterwards.
    mutating func deallocate() {
        pointer?.deallocate()
        pointer = nil
        count = 0
        capacity = 0
    }
}
