public import WarrenCore

/// A loaded and validated rules file: the buses it declares, its rules, and where template targets came from.
///
/// Every rule's pattern is valid, every name follows EventBridge's rules and no bus holds two rules of one name;
/// see `RulesFileLoader` for the formats.
public struct RulesFile: Sendable, Hashable {
    /// The two formats a rules file can have.
    public enum Shape: String, Sendable, Hashable {
        /// Warren's own YAML, with a top-level `rules:` list.
        case warren
        /// An AWS CloudFormation or SAM template, with a top-level `Resources:` mapping.
        case cloudFormation
    }

    /// The file's path as it was given to the loader.
    public var path: String
    /// Which format the file has.
    public var shape: Shape
    /// The buses the file declares, in order, each once; always starts with `default`, which every account has.
    /// A template also declares the buses its rules name that are not template resources (they exist elsewhere).
    public var buses: [String]
    /// The rules, in file order (in a template, resource order; a function's rules in the order of its `Events`).
    public var rules: [Rule]
    /// For targets that stand for a template resource (a SAM function's event, or `Arn: !GetAtt X.Arn`): that
    /// resource. Targets given by a literal ARN, and all targets of Warren's own format, have none.
    public var origins: [RuleTargetReference: TargetOrigin]
    /// Settings that are valid but that Warren ignores (for example a target's `InputTransformer`), each with its
    /// place; the rules loaded without them.
    public var warnings: [RulesFileProblem]

    /// Creates a rules file.
    public init(
        path: String,
        shape: Shape,
        buses: [String],
        rules: [Rule],
        origins: [RuleTargetReference: TargetOrigin] = [:],
        warnings: [RulesFileProblem] = []
    ) {
        self.path = path
        self.shape = shape
        self.buses = buses
        self.rules = rules
        self.origins = origins
        self.warnings = warnings
    }

    /// The rule of that name on that bus.
    public func rule(named name: String, onBus bus: String = EventBusName.default) -> Rule? {
        rules.first { $0.name == name && $0.eventBusName == bus }
    }

    /// The target a reference names, if the file has it.
    public func target(_ reference: RuleTargetReference) -> RuleTarget? {
        rule(named: reference.ruleName, onBus: reference.busName)?.targets.first { $0.id == reference.targetID }
    }

    /// The targets whose origin is a function with this `Handler` (such as `handler.case1Handler`), in file order.
    public func references(handler: String) -> [RuleTargetReference] {
        var found: [RuleTargetReference] = []
        for rule in rules {
            for target in rule.targets {
                let reference = RuleTargetReference(
                    busName: rule.eventBusName, ruleName: rule.name, targetID: target.id)
                if origins[reference]?.handler == handler { found.append(reference) }
            }
        }
        return found
    }
}
