/// A key of a pattern object with what it requires: a nested object or a list of matchers.
public struct PatternField: Sendable, Hashable {
    /// The event key this field looks at; it may contain dots, which EventBridge treats like nesting.
    public var key: String
    /// A nested object or the matchers of a leaf condition.
    public var value: PatternFieldValue

    /// Creates a field.
    public init(key: String, value: PatternFieldValue) {
        self.key = key
        self.value = value
    }
}
