import EventPatterns
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import WarrenAPI

/// The handlers behind the routes: read the body within its limit, call the service, log the call.
struct EventBridgeRoutes: Sendable {
    let service: EventBridgeService
    let maximumBodySize: Int
    let logger: Logger

    static let requestIDHeader = HTTPField.Name("x-amzn-RequestId")!
    static let targetHeader = HTTPField.Name("X-Amz-Target")!

    /// `POST /`: one API call. Every failure is an AWS error response; the request is logged with its operation,
    /// status, duration and request id (never a header's value: the `Authorization` header holds a credential).
    func call(_ request: Request) async -> Response {
        let started = ContinuousClock.now
        let requestID = UUID().uuidString.lowercased()
        let target = request.headers[Self.targetHeader]
        let response: EventBridgeResponse
        switch await readBody(request) {
        case .success(let body):
            response = await service.handle(
                EventBridgeRequest(target: target, authorization: request.headers[.authorization], body: body))
        case .failure(let error):
            response = .failure(error, operation: try? EventBridgeOperation(target: target))
        }
        var metadata: Logger.Metadata = [
            "operation": "\(response.operation?.rawValue ?? target ?? "none")",
            "status": "\(response.status)",
            "duration_ms": "\(Self.milliseconds(ContinuousClock.now - started))",
            "request_id": "\(requestID)",
        ]
        if let code = response.errorCode { metadata["error"] = "\(code)" }
        logger.info("request", metadata: metadata)
        return Response(
            status: HTTPResponse.Status(code: response.status),
            headers: [.contentType: EventBridgeResponse.contentType, Self.requestIDHeader: requestID],
            body: ResponseBody(byteBuffer: ByteBuffer(string: response.body)))
    }

    /// The body, refused as soon as it is known to be over the limit: from `Content-Length`, or while it streams.
    func readBody(_ request: Request) async -> Result<[UInt8], EventBridgeError> {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maximumBodySize {
            return .failure(tooLarge)
        }
        var bytes: [UInt8] = []
        do {
            for try await chunk in request.body {
                if bytes.count + chunk.readableBytes > maximumBodySize { return .failure(tooLarge) }
                bytes.append(contentsOf: chunk.readableBytesView)
            }
        } catch {
            return .failure(EventBridgeError(.serialization, "The request body could not be read: \(error)"))
        }
        return .success(bytes)
    }

    var tooLarge: EventBridgeError {
        .validation("Request body is over the limit of \(maximumBodySize) bytes.")
    }

    /// `GET /health`: 200 when the backend can serve, else 503; `{"status": ..., "detail": ...}`.
    func health() async -> Response {
        let health = await service.backend.health()
        let body: JSONValue = ["status": .string(health.isHealthy ? "ok" : "unavailable"), "detail": .string(health.detail)]
        return Response(
            status: health.isHealthy ? .ok : .serviceUnavailable, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: body.serialized())))
    }

    /// `POST /moto-api/reset` (only with `--enable-test-reset`).
    func reset() async -> Response {
        do {
            try await service.backend.deleteEverything()
            logger.info("test reset: deleted every bus, rule and tag")
            return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: "{}")))
        } catch {
            logger.error("test reset failed", metadata: ["error": "\(error)"])
            let failure = EventBridgeResponse.failure(error, operation: nil)
            return Response(
                status: HTTPResponse.Status(code: failure.status), headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: failure.body)))
        }
    }

    private static func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return String(format: "%.1f", Double(seconds) * 1000 + Double(attoseconds) / 1e15)
    }
}
