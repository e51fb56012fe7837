/// An immutable trie of byte strings, each node listing the conditions whose string ends there: walking an event
/// value down the trie finds every prefix (or, built over reversed strings, every suffix) it has in one pass.
struct ByteTrie: Sendable {
    private let edgeStart: [Int32]
    private let edgeCount: [Int32]
    private let edgeBytes: [UInt8]
    private let edgeTargets: [Int32]
    private let postingStart: [Int32]
    private let postingCount: [Int32]
    private let postings: [Int32]

    /// Whether the trie holds no strings.
    let isEmpty: Bool

    /// Builds the trie over `keys`.
    init(_ keys: [(key: [UInt8], condition: Int32)]) {
        isEmpty = keys.isEmpty
        let layout = TrieLayout(keys: keys.map(\.key))
        var conditions = Array(repeating: [Int32](), count: layout.nodeCount)
        for (position, key) in keys.enumerated() {
            let node = Int(layout.keyNodes[position])
            if !conditions[node].contains(key.condition) { conditions[node].append(key.condition) }
        }
        edgeStart = layout.edgeStart
        edgeCount = layout.edgeCount
        edgeBytes = layout.edgeBytes
        edgeTargets = layout.edgeTargets
        var postingStart: [Int32] = []
        var postingCount: [Int32] = []
        var postings: [Int32] = []
        for nodeConditions in conditions {
            postingStart.append(Int32(postings.count))
            postingCount.append(Int32(nodeConditions.count))
            postings += nodeConditions
        }
        self.postingStart = postingStart
        self.postingCount = postingCount
        self.postings = postings
    }

    /// Calls `body` with the conditions of every key that is a prefix of the bytes (read backwards when
    /// `reversed`, making the keys suffixes). `transform` maps each byte first (for case folding).
    @inline(__always)
    func forEachMatch(
        in bytes: UnsafePointer<UInt8>,
        count: Int,
        reversed: Bool,
        transform: (UInt8) -> UInt8,
        _ body: (Int32) -> Void
    ) {
        var node = 0
        emit(node, body)
        var index = 0
        while index < count {
            let byte = transform(reversed ? bytes[count - 1 - index] : bytes[index])
            let start = Int(edgeStart[node])
            let end = start + Int(edgeCount[node])
            var found = -1
            var edge = start
            while edge < end {
                if edgeBytes[edge] == byte {
                    found = Int(edgeTargets[edge])
                    break
                }
                edge += 1
            }
            if found < 0 { return }
            node = found
            emit(node, body)
            index += 1
        }
    }

    @inline(__always)
    private func emit(_ node: Int, _ body: (Int32) -> Void) {
        let count = Int(postingCount[node])
        guard count > 0 else { return }
        let start = Int(postingStart[node])
        for index in start..<(start + count) { body(postings[index]) }
    }
}
