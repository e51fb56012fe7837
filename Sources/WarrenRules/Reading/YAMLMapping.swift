import Yams

/// A YAML mapping whose keys are read as text, each with its place.
struct YAMLMapping {
    /// One key and its value.
    struct Entry {
        var key: String
        var keyPosition: SourcePosition
        var value: Node
        /// Whether the key was a scalar (lists and mappings as keys have no text).
        var keyIsText: Bool
    }

    /// The entries in document order (the YAML parser has already rejected repeated keys).
    var entries: [Entry]
    /// Where the mapping starts.
    var position: SourcePosition
    /// The first entry of each key, so that looking a key up does not scan the mapping.
    private var index: [String: Int] = [:]

    init(_ mapping: Node.Mapping, at position: SourcePosition, work: LoadWork) {
        self.position = position
        self.entries = mapping.map { key, value in
            Entry(
                key: key.scalar?.string ?? "", keyPosition: key.position, value: value, keyIsText: key.scalar != nil)
        }
        work.count(entries.count)
        index.reserveCapacity(entries.count)
        for (offset, entry) in entries.enumerated() where index[entry.key] == nil {
            index[entry.key] = offset
        }
    }

    /// The value of `key`.
    subscript(key: String) -> Node? {
        index[key].map { entries[$0].value }
    }

    /// The value of an optional key: nil when the key is absent or its value is null (`key:` or `key: ~`).
    func optional(_ key: String) -> Node? {
        guard let value = self[key], !value.isNull else { return nil }
        return value
    }

    /// The entry of `key`.
    func entry(_ key: String) -> Entry? {
        index[key].map { entries[$0] }
    }

    /// The keys in document order.
    var keys: [String] { entries.map(\.key) }
}
