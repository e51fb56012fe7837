public import AMQPClient
public import struct Foundation.Date

/// The properties of the copy a redrive sends back to the target's queue: the event as PutEvents published it,
/// with a fresh retry policy. Pure, so the choice of headers is tested without a broker.
///
/// - Kept: the message id (the event id, which `DeliveryVerifier` and de-duplication key on), content type,
///   timestamp, `warren-bus` and `warren-ingested-at` (PutEvents' marks, which the consumer checks; the ingestion
///   time stays the event's, for `<aws.events.event.ingestion-time>`), the trace header and any header of the
///   publisher's own.
/// - Dropped: EventBridge's six dead-letter headers (a new failure sets them again), Warren's retry state
///   (`warren-retry-attempts`, `warren-delay`, `warren-last-error`), so that `MaximumRetryAttempts` starts again,
///   and the broker's dead-lettering and delivery headers (`x-death`, `x-first-death-*`, `x-last-death-*`,
///   `x-delivery-count`), so that the copy is a new message to the target queue's delivery limit.
/// - Added: `warren-redriven-at` (now), from which `MaximumEventAgeInSeconds` counts again,
///   `warren-redrive-count` (one more), and `warren-redrive-id`, the redrive run, by which the run knows an event
///   that came back.
public enum RedriveCopy {
    /// The headers a redrive removes.
    public static let droppedHeaders: Set<String> = [
        RetryHeaders.errorCode, RetryHeaders.errorMessage, RetryHeaders.exhaustedRetryCondition,
        RetryHeaders.retryAttemptsAttribute, RetryHeaders.ruleARN, RetryHeaders.targetARN,
        RetryHeaders.retryAttempts, RetryHeaders.delayLevel, RetryHeaders.lastError, RetryHeaders.deliveryCount,
        "x-death", "x-first-death-exchange", "x-first-death-queue", "x-first-death-reason",
        "x-last-death-exchange", "x-last-death-queue", "x-last-death-reason",
    ]

    /// The copy's properties, given the dead letter's.
    public static func properties(of original: AMQPProperties, run: String, redrivenAt now: Date) -> AMQPProperties {
        var properties = original
        var headers = (original.headers ?? [:]).filter { !droppedHeaders.contains($0.key) }
        let count = original.headers?[RetryHeaders.redriveCount]?.int64Value ?? 0
        headers[RetryHeaders.redriveCount] = .int64(count + 1)
        headers[RetryHeaders.redrivenAt] = .int64(Int64((now.timeIntervalSince1970 * 1000).rounded()))
        headers[RetryHeaders.redriveID] = .string(run)
        properties.headers = headers
        properties.expiration = nil
        properties.deliveryMode = .persistent
        return properties
    }
}
