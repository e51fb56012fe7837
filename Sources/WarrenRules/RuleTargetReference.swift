/// Names one target of one rule of a rules file: its bus, its rule and its `Id`.
public struct RuleTargetReference: Sendable, Hashable, CustomStringConvertible {
    /// The rule's bus.
    public var busName: String
    /// The rule's name.
    public var ruleName: String
    /// The target's `Id`.
    public var targetID: String

    /// Creates a reference.
    public init(busName: String, ruleName: String, targetID: String) {
        self.busName = busName
        self.ruleName = ruleName
        self.targetID = targetID
    }

    /// `<bus>/<rule>/<target>`.
    public var description: String { "\(busName)/\(ruleName)/\(targetID)" }
}
