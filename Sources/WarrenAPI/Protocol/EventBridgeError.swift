/// An error of the EventBridge API, as AWS reports it: HTTP 400 (500 for server faults) with
/// `{"__type": "<code>", "message": "<text>"}`.
public struct EventBridgeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The exception's name, the `__type` clients read.
    public struct Code: RawRepresentable, Sendable, Hashable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        public static let validation = Code(rawValue: "ValidationException")
        public static let serialization = Code(rawValue: "SerializationException")
        public static let unknownOperation = Code(rawValue: "UnknownOperationException")
        public static let resourceNotFound = Code(rawValue: "ResourceNotFoundException")
        public static let resourceAlreadyExists = Code(rawValue: "ResourceAlreadyExistsException")
        public static let limitExceeded = Code(rawValue: "LimitExceededException")
        public static let invalidEventPattern = Code(rawValue: "InvalidEventPatternException")
        public static let concurrentModification = Code(rawValue: "ConcurrentModificationException")
        /// A server fault (the broker cannot be reached, ...): HTTP 500, retryable.
        public static let `internal` = Code(rawValue: "InternalException")
    }

    public var code: Code
    /// AWS's text; nil when AWS sends none.
    public var message: String?

    public init(_ code: Code, _ message: String?) {
        self.code = code
        self.message = message
    }

    /// 500 for server faults, 400 for everything the caller sent.
    public var httpStatus: Int { code == .internal ? 500 : 400 }

    /// Coral's framework exceptions spell the member `Message`; EventBridge's own ones `message`.
    var messageKey: String { code == .serialization ? "Message" : "message" }

    public var description: String { message.map { "\(code.rawValue): \($0)" } ?? code.rawValue }
}

extension EventBridgeError {
    /// `Event bus <name> does not exist.`
    public static func eventBusNotFound(_ bus: String) -> EventBridgeError {
        EventBridgeError(.resourceNotFound, "Event bus \(bus) does not exist.")
    }

    /// `Event bus <name> already exists.`
    public static func eventBusAlreadyExists(_ bus: String) -> EventBridgeError {
        EventBridgeError(.resourceAlreadyExists, "Event bus \(bus) already exists.")
    }

    /// `Rule <name> does not exist on EventBus <bus>.` (every operation that needs an existing rule).
    public static func ruleNotFound(_ rule: String, bus: String) -> EventBridgeError {
        EventBridgeError(.resourceNotFound, "Rule \(rule) does not exist on EventBus \(bus).")
    }

    /// AWS's text for the 6th target of a rule and the 301st rule of a bus.
    public static let limitExceeded = EventBridgeError(
        .limitExceeded, "The requested resource exceeds the maximum number allowed.")

    /// `ValidationException` with AWS's text.
    public static func validation(_ message: String) -> EventBridgeError {
        EventBridgeError(.validation, message)
    }

    /// A server fault: the caller may retry.
    public static func `internal`(_ message: String) -> EventBridgeError {
        EventBridgeError(.internal, message)
    }
}
