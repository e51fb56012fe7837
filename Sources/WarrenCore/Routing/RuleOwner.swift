/// Who owns a rule on the broker, and so who may change or remove it.
///
/// A rules file applies as a named stack: reconciling the stack adds, changes and removes only the rules it owns.
/// Rules created one by one (the library's `putRule`, the HTTP API's PutRule) belong to no stack, so no stack's
/// reconcile ever removes them.
public enum RuleOwner: Sendable, Hashable {
    /// Applied from a rules file as this stack.
    case stack(String)
    /// Created on its own, not by a stack.
    case unowned
    /// Recorded by a Warren that had no stacks yet: the first stack that declares the rule adopts it.
    case legacy

    /// The stack's name, for `.stack`.
    public var stackName: String? {
        if case .stack(let name) = self { name } else { nil }
    }

    /// How `warren rules list` shows the owner.
    public var label: String {
        switch self {
        case .stack(let name): name
        case .unowned: "-"
        case .legacy: "(legacy)"
        }
    }
}
