public import struct Foundation.Date

/// What a delivery knows besides the event: the values of the reserved template variables.
public struct TargetInputContext: Sendable, Hashable {
    /// `<aws.events.rule-arn>`: `arn:aws:events:<region>:<account>:rule/<name>`, with `<bus>/` before the name on
    /// a custom bus.
    public var ruleARN: String
    /// `<aws.events.rule-name>`.
    public var ruleName: String
    /// When the bus accepted the event (`<aws.events.event.ingestion-time>`, and `time` in `<aws.events.event>`).
    public var ingestionTime: Date

    /// Creates a context.
    public init(ruleARN: String, ruleName: String, ingestionTime: Date) {
        self.ruleARN = ruleARN
        self.ruleName = ruleName
        self.ingestionTime = ingestionTime
    }
}
