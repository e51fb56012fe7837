/// What a pattern field holds.
public enum PatternFieldValue: Sendable, Hashable {
    /// A nested pattern object: the event's value at this key is looked into.
    case object(PatternObject)
    /// A leaf condition: the event's value at this key must satisfy at least one of the matchers.
    case matchers([Matcher])
}
