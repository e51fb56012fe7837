public import EventPatterns
public import WarrenCore

/// A rule as the API creates and describes it: Warren's `Rule` plus what only the API has (a schedule, a role,
/// who created it, tags, each target's `Arn` and input settings).
public struct RuleDefinition: Sendable, Hashable {
    /// Whether the rule routes events; the API's three values.
    public enum State: String, Sendable, Hashable, CaseIterable {
        case enabled = "ENABLED"
        case disabled = "DISABLED"
        /// Routes like `ENABLED` (Warren has no CloudTrail management events to add).
        case enabledWithAllCloudTrailManagementEvents = "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"

        /// Warren's state: everything but `DISABLED` routes.
        public var ruleState: RuleState { self == .disabled ? .disabled : .enabled }
    }

    public var name: String
    public var eventBusName: String
    /// The pattern's text as sent (validated); nil for a rule with only a schedule.
    public var eventPattern: String?
    /// `cron(...)` or `rate(...)`; stored and described. Warren runs no schedules.
    public var scheduleExpression: String?
    public var state: State
    public var description: String?
    public var roleArn: String?
    /// Set for rules another service manages; never for rules created through the API.
    public var managedBy: String?
    /// The account that created the rule.
    public var createdBy: String
    public var tags: [ResourceTag]
    /// At most five, in the order they were first put.
    public var targets: [TargetDefinition]

    public init(
        name: String, eventBusName: String, eventPattern: String? = nil, scheduleExpression: String? = nil,
        state: State = .enabled, description: String? = nil, roleArn: String? = nil, managedBy: String? = nil,
        createdBy: String, tags: [ResourceTag] = [], targets: [TargetDefinition] = []
    ) {
        self.name = name
        self.eventBusName = eventBusName
        self.eventPattern = eventPattern
        self.scheduleExpression = scheduleExpression
        self.state = state
        self.description = description
        self.roleArn = roleArn
        self.managedBy = managedBy
        self.createdBy = createdBy
        self.tags = tags
        self.targets = targets
    }

    /// The rule as Warren routes it; nil for a rule without an event pattern (a schedule alone routes nothing).
    /// Each target is the queue `warren:<bus>:<rule>:<target id>`, whatever its `Arn`.
    public func warrenRule(limits: PatternLimits = PatternLimits()) throws(EventPatternError) -> Rule? {
        guard let eventPattern else { return nil }
        return Rule(
            name: name, eventBusName: eventBusName, description: description, state: state.ruleState,
            eventPattern: try EventPattern(parsing: eventPattern, limits: limits), targets: targets.map(\.ruleTarget))
    }
}
