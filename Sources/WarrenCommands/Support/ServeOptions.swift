public import ArgumentParser
public import Logging
public import WarrenAPI
public import WarrenServer

/// `warren serve`'s HTTP options: `--host`, `--port`, `--max-body-size`, `--enable-test-reset`.
public struct ServeOptions: ParsableArguments {
    @Option(help: "Address to listen on (the API verifies no signature: keep it on loopback unless you mean it).")
    public var host: String = EventBridgeServerConfiguration.defaultHost

    @Option(help: "Port to listen on.")
    public var port: Int = EventBridgeServerConfiguration.defaultPort

    @Option(help: "Largest request body in bytes; larger ones are refused while they stream in.")
    public var maxBodySize: Int = EventBridgeServerConfiguration.defaultMaximumBodySize

    @Flag(help: "For test suites only: POST /moto-api/reset deletes every bus, rule and tag.")
    public var enableTestReset = false

    public init() {}

    public func validate() throws {
        if !(0...65_535).contains(port) { throw ValidationError("--port must be between 0 and 65535") }
        if maxBodySize < 1024 { throw ValidationError("--max-body-size must be at least 1024 bytes") }
    }

    public var configuration: EventBridgeServerConfiguration {
        EventBridgeServerConfiguration(
            host: host, port: port, maximumBodySize: maxBodySize, testReset: enableTestReset ? .enabled : .disabled)
    }

    /// Serves the API over `backend` until SIGTERM or SIGINT, then drains in-flight requests.
    public func serve(backend: any EventBridgeBackend, bus: EventBusOptions, logger: Logger) async throws {
        let settings = bus.settings
        let service = EventBridgeService(
            backend: backend, account: settings.account, defaultRegion: settings.region,
            maximumPutEventsSize: settings.maximumRequestSize, logger: logger)
        try await EventBridgeHTTPServer(service: service, configuration: configuration, logger: logger).run()
    }
}
