/// A trie over the flattened paths the patterns name (`detail.state`), byte by byte.
///
/// An event key is walked from the node of its parent object (after a `.` unless at the top level), so the event
/// key `"state.status"` and the nested keys `state` → `status` reach the same node, which is how EventBridge treats
/// dots. A key that falls off the trie names nothing any pattern looks at, and the scanner skips its value.
///
/// Immutable after `init`; the scanner walks it through a `View` of raw pointers.
final class PathTrie: Sendable {
    /// The node for the empty path: the top-level object.
    static let root: Int32 = 0

    private let edgeStart: FrozenBuffer<Int32>
    /// Per node, packed: the number of edges (bits 0-7, saturating), the first edge's byte (8-15) and target (32-63).
    /// Most nodes of a path have one edge, so one load usually decides a step.
    private let nodeSummaries: FrozenBuffer<UInt64>
    private let edgeCount: FrozenBuffer<Int32>
    private let edgeBytes: FrozenBuffer<UInt8>
    private let edgeTargets: FrozenBuffer<Int32>
    /// Per node, the index of the path it completes (into the automaton's per-path tables), or -1.
    private let pathIndexes: FrozenBuffer<Int32>
    /// The number of nodes.
    var nodeCount: Int { pathIndexes.count }
    /// The first-byte table of the root, which every top-level key goes through.
    private let rootTable: FrozenBuffer<Int32>

    /// Builds the trie over `paths`; the path at position `i` gets path index `i`.
    init(paths: [[UInt8]]) {
        let layout = TrieLayout(keys: paths)
        var terminals = Array(repeating: Int32(-1), count: layout.nodeCount)
        for (index, node) in layout.keyNodes.enumerated() { terminals[Int(node)] = Int32(index) }
        let summaries = layout.edgeCount.indices.map { node -> UInt64 in
            let count = UInt64(min(Int(layout.edgeCount[node]), 255))
            guard count > 0 else { return 0 }
            let first = Int(layout.edgeStart[node])
            return count | UInt64(layout.edgeBytes[first]) << 8
                | UInt64(UInt32(bitPattern: layout.edgeTargets[first])) << 32
        }
        var rootTable = Array(repeating: Int32(-1), count: 256)
        for edge in 0..<Int(layout.edgeCount[0]) { rootTable[Int(layout.edgeBytes[edge])] = layout.edgeTargets[edge] }
        self.edgeStart = FrozenBuffer(layout.edgeStart)
        self.nodeSummaries = FrozenBuffer(summaries)
        self.edgeCount = FrozenBuffer(layout.edgeCount)
        self.edgeBytes = FrozenBuffer(layout.edgeBytes)
        self.edgeTargets = FrozenBuffer(layout.edgeTargets)
        self.pathIndexes = FrozenBuffer(terminals)
        self.rootTable = FrozenBuffer(rootTable)
    }

    /// Raw-pointer access to the trie, valid while the trie is alive.
    struct View {
        fileprivate let nodeSummaries: UnsafePointer<UInt64>
        fileprivate let edgeStart: UnsafePointer<Int32>
        fileprivate let edgeCount: UnsafePointer<Int32>
        fileprivate let edgeBytes: UnsafePointer<UInt8>
        fileprivate let edgeTargets: UnsafePointer<Int32>
        fileprivate let pathIndexes: UnsafePointer<Int32>
        fileprivate let rootTable: UnsafePointer<Int32>

        /// The node reached from `node` by `byte`, or -1.
        @inline(__always)
        func step(_ node: Int32, _ byte: UInt8) -> Int32 {
            if node == PathTrie.root { return rootTable[Int(byte)] }
            let summary = nodeSummaries[Int(node)]
            if summary & 0xFF == 1 {
                return UInt8(truncatingIfNeeded: summary >> 8) == byte ? Int32(truncatingIfNeeded: summary >> 32) : -1
            }
            if summary == 0 { return -1 }
            let start = Int(edgeStart[Int(node)])
            let end = start + Int(edgeCount[Int(node)])
            var edge = start
            while edge < end {
                if edgeBytes[edge] == byte { return edgeTargets[edge] }
                edge += 1
            }
            return -1
        }

        /// Whether paths continue below `node`.
        @inline(__always)
        func hasChildren(_ node: Int32) -> Bool {
            nodeSummaries[Int(node)] != 0
        }

        /// The index of the path `node` completes, or -1.
        @inline(__always)
        func pathIndex(_ node: Int32) -> Int32 {
            pathIndexes[Int(node)]
        }
    }

    /// The trie's raw view; the caller keeps the trie alive while using it.
    var view: View {
        View(
            nodeSummaries: nodeSummaries.pointer, edgeStart: edgeStart.pointer, edgeCount: edgeCount.pointer, edgeBytes: edgeBytes.pointer,
            edgeTargets: edgeTargets.pointer, pathIndexes: pathIndexes.pointer, rootTable: rootTable.pointer
        )
    }
}
