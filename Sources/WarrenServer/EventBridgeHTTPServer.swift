public import Hummingbird
public import Logging
import NIOCore
import ServiceLifecycle
public import WarrenAPI

/// `warren serve`: the EventBridge API over HTTP (Hummingbird).
///
/// Routes: `POST /` (the API, by `X-Amz-Target`), `GET /health` (can the backend serve?), and with
/// `--enable-test-reset` `POST /moto-api/reset`. On SIGTERM or SIGINT it stops accepting connections, lets
/// in-flight requests finish, then returns.
public struct EventBridgeHTTPServer: Sendable {
    public let service: EventBridgeService
    public let configuration: EventBridgeServerConfiguration
    let logger: Logger

    public init(service: EventBridgeService, configuration: EventBridgeServerConfiguration, logger: Logger) {
        self.service = service
        self.configuration = configuration
        self.logger = logger
    }

    /// Serves until SIGTERM or SIGINT, then drains in-flight requests and returns.
    /// - Parameter onRunning: called with the port once the server listens.
    public func run(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let group = ServiceGroup(
            configuration: .init(
                services: [makeApplication(onRunning: onRunning)], gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        try await group.run()
        logger.info("stopped serving the EventBridge API")
    }

    /// The Hummingbird application, a `Service` to run in a `ServiceGroup`.
    public func makeApplication(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let router = Router(context: BasicRequestContext.self)
        let routes = EventBridgeRoutes(
            service: service, maximumBodySize: configuration.maximumBodySize, logger: logger)
        router.post("/") { request, _ in await routes.call(request) }
        router.get("/health") { _, _ in await routes.health() }
        if configuration.testReset == .enabled {
            router.post("/moto-api/reset") { _, _ in await routes.reset() }
        }
        let logger = self.logger
        let host = configuration.host
        return Application(
            router: router,
            configuration: ApplicationConfiguration(
                address: .hostname(host, port: configuration.port), serverName: "warren"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                logger.info("serving the EventBridge API", metadata: ["host": "\(host)", "port": "\(port)"])
                await onRunning(port)
            },
            logger: logger)
    }
}
