/// The answer to a PutEvents request: one result per entry, in request order.
public struct PutEventsResult: Sendable, Hashable, Codable {
    public var failedEntryCount: Int
    public var entries: [PutEventsResultEntry]

    public init(entries: [PutEventsResultEntry]) {
        self.entries = entries
        self.failedEntryCount = entries.filter { $0.errorCode != nil }.count
    }

    enum CodingKeys: String, CodingKey {
        case failedEntryCount = "FailedEntryCount"
        case entries = "Entries"
    }
}

/// The result of one entry: an `EventId`, or an `ErrorCode` with an `ErrorMessage`.
public struct PutEventsResultEntry: Sendable, Hashable, Codable {
    public var eventID: String?
    public var errorCode: String?
    public var errorMessage: String?

    public static func success(eventID: String) -> PutEventsResultEntry {
        PutEventsResultEntry(eventID: eventID, errorCode: nil, errorMessage: nil)
    }

    public static func failure(_ error: PutEventsEntryError) -> PutEventsResultEntry {
        PutEventsResultEntry(eventID: nil, errorCode: error.code.rawValue, errorMessage: error.message)
    }

    enum CodingKeys: String, CodingKey {
        case eventID = "EventId"
        case errorCode = "ErrorCode"
        case errorMessage = "ErrorMessage"
    }
}

/// Why one entry failed, with EventBridge's code and text.
public struct PutEventsEntryError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: RawRepresentable, Sendable, Hashable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        public static let invalidArgument = Code(rawValue: "InvalidArgument")
        public static let malformedDetail = Code(rawValue: "MalformedDetail")
        public static let notAuthorizedForSource = Code(rawValue: "NotAuthorizedForSourceException")
        /// The broker did not confirm the event (it nacked it, or the connection failed): retry the entry.
        public static let internalFailure = Code(rawValue: "InternalFailure")
        /// The broker refused to let this user publish to the entry's bus; not retryable.
        public static let accessDenied = Code(rawValue: "AccessDeniedException")
    }

    public var code: Code
    public var message: String

    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// Whether sending the same entry again may succeed.
    public var isRetryable: Bool { code == .internalFailure }

    public var description: String { "\(code.rawValue): \(message)" }

    public static func missing(_ member: String) -> PutEventsEntryError {
        PutEventsEntryError(
            code: .invalidArgument, message: "Parameter \(member) is not valid. Reason: \(member) is a required argument.")
    }

    public static let malformedDetail = PutEventsEntryError(code: .malformedDetail, message: "Detail is malformed.")
}

/// A PutEvents request that fails as a whole (no entry is sent), with EventBridge's code and text.
public struct PutEventsRequestError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: RawRepresentable, Sendable, Hashable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        public static let validation = Code(rawValue: "ValidationException")
        public static let resourceNotFound = Code(rawValue: "ResourceNotFoundException")
        /// The broker could not be reached; nothing was sent. Retry the request.
        public static let internalFailure = Code(rawValue: "InternalException")
        /// The broker refused a right the request needs (vhost access, creating the default bus); nothing was sent.
        public static let accessDenied = Code(rawValue: "AccessDeniedException")
    }

    public var code: Code
    public var message: String

    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}

extension PutEventsRequestError {
    /// EventBridge's error for a bus that does not exist.
    public static func busNotFound(_ bus: String) -> PutEventsRequestError {
        PutEventsRequestError(code: .resourceNotFound, message: "Event bus \(bus) does not exist.")
    }
}
