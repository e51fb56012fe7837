public import EventPatterns

/// An EventBridge rule on a bus: an event pattern and the targets that receive the events it matches.
public struct Rule: Sendable, Hashable {
    /// 1-64 characters of `[.-_A-Za-z0-9]`, unique on its bus.
    public var name: String
    public var eventBusName: String
    public var description: String?
    public var state: RuleState
    public var eventPattern: EventPattern
    /// At most five.
    public var targets: [RuleTarget]

    public init(
        name: String,
        eventBusName: String = EventBusName.default,
        description: String? = nil,
        state: RuleState = .enabled,
        eventPattern: EventPattern,
        targets: [RuleTarget]
    ) {
        self.name = name
        self.eventBusName = eventBusName
        self.description = description
        self.state = state
        self.eventPattern = eventPattern
        self.targets = targets
    }

    /// EventBridge's limit of targets per rule.
    public static let maximumTargets = 5

    /// Everything wrong with the rule, each naming the field; empty when it is valid.
    public var problems: [String] {
        var problems: [String] = []
        problems += ResourceName.problems(name, kind: "rule name", maximumLength: 64)
        problems += EventBusName.problems(eventBusName)
        if let description, description.count > 512 {
            problems.append("Description must be at most 512 characters, got \(description.count)")
        }
        if targets.count > Self.maximumTargets {
            problems.append("a rule has at most \(Self.maximumTargets) targets, got \(targets.count)")
        }
        var seen = Set<String>()
        for target in targets {
            for problem in ResourceName.problems(target.id, kind: "target Id", maximumLength: 64) {
                problems.append(problem)
            }
            if !seen.insert(target.id).inserted { problems.append("target Id '\(target.id)' is used twice") }
            problems += target.retryPolicy.problems.map { "target '\(target.id)': \($0)" }
            problems += target.input.problems(targetID: target.id).map(\.message)
            if target.maximumDeliveries < 1 {
                problems.append("target '\(target.id)': maximum deliveries must be at least 1")
            }
            if let queue = target.deadLetterQueue, queue.isEmpty || queue.utf8.count > 255 {
                problems.append("target '\(target.id)': the dead-letter queue name must be 1-255 bytes")
            }
        }
        return problems
    }
}

/// Whether a rule routes events.
public enum RuleState: String, Sendable, Hashable, Codable {
    case enabled = "ENABLED"
    /// Matches nothing: the translator does not bind its targets (their queues and queued events stay).
    case disabled = "DISABLED"
}
