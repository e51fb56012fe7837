/// The shape of a byte trie, as flat arrays: nodes numbered from 0 (the root), each node's outgoing edges stored
/// together and sorted by byte. `ByteTrie` and `PathTrie` are built on it.
struct TrieLayout {
    /// Per node, where its edges start in `edgeBytes` and `edgeTargets`.
    private(set) var edgeStart: [Int32] = []
    /// Per node, how many edges it has.
    private(set) var edgeCount: [Int32] = []
    /// The byte of each edge.
    private(set) var edgeBytes: [UInt8] = []
    /// The node each edge leads to.
    private(set) var edgeTargets: [Int32] = []
    /// The node each key ends at, in the order of the keys.
    let keyNodes: [Int32]

    /// The number of nodes.
    var nodeCount: Int { edgeStart.count }

    /// Lays out the trie of `keys`.
    init(keys: [[UInt8]]) {
        // Build with dictionaries, then freeze into flat arrays with sorted edges.
        var children: [[UInt8: Int32]] = [[:]]
        var keyNodes: [Int32] = []
        for key in keys {
            var node = 0
            for byte in key {
                if let next = children[node][byte] {
                    node = Int(next)
                } else {
                    children.append([:])
                    children[node][byte] = Int32(children.count - 1)
                    node = children.count - 1
                }
            }
            keyNodes.append(Int32(node))
        }
        self.keyNodes = keyNodes
        for node in children.indices {
            let sorted = children[node].sorted { $0.key < $1.key }
            edgeStart.append(Int32(edgeBytes.count))
            edgeCount.append(Int32(sorted.count))
            for (byte, target) in sorted {
                edgeBytes.append(byte)
                edgeTargets.append(target)
            }
        }
    }
}
