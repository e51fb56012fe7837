/// A JSON object: its members in document order, each key once.
///
/// JSON allows a key to be repeated; like EventBridge (and `JSON.parse`), the last value wins. The member keeps the
/// position where its key first appeared, so re-serialising a parsed object changes as little as possible.
/// Two objects are equal when they hold the same keys with equal values, whatever the order.
public struct JSONObject: Sendable, Hashable, Sequence, CustomStringConvertible {
    /// One member of an object.
    public struct Member: Sendable, Hashable {
        /// The member's key.
        public var key: String
        /// The member's value.
        public var value: JSONValue

        /// Creates a member.
        public init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// The members in document order.
    public private(set) var members: [Member]

    /// Creates an empty object.
    public init() {
        members = []
    }

    /// Creates an object from `(key, value)` pairs; a repeated key keeps its first position and its last value.
    public init(_ pairs: some Sequence<(String, JSONValue)>) {
        members = []
        for (key, value) in pairs {
            self[key] = value
        }
    }

    /// Wraps members whose keys the caller has already made unique (the parser does, with a dictionary).
    init(uniqueMembers: [Member]) {
        members = uniqueMembers
    }

    /// The number of members.
    public var count: Int { members.count }

    /// Whether the object has no members.
    public var isEmpty: Bool { members.isEmpty }

    /// The keys in document order.
    public var keys: [String] { members.map(\.key) }

    /// The value for `key`, or `nil` when the object has no such member. Setting `nil` removes the member.
    public subscript(key: String) -> JSONValue? {
        get {
            members.first { $0.key == key }?.value
        }
        set {
            let index = members.firstIndex { $0.key == key }
            switch (index, newValue) {
            case (let index?, let value?):
                members[index].value = value
            case (let index?, nil):
                members.remove(at: index)
            case (nil, let value?):
                members.append(Member(key: key, value: value))
            case (nil, nil):
                break
            }
        }
    }

    /// Iterates over `(key, value)` pairs in document order.
    public func makeIterator() -> some IteratorProtocol<(key: String, value: JSONValue)> {
        members.lazy.map { (key: $0.key, value: $0.value) }.makeIterator()
    }

    /// Equal when both objects have the same keys and equal values; key order does not matter.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.members.count == rhs.members.count else { return false }
        return lhs.members.allSatisfy { rhs[$0.key] == $0.value }
    }

    /// Hashes the members independently of their order.
    public func hash(into hasher: inout Hasher) {
        var combined = 0
        for member in members {
            combined &+= member.hashValue
        }
        hasher.combine(members.count)
        hasher.combine(combined)
    }

    /// The compact JSON text.
    public var description: String { JSONValue.object(self).serialized() }
}
