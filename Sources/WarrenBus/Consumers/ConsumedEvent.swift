/// An event handed to a target's handler.
public struct ConsumedEvent: Sendable {
    public var envelope: EventEnvelope
    /// The event's JSON text as delivered (also what its dead letter holds).
    public var body: [UInt8]
    /// What the target receives: the event itself, or what its `Input`, `InputPath` or `InputTransformer` made of
    /// it.
    public var payload: [UInt8]
    /// 0 on the first attempt, then the number of the retry.
    public var retryAttempt: Int
    /// True when the broker delivered this message before without it being settled (a crash, a lost connection).
    public var isRedelivered: Bool
    public var ruleName: String
    public var targetID: String

    public init(
        envelope: EventEnvelope, body: [UInt8], payload: [UInt8]? = nil, retryAttempt: Int, isRedelivered: Bool,
        ruleName: String, targetID: String
    ) {
        self.envelope = envelope
        self.body = body
        self.payload = payload ?? body
        self.retryAttempt = retryAttempt
        self.isRedelivered = isRedelivered
        self.ruleName = ruleName
        self.targetID = targetID
    }
}

/// Handles one event for a rule target. Returning acknowledges the event; throwing sends it through the
/// target's retry policy (or, for a `TargetFailure` that is not retryable, straight to its dead-letter queue).
public typealias EventHandler = @Sendable (ConsumedEvent) async throws -> Void

/// An error a handler can throw to say what kind of failure it was, as EventBridge's `ERROR_CODE`s do.
public struct TargetFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// e.g. `THROTTLING`, `NO_PERMISSIONS`, `NO_RESOURCE`.
    public var code: String
    public var message: String
    /// False skips the retries: the event goes to the dead-letter queue at once (as EventBridge does for
    /// missing permissions or a deleted resource).
    public var isRetryable: Bool

    public init(code: String, message: String, isRetryable: Bool = true) {
        self.code = code
        self.message = message
        self.isRetryable = isRetryable
    }

    public var description: String { "\(code): \(message)" }
}
