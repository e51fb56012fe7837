/// A tag on a rule or an event bus.
public struct ResourceTag: Sendable, Hashable {
    public var key: String
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

extension [ResourceTag] {
    /// The tags with `new` added, replacing the values of keys already present (TagResource).
    public func merging(_ new: [ResourceTag]) -> [ResourceTag] {
        var merged = self
        for tag in new {
            if let index = merged.firstIndex(where: { $0.key == tag.key }) {
                merged[index].value = tag.value
            } else {
                merged.append(tag)
            }
        }
        return merged
    }
}
