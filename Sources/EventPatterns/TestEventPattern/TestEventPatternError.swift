/// Why `TestEventPattern` refused its input, with AWS's error code and message.
public enum TestEventPatternError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `InvalidEventPatternException`: the pattern is invalid.
    case invalidPattern(EventPatternError)
    /// `ValidationException: Parameter Event is not valid.`; `detail` says why (AWS does not).
    case invalidEvent(detail: String)

    /// AWS's message.
    public var message: String {
        switch self {
        case .invalidPattern(let error): error.message
        case .invalidEvent: "Parameter Event is not valid."
        }
    }

    /// AWS's error code.
    public var awsErrorCode: String {
        switch self {
        case .invalidPattern: "InvalidEventPatternException"
        case .invalidEvent: "ValidationException"
        }
    }

    /// AWS's message.
    public var description: String { message }
}
