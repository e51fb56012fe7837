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

    init(_ mapping: Node.Mapping, at position: SourcePosition) {
        self.position = position
        self.entries = mapping.map { key, value in
            Entry(
                key: key.scalar?.string ?? "", keyPosition: key.position, value: value, keyIsText: key.scalar != nil)
        }
    }

    /// The value of `key`.
    subscript(key: String) -> Node? {
        entries.first { $0.key == key }?.value
    }

    /// The value of an optional key: nil when the key is absent or its value is null (`key:` or `key: ~`).
    func optional(_ key: String) -> Node? {
        guard let value = self[key], !value.isNull else { return nil }
        return value
    }

    /// The entry of `key`.
    func entry(_ key: String) -> Entry? {
        entries.first { $0.key == key }
    }

    /// The keys in document order.
    var keys: [String] { entries.map(\.key) }
}
