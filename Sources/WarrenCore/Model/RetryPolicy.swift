/// How long and how often a target's failed deliveries are retried (EventBridge's `RetryPolicy`).
///
/// Retries stop at whichever limit comes first; the event then goes to the target's dead-letter queue.
public struct RetryPolicy: Sendable, Hashable, Codable {
    /// 0...185; EventBridge's default is 185.
    public var maximumRetryAttempts: Int
    /// 60...86,400 seconds, counted from the moment PutEvents accepted the event; default 24 hours.
    public var maximumEventAgeInSeconds: Int

    public static let allowedRetryAttempts = 0...185
    public static let allowedEventAgeInSeconds = 60...86_400

    public init(maximumRetryAttempts: Int = 185, maximumEventAgeInSeconds: Int = 86_400) {
        self.maximumRetryAttempts = maximumRetryAttempts
        self.maximumEventAgeInSeconds = maximumEventAgeInSeconds
    }

    enum CodingKeys: String, CodingKey {
        case maximumRetryAttempts = "MaximumRetryAttempts"
        case maximumEventAgeInSeconds = "MaximumEventAgeInSeconds"
    }

    /// What is wrong with the policy, in EventBridge's words; empty when it is valid.
    public var problems: [String] {
        var problems: [String] = []
        if !Self.allowedRetryAttempts.contains(maximumRetryAttempts) {
            problems.append(
                "MaximumRetryAttempts must be between 0 and 185, got \(maximumRetryAttempts)")
        }
        if !Self.allowedEventAgeInSeconds.contains(maximumEventAgeInSeconds) {
            problems.append(
                "MaximumEventAgeInSeconds must be between 60 and 86400, got \(maximumEventAgeInSeconds)")
        }
        return problems
    }
}
