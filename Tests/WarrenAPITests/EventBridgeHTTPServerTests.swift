import EventPatterns
import Foundation
import Logging
import ServiceLifecycle
import Testing
import WarrenAPI
import WarrenAPITestSupport
import WarrenCore
import WarrenServer

@Suite("warren serve over HTTP: routing, body limit, health, test reset, graceful shutdown")
struct EventBridgeHTTPServerTests {
    /// Runs a server on a free port over `backend` for the duration of `body`, then shuts it down gracefully.
    static func withServer(
        backend: any EventBridgeBackend = InMemoryEventBridgeBackend(),
        configuration: EventBridgeServerConfiguration = EventBridgeServerConfiguration(port: 0),
        _ body: @Sendable (_ port: Int, _ group: ServiceGroup) async throws -> Void
    ) async throws {
        let logger = Logger(label: "test.serve")
        var configuration = configuration
        configuration.port = 0
        let server = EventBridgeHTTPServer(
            service: EventBridgeService(backend: backend, account: "123456789012", logger: logger),
            configuration: configuration, logger: logger)
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let group = ServiceGroup(
            configuration: .init(services: [server.makeApplication { portContinuation.yield($0) }], logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            do {
                try await body(port, group)
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    static func call(_ operation: String, _ body: String, headers: [(String, String)] = []) -> [UInt8] {
        RawHTTPConnection.request(
            "POST", "/",
            headers: [("X-Amz-Target", "AWSEvents.\(operation)"), ("Content-Type", "application/x-amz-json-1.1")] + headers,
            body: body)
    }

    @Test("POST / answers with the operation's JSON, its content type and a request id")
    func call() async throws {
        try await Self.withServer { port, _ in
            let response = try await RawHTTPConnection.exchange(port: port, parts: [Self.call("ListEventBuses", "{}")])
            #expect(response.status == 200)
            #expect(response.headers["content-type"] == "application/x-amz-json-1.1")
            #expect(response.headers["x-amzn-requestid"]?.count == 36)
            #expect(try JSONValue(parsing: response.body)["EventBuses"]?.arrayValue?.count == 1)
            let unknown = try await RawHTTPConnection.exchange(port: port, parts: [Self.call("CreateArchive", "{}")])
            #expect(unknown.status == 400)
            #expect(try JSONValue(parsing: unknown.body)["__type"] == "UnknownOperationException")
        }
    }

    @Test("a body over the limit is refused from its Content-Length, before it is sent")
    func declaredTooLarge() async throws {
        try await Self.withServer(configuration: EventBridgeServerConfiguration(maximumBodySize: 16 * 1024)) { port, _ in
            let head = Array(
                "POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: AWSEvents.PutEvents\r\nContent-Length: 10000000\r\n\r\n".utf8)
            let response = try await RawHTTPConnection.exchange(port: port, parts: [head, Array(repeating: 0x20, count: 1000)])
            #expect(response.status == 400)
            let error = try JSONValue(parsing: response.body)
            #expect(error == ["__type": "ValidationException", "message": "Request body is over the limit of 16384 bytes."])
        }
    }

    @Test("a streamed body is refused once it passes the limit, though it never ends")
    func streamedTooLarge() async throws {
        try await Self.withServer(configuration: EventBridgeServerConfiguration(maximumBodySize: 16 * 1024)) { port, _ in
            let head = Array(
                "POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: AWSEvents.PutEvents\r\nTransfer-Encoding: chunked\r\n\r\n".utf8)
            let chunk = Array("1000\r\n".utf8) + Array(repeating: UInt8(ascii: "a"), count: 4096) + Array("\r\n".utf8)
            // 5 chunks of 4 KiB pass 16 KiB; the terminating chunk is never sent, so only a refusal can answer.
            let response = try await RawHTTPConnection.exchange(
                port: port, parts: [head] + Array(repeating: chunk, count: 5))
            #expect(response.status == 400)
            #expect(try JSONValue(parsing: response.body)["__type"] == "ValidationException")
        }
    }

    @Test("GET /health reports the backend")
    func health() async throws {
        try await Self.withServer { port, _ in
            let response = try await RawHTTPConnection.exchange(port: port, parts: [RawHTTPConnection.request("GET", "/health")])
            #expect(response.status == 200)
            #expect(try JSONValue(parsing: response.body) == ["status": "ok", "detail": "in-memory backend"])
        }
    }

    @Test("POST /moto-api/reset exists only with --enable-test-reset, and then deletes everything")
    func testReset() async throws {
        try await Self.withServer { port, _ in
            let response = try await RawHTTPConnection.exchange(port: port, parts: [RawHTTPConnection.request("POST", "/moto-api/reset")])
            #expect(response.status == 404)
        }
        let backend = InMemoryEventBridgeBackend()
        try await Self.withServer(backend: backend, configuration: EventBridgeServerConfiguration(testReset: .enabled)) { port, _ in
            _ = try await RawHTTPConnection.exchange(port: port, parts: [Self.call("CreateEventBus", #"{"Name": "orders"}"#)])
            #expect(try await backend.eventBuses().count == 2)
            let response = try await RawHTTPConnection.exchange(port: port, parts: [RawHTTPConnection.request("POST", "/moto-api/reset")])
            #expect(response.status == 200)
            #expect(try await backend.eventBuses().map(\.name) == ["default"])
        }
    }

    @Test("graceful shutdown lets an in-flight request finish")
    func drains() async throws {
        let backend = GatedBackend()
        try await Self.withServer(backend: backend) { port, group in
            async let response = RawHTTPConnection.exchange(port: port, parts: [Self.call("ListEventBuses", "{}")])
            await backend.waitUntilEntered()
            await group.triggerGracefulShutdown()
            await backend.open()
            let answered = try await response
            #expect(answered.status == 200)
            #expect(try JSONValue(parsing: answered.body)["EventBuses"]?.arrayValue?.count == 1)
        }
    }
}

/// An in-memory backend whose `eventBuses()` waits until the test opens the gate.
actor GatedBackend: EventBridgeBackend {
    private let inner = InMemoryEventBridgeBackend()
    private var entered: [CheckedContinuation<Void, Never>] = []
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private var hasEntered = false
    private var isOpen = false

    func waitUntilEntered() async {
        if hasEntered { return }
        await withCheckedContinuation { entered.append($0) }
    }

    func open() {
        isOpen = true
        waiting.forEach { $0.resume() }
        waiting = []
    }

    func eventBuses() async throws(EventBridgeError) -> [EventBusDefinition] {
        hasEntered = true
        entered.forEach { $0.resume() }
        entered = []
        if !isOpen { await withCheckedContinuation { waiting.append($0) } }
        return try await inner.eventBuses()
    }

    func eventBus(named name: String) async throws(EventBridgeError) -> EventBusDefinition? {
        try await inner.eventBus(named: name)
    }
    func createEventBus(_ bus: EventBusDefinition) async throws(EventBridgeError) { try await inner.createEventBus(bus) }
    func deleteEventBus(named name: String) async throws(EventBridgeError) { try await inner.deleteEventBus(named: name) }
    func updateEventBus<Result: Sendable>(
        named name: String, _ change: @escaping @Sendable (inout EventBusDefinition) throws(EventBridgeError) -> Result
    ) async throws(EventBridgeError) -> Result {
        try await inner.updateEventBus(named: name, change)
    }
    func rules(onBus bus: String) async throws(EventBridgeError) -> [RuleDefinition] { try await inner.rules(onBus: bus) }
    func updateRules<Result: Sendable>(
        onBus bus: String,
        _ change: @escaping @Sendable (inout [String: RuleDefinition]) throws(EventBridgeError) -> Result
    ) async throws(EventBridgeError) -> Result {
        try await inner.updateRules(onBus: bus, change)
    }
    func putEvents(_ entries: [PutEventsRequestEntry], settings: EventBusSettings) async throws(PutEventsRequestError)
        -> PutEventsResult
    {
        try await inner.putEvents(entries, settings: settings)
    }
    func deleteEverything() async throws(EventBridgeError) { try await inner.deleteEverything() }
    func health() async -> EventBridgeBackendHealth { await inner.health() }
}

@Suite("warren serve when its backend fails")
struct EventBridgeBackendFailureTests {
    @Test("a backend failure is HTTP 500 InternalException, and /health says 503")
    func backendDown() async throws {
        try await EventBridgeHTTPServerTests.withServer(backend: BrokenBackend()) { port, _ in
            let response = try await RawHTTPConnection.exchange(
                port: port, parts: [EventBridgeHTTPServerTests.call("DescribeRule", #"{"Name": "r"}"#)])
            #expect(response.status == 500)
            #expect(
                try JSONValue(parsing: response.body)
                    == ["__type": "InternalException", "message": "the broker cannot be reached"])
            let invalid = try await RawHTTPConnection.exchange(
                port: port, parts: [EventBridgeHTTPServerTests.call("DescribeRule", "{}")])
            #expect(invalid.status == 400)
            let health = try await RawHTTPConnection.exchange(port: port, parts: [RawHTTPConnection.request("GET", "/health")])
            #expect(health.status == 503)
            #expect(try JSONValue(parsing: health.body)["status"] == "unavailable")
        }
    }
}

/// A backend whose broker is unreachable.
struct BrokenBackend: EventBridgeBackend {
    static let down = EventBridgeError.internal("the broker cannot be reached")

    func eventBuses() async throws(EventBridgeError) -> [EventBusDefinition] { throw Self.down }
    func eventBus(named name: String) async throws(EventBridgeError) -> EventBusDefinition? { throw Self.down }
    func createEventBus(_ bus: EventBusDefinition) async throws(EventBridgeError) { throw Self.down }
    func deleteEventBus(named name: String) async throws(EventBridgeError) { throw Self.down }
    func updateEventBus<Result: Sendable>(
        named name: String, _ change: @escaping @Sendable (inout EventBusDefinition) throws(EventBridgeError) -> Result
    ) async throws(EventBridgeError) -> Result { throw Self.down }
    func rules(onBus bus: String) async throws(EventBridgeError) -> [RuleDefinition] { throw Self.down }
    func updateRules<Result: Sendable>(
        onBus bus: String,
        _ change: @escaping @Sendable (inout [String: RuleDefinition]) throws(EventBridgeError) -> Result
    ) async throws(EventBridgeError) -> Result { throw Self.down }
    func putEvents(_ entries: [PutEventsRequestEntry], settings: EventBusSettings) async throws(PutEventsRequestError)
        -> PutEventsResult
    {
        throw PutEventsRequestError(code: .internalFailure, message: "the broker cannot be reached")
    }
    func deleteEverything() async throws(EventBridgeError) { throw Self.down }
    func health() async -> EventBridgeBackendHealth {
        EventBridgeBackendHealth(isHealthy: false, detail: "the broker cannot be reached")
    }
}
