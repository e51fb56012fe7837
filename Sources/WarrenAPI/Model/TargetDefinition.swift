public import EventPatterns
public import WarrenCore

/// A rule target as the API puts and lists it.
///
/// Every target is the durable queue `warren:<bus>:<rule>:<Id>` that `warren consume --rule <rule>` runs; the
/// `Arn` names what the caller means by it and is kept, listed and searched (`ListRuleNamesByTarget`), but routes
/// nothing. `RetryPolicy` becomes Warren's retry policy and `DeadLetterConfig.Arn`
/// (`arn:aws:sqs:<region>:<account>:<queue>`) the target's dead-letter queue `<queue>`. Every other member
/// (`Input`, `InputTransformer`, `SqsParameters`, ...) is kept and listed as sent; Warren delivers the event itself.
public struct TargetDefinition: Sendable, Hashable {
    public var id: String
    public var arn: String
    /// The target as sent, without `null` members: what `ListTargetsByRule` returns.
    public var definition: JSONObject

    public init(id: String, arn: String, definition: JSONObject) {
        self.id = id
        self.arn = arn
        self.definition = definition
    }

    /// `RetryPolicy`, with EventBridge's defaults for members left out; nil when the target has none.
    public var retryPolicy: RetryPolicy? {
        guard let policy = definition["RetryPolicy"]?.objectValue else { return nil }
        let input = ShapeInput(policy)
        let defaults = RetryPolicy()
        return RetryPolicy(
            maximumRetryAttempts: input.integer("MaximumRetryAttempts") ?? defaults.maximumRetryAttempts,
            maximumEventAgeInSeconds: input.integer("MaximumEventAgeInSeconds") ?? defaults.maximumEventAgeInSeconds)
    }

    /// `DeadLetterConfig.Arn`, when the target has one.
    public var deadLetterArn: String? { definition["DeadLetterConfig"]?["Arn"]?.stringValue }

    /// The dead-letter queue's name: the last part of the SQS ARN; nil for Warren's default queue.
    public var deadLetterQueue: String? {
        deadLetterArn.flatMap { SQSQueueARN(parsing: $0)?.queueName }
    }

    /// The target as Warren runs it.
    public var ruleTarget: RuleTarget {
        RuleTarget(id: id, retryPolicy: retryPolicy ?? RetryPolicy(), deadLetterQueue: deadLetterQueue)
    }
}

/// `arn:aws:sqs:<region>:<account>:<queue name>`.
public struct SQSQueueARN: Sendable, Hashable {
    public var region: String
    public var account: String
    public var queueName: String

    public init?(parsing arn: String) {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", parts[1].hasPrefix("aws"), parts[2] == "sqs", !parts[5].isEmpty
        else { return nil }
        region = String(parts[3])
        account = String(parts[4])
        queueName = String(parts[5])
    }
}
