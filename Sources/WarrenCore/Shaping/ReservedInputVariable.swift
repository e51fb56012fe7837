/// The variables every input template may use without defining them in `InputPathsMap` (spec §5.3). Their names
/// start with `aws.`, which `InputPathsMap` names may not.
public enum ReservedInputVariable: String, Sendable, Hashable, CaseIterable {
    /// The rule's ARN.
    case ruleARN = "aws.events.rule-arn"
    /// The rule's name.
    case ruleName = "aws.events.rule-name"
    /// When the bus accepted the event, ISO 8601 (`2017-12-22T18:43:48Z`).
    case ingestionTime = "aws.events.event.ingestion-time"
    /// The envelope without `detail`, as AWS renders it: `detailType` in camelCase and `time` set to the ingestion
    /// time [aws-verified, LocalStack `test_input_transformer_predefined_variables`].
    case event = "aws.events.event"
    /// The whole event exactly as delivered.
    case eventJSON = "aws.events.event.json"

    /// Whether the variable may only stand as a JSON value: its JSON is inserted unescaped, so inside a string it
    /// would break the string (AWS: "can only be used as a value for a JSON field").
    public var isJSONValueOnly: Bool {
        switch self {
        case .event, .eventJSON: true
        case .ruleARN, .ruleName, .ingestionTime: false
        }
    }

    /// The prefix no `InputPathsMap` name may have (AWS: "The keys cannot start with "AWS."").
    static let reservedPrefix = "aws."
}
