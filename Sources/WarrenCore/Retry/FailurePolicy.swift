public import struct Foundation.Date

/// What happens to an event whose handler failed: another attempt after a delay, or the dead-letter queue.
/// Pure, so the retry rules are tested without a broker.
public struct FailurePolicy: Sendable, Hashable {
    public var retryPolicy: RetryPolicy

    public init(retryPolicy: RetryPolicy) {
        self.retryPolicy = retryPolicy
    }

    public enum Outcome: Sendable, Hashable {
        /// Try again: `attempt` is the retry's number, the delay is spent in the delay queue of `level` seconds.
        case retry(attempt: Int, delayMilliseconds: Int, level: Int)
        /// Give up. `exhaustedCondition` is EventBridge's `EXHAUSTED_RETRY_CONDITION`
        /// (`MaximumRetryAttempts` or `MaximumEventAgeInSeconds`), nil for a failure that is not retried.
        case deadLetter(exhaustedCondition: String?)
    }

    /// The outcome after a failure, given how many retries the event had and when PutEvents accepted it.
    public func outcome(
        previousRetries: Int, ingestedAt: Date, now: Date, retryable: Bool, random: Double = Double.random(in: 0..<1)
    ) -> Outcome {
        guard retryable else { return .deadLetter(exhaustedCondition: nil) }
        if previousRetries >= retryPolicy.maximumRetryAttempts {
            return .deadLetter(exhaustedCondition: "MaximumRetryAttempts")
        }
        let attempt = previousRetries + 1
        let delay = RetryBackoff.delayMilliseconds(forAttempt: attempt, random: random)
        let retryAt = now.addingTimeInterval(Double(delay) / 1000)
        if retryAt > ingestedAt.addingTimeInterval(Double(retryPolicy.maximumEventAgeInSeconds)) {
            return .deadLetter(exhaustedCondition: "MaximumEventAgeInSeconds")
        }
        return .retry(attempt: attempt, delayMilliseconds: delay, level: RetryBackoff.level(forAttempt: attempt))
    }
}
