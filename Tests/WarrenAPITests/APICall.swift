import Testing
import EventPatterns
import Logging
import WarrenAPI
import WarrenAPITestSupport

/// Calls the API as an HTTP client would, over a fresh in-memory backend, and reads the answer.
struct APICall {
    let backend = InMemoryEventBridgeBackend()
    let service: EventBridgeService

    static let account = "123456789012"
    /// What the AWS CLI sends for `--region eu-central-1`.
    static let signedInEuCentral1 =
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/eu-central-1/events/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc"

    init(maximumPutEventsSize: Int = 256 * 1024) {
        service = EventBridgeService(
            backend: backend, account: Self.account, maximumPutEventsSize: maximumPutEventsSize,
            logger: Logger(label: "test"))
    }

    /// The raw response to `body` sent to `operation` (an operation name, or nil for no target header).
    func raw(_ operation: String?, _ body: String, authorization: String? = nil) async -> EventBridgeResponse {
        await service.handle(
            EventBridgeRequest(
                target: operation.map { "AWSEvents.\($0)" }, authorization: authorization, body: Array(body.utf8)))
    }

    /// The JSON answer of a call that must succeed.
    @discardableResult
    func ok(_ operation: String, _ body: String, authorization: String? = nil, sourceLocation: SourceLocation = #_sourceLocation)
        async throws -> JSONValue
    {
        let response = await raw(operation, body, authorization: authorization)
        #expect(response.status == 200, "\(operation) \(body): \(response.body)", sourceLocation: sourceLocation)
        return try JSONValue(parsing: response.body)
    }

    /// The `(__type, message)` of a call that must fail with HTTP 400.
    func failure(_ operation: String?, _ body: String, sourceLocation: SourceLocation = #_sourceLocation) async throws
        -> APIFailure
    {
        let response = await raw(operation, body)
        #expect(response.status == 400, "\(operation ?? "-") \(body): \(response.body)", sourceLocation: sourceLocation)
        let json = try JSONValue(parsing: response.body)
        return APIFailure(
            type: json["__type"]?.stringValue ?? "", message: json["message"]?.stringValue ?? json["Message"]?.stringValue)
    }
}

/// An error response: `__type` and the message (nil when AWS sends none).
struct APIFailure: Hashable, CustomStringConvertible {
    var type: String
    var message: String?

    init(type: String, message: String?) {
        self.type = type
        self.message = message
    }

    init(_ type: String, _ message: String?) {
        self.init(type: type, message: message)
    }

    var description: String { "\(type): \(message ?? "(no message)")" }
}
