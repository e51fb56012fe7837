/// The CloudFormation and SAM names the template reader knows: keys it checks, types it reads.
enum TemplateVocabulary {
    static let topLevelKeys = [
        "AWSTemplateFormatVersion", "Transform", "Description", "Metadata", "Parameters", "Mappings", "Conditions",
        "Rules", "Resources", "Outputs", "Globals",
    ]
    /// The top-level keys Warren reads: a misspelling of one is an error, other unknown keys are warnings.
    static let readTopLevelKeys = ["Resources", "Parameters", "Mappings", "Globals"]
    /// Resource attributes of CloudFormation and SAM (`Connectors` and `IgnoreGlobals` are SAM's).
    static let resourceKeys = [
        "Type", "Properties", "DependsOn", "Condition", "Metadata", "DeletionPolicy", "UpdateReplacePolicy",
        "UpdatePolicy", "CreationPolicy", "Connectors", "IgnoreGlobals",
    ]
    /// The resource attributes Warren reads.
    static let readResourceKeys = ["Type", "Properties"]

    static let ruleType = "AWS::Events::Rule"
    static let eventBusType = "AWS::Events::EventBus"
    static let serverlessFunctionType = "AWS::Serverless::Function"
    static let stateMachineType = "AWS::Serverless::StateMachine"
    static let lambdaFunctionType = "AWS::Lambda::Function"
    static let queueType = "AWS::SQS::Queue"
    /// The types whose typos would silently drop rules or their targets.
    static let readTypes = [
        ruleType, eventBusType, serverlessFunctionType, stateMachineType, lambdaFunctionType, queueType,
    ]

    /// `AWS::Events::Rule` `Properties`.
    static let ruleProperties = [
        "Description", "EventBusName", "EventPattern", "Name", "RoleArn", "ScheduleExpression", "State", "Targets",
    ]
    /// `AWS::Events::Rule` `Targets` entries.
    static let targetKeys = [
        "AppSyncParameters", "Arn", "BatchParameters", "DeadLetterConfig", "EcsParameters", "HttpParameters", "Id",
        "Input", "InputPath", "InputTransformer", "KinesisParameters", "RedshiftDataParameters", "RetryPolicy",
        "RoleArn", "RunCommandParameters", "SageMakerPipelineParameters", "SqsParameters",
    ]
    /// Target settings Warren does not implement: a warning each, the target still loads.
    static let ignoredTargetKeys = [
        "AppSyncParameters", "BatchParameters", "EcsParameters", "HttpParameters", "KinesisParameters",
        "RedshiftDataParameters", "RunCommandParameters", "SageMakerPipelineParameters", "SqsParameters",
    ]
    /// A target's (or SAM event's) `InputTransformer`.
    static let inputTransformerKeys = ["InputPathsMap", "InputTemplate"]
    static let retryPolicyKeys = ["MaximumEventAgeInSeconds", "MaximumRetryAttempts"]
    static let deadLetterConfigKeys = ["Arn"]
    /// `AWS::Events::EventBus` `Properties`.
    static let eventBusProperties = [
        "DeadLetterConfig", "Description", "EventSourceName", "KmsKeyIdentifier", "LogConfig", "Name", "Policy",
        "Tags",
    ]

    /// The SAM event types that make a rule.
    static let ruleEventTypes = ["CloudWatchEvent", "EventBridgeRule"]
    /// A SAM function's `Events` entry.
    static let eventEntryKeys = ["Type", "Properties"]
    /// `Properties` of `CloudWatchEvent` and `EventBridgeRule` events (the union of both).
    static let ruleEventProperties = [
        "DeadLetterConfig", "Enabled", "EventBusName", "Input", "InputPath", "InputTransformer", "Pattern",
        "RetryPolicy", "RuleName", "State", "Target",
    ]
    /// SAM's `DeadLetterConfig`: an ARN, or `Type: SQS` for a queue SAM creates.
    static let samDeadLetterConfigKeys = ["Arn", "QueueLogicalId", "Type"]
    static let samTargetKeys = ["Id"]
}
