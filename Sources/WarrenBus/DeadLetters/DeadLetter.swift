public import AMQPClient
import EventPatterns

/// One message of a dead-letter queue, as `warren dlq show` prints it: EventBridge's six headers, the event id, the
/// target it came from, and the event.
public struct DeadLetter: Sendable, Hashable {
    /// The event's id: the message id, else the `id` of the body's envelope; nil for a body that is not an event.
    public var eventID: String?
    /// `ERROR_CODE` (`HANDLER_ERROR`, `TIMEOUT`, `POISON_MESSAGE`, `MALFORMED_EVENT`, ...); nil when the broker
    /// dead-lettered the message itself (its delivery limit), see `brokerReason`.
    public var errorCode: String?
    /// `ERROR_MESSAGE`.
    public var errorMessage: String?
    /// `EXHAUSTED_RETRY_CONDITION`: `MaximumRetryAttempts` or `MaximumEventAgeInSeconds`; nil for a failure that was
    /// not retried.
    public var exhaustedRetryCondition: String?
    /// `RETRY_ATTEMPTS`.
    public var retryAttempts: Int?
    /// `RULE_ARN`.
    public var ruleARN: String?
    /// `TARGET_ARN`.
    public var targetARN: String?
    /// Why the broker dead-lettered it (`delivery_limit`), when the broker did rather than a consumer.
    public var brokerReason: String?
    /// The queue the message was dead-lettered from: the queue `TARGET_ARN` names, else the broker's
    /// `x-first-death-queue`; nil when neither says.
    public var originQueue: String?
    /// How many times it was redriven before.
    public var redriveCount: Int
    /// The message body: the event as it was delivered to the target.
    public var body: [UInt8]
    /// The message's properties, headers included.
    public var properties: AMQPProperties

    /// Reads a dead-letter message.
    public init(body: [UInt8], properties: AMQPProperties) {
        let headers = properties.headers ?? [:]
        self.body = body
        self.properties = properties
        eventID = properties.messageID ?? (try? EventEnvelope(parsing: body))?.id
        errorCode = headers[RetryHeaders.errorCode]?.stringValue
        errorMessage = headers[RetryHeaders.errorMessage]?.stringValue
        exhaustedRetryCondition = headers[RetryHeaders.exhaustedRetryCondition]?.stringValue
        retryAttempts = headers[RetryHeaders.retryAttemptsAttribute]?.int64Value.map(Int.init)
        ruleARN = headers[RetryHeaders.ruleARN]?.stringValue
        targetARN = headers[RetryHeaders.targetARN]?.stringValue
        brokerReason = headers["x-first-death-reason"]?.stringValue
        originQueue =
            targetARN.flatMap(Self.queue(inTargetARN:)) ?? headers["x-first-death-queue"]?.stringValue
        redriveCount = Int(headers[RetryHeaders.redriveCount]?.int64Value ?? 0)
    }

    /// The queue of a Warren target ARN (`arn:warren:rabbitmq:<region>:<account>:queue/<queue>`).
    static func queue(inTargetARN arn: String) -> String? {
        guard arn.hasPrefix("arn:warren:rabbitmq:"), let range = arn.range(of: ":queue/") else { return nil }
        return String(arn[range.upperBound...])
    }
}
