import EventPatterns

/// The answer to one API call: a status and an `application/x-amz-json-1.1` body.
public struct EventBridgeResponse: Sendable {
    public var status: Int
    public var body: String
    /// The operation, when the target named one Warren serves (for the request log).
    public var operation: EventBridgeOperation?
    /// The exception's name, for failed calls (for the request log).
    public var errorCode: String?

    /// The content type of every response.
    public static let contentType = "application/x-amz-json-1.1"

    init(status: Int, body: String, operation: EventBridgeOperation?, errorCode: String?) {
        self.status = status
        self.body = body
        self.operation = operation
        self.errorCode = errorCode
    }

    static func success(_ output: JSONValue, operation: EventBridgeOperation) -> EventBridgeResponse {
        EventBridgeResponse(status: 200, body: output.serialized(), operation: operation, errorCode: nil)
    }

    /// `{"__type": ..., "message": ...}` with the error's status.
    public static func failure(_ error: EventBridgeError, operation: EventBridgeOperation?) -> EventBridgeResponse {
        var members: [(String, JSONValue)] = [("__type", .string(error.code.rawValue))]
        if let message = error.message { members.append((error.messageKey, .string(message))) }
        return EventBridgeResponse(
            status: error.httpStatus, body: JSONValue.object(JSONObject(members)).serialized(), operation: operation,
            errorCode: error.code.rawValue)
    }
}
