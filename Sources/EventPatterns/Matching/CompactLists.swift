/// Many short lists of numbers in two flat buffers (start offsets and items), read without reference counting.
struct CompactLists: Sendable {
    private let starts: FrozenBuffer<Int32>
    private let items: FrozenBuffer<Int32>

    /// Flattens `lists`.
    init(_ lists: [[Int32]]) {
        var starts: [Int32] = [0]
        var items: [Int32] = []
        for list in lists {
            items += list
            starts.append(Int32(items.count))
        }
        self.starts = FrozenBuffer(starts)
        self.items = FrozenBuffer(items)
    }

    /// Raw-pointer access; the caller keeps the lists alive while using it.
    var view: View { View(starts: starts.pointer, items: items.pointer) }

    /// Raw-pointer access to the lists.
    struct View {
        let starts: UnsafePointer<Int32>
        let items: UnsafePointer<Int32>

        /// List `index`.
        @inline(__always)
        subscript(index: Int32) -> UnsafeBufferPointer<Int32> {
            let start = Int(starts[Int(index)])
            return UnsafeBufferPointer(start: items + start, count: Int(starts[Int(index) + 1]) - start)
        }
    }
}
