/// An immutable hash map from byte strings to lists of condition numbers, probed with bytes borrowed from an
/// event (no `String` is ever made on the matching path).
struct ByteStringMap: Sendable {
    private struct Entry: Sendable {
        var keyStart: Int32
        var keyCount: Int32
        var hash: UInt64
        var postings: Range<Int32>
    }

    private var keyBytes: [UInt8] = []
    private var entries: [Entry] = []
    private var slots: [Int32] = []
    private var postingList: [Int32] = []

    /// Whether the map is empty.
    var isEmpty: Bool { entries.isEmpty }

    /// Builds the map; each key's conditions keep their order.
    init(_ pairs: [(key: [UInt8], conditions: [Int32])]) {
        guard !pairs.isEmpty else { return }
        var capacity = 4
        while capacity < pairs.count * 2 { capacity *= 2 }
        slots = Array(repeating: -1, count: capacity)
        for pair in pairs {
            let hash = ByteStringHash.hash(pair.key)
            let entry = Entry(
                keyStart: Int32(keyBytes.count),
                keyCount: Int32(pair.key.count),
                hash: hash,
                postings: Int32(postingList.count)..<Int32(postingList.count + pair.conditions.count)
            )
            keyBytes += pair.key
            postingList += pair.conditions
            var slot = Int(truncatingIfNeeded: hash) & (capacity - 1)
            while slots[slot] >= 0 { slot = (slot + 1) & (capacity - 1) }
            slots[slot] = Int32(entries.count)
            entries.append(entry)
        }
    }

    /// Calls `body` with each condition of the key equal to the given bytes.
    @inline(__always)
    func forEachCondition(of bytes: UnsafePointer<UInt8>, count: Int, _ body: (Int32) -> Void) {
        guard !entries.isEmpty else { return }
        let hash = ByteStringHash.hash(bytes, count: count)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let index = slots[slot]
            if index < 0 { return }
            let entry = entries[Int(index)]
            if entry.hash == hash && Int(entry.keyCount) == count && keyEquals(entry, bytes, count) {
                for position in entry.postings { body(postingList[Int(position)]) }
                return
            }
            slot = (slot + 1) & mask
        }
    }

    @inline(__always)
    private func keyEquals(_ entry: Entry, _ bytes: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        keyBytes.withUnsafeBufferPointer { keys in
            let start = Int(entry.keyStart)
            for offset in 0..<count where keys[start + offset] != bytes[offset] { return false }
            return true
        }
    }
}
