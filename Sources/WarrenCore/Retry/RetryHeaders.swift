/// Message headers Warren uses for retries and dead-lettering.
public enum RetryHeaders {
    /// On a retry in flight: the delay level (seconds, as text) that routes it to its delay queue.
    public static let delayLevel = "warren-delay"
    /// How many retries this event has had for its target (absent on the first delivery).
    public static let retryAttempts = "warren-retry-attempts"
    /// When PutEvents accepted the event, in milliseconds since 1970: the start of `MaximumEventAgeInSeconds`.
    public static let ingestedAt = "warren-ingested-at"
    /// The broker's count of earlier deliveries of this message that were not settled (quorum queues).
    public static let deliveryCount = "x-delivery-count"
    /// The handler error that caused the latest retry.
    public static let lastError = "warren-last-error"
    /// The bus the event was put on.
    public static let bus = "warren-bus"
    /// The X-Ray trace header of the PutEvents entry.
    public static let traceHeader = "X-Amzn-Trace-Id"
    /// On an event sent back from its dead-letter queue: when, in milliseconds since 1970. Its retries'
    /// `MaximumEventAgeInSeconds` counts from here rather than from `warren-ingested-at`, so a redriven event gets
    /// its whole retry policy again.
    public static let redrivenAt = "warren-redriven-at"
    /// How many times the event was sent back from its dead-letter queue.
    public static let redriveCount = "warren-redrive-count"
    /// The redrive run that last sent the event back (a dead letter keeps it, so the run knows the event came back).
    public static let redriveID = "warren-redrive-id"

    // EventBridge's dead-letter message attributes.
    public static let errorCode = "ERROR_CODE"
    public static let errorMessage = "ERROR_MESSAGE"
    public static let exhaustedRetryCondition = "EXHAUSTED_RETRY_CONDITION"
    public static let retryAttemptsAttribute = "RETRY_ATTEMPTS"
    public static let ruleARN = "RULE_ARN"
    public static let targetARN = "TARGET_ARN"
}
