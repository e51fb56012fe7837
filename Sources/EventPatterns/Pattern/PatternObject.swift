/// One object of an event pattern: field conditions that must all hold, and `$or` groups of which one branch each
/// must hold.
///
/// Order matters only when a path is written twice: like EventBridge, a later write of the same flattened path
/// replaces an earlier one. Fields count as written before the object's `$or` groups (the parser rearranges
/// patterns that put a colliding field after an `$or` so that this stays true).
public struct PatternObject: Sendable, Hashable {
    /// The fields of this object, in order.
    public var fields: [PatternField]
    /// The `$or` groups at this level; each element is one `$or`, given as its branches.
    public var alternatives: [[PatternObject]]

    /// Creates an object.
    public init(fields: [PatternField] = [], alternatives: [[PatternObject]] = []) {
        self.fields = fields
        self.alternatives = alternatives
    }
}
