import ArgumentParser
import Logging
import WarrenAPITestSupport
import WarrenCommands

/// `warren serve` over the in-memory backend: the API end to end (AWS CLI, boto3, moto's suite) without a broker.
/// Test-only; nothing survives the process.
@main
struct MemoryServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "warren-api-memory-server",
        abstract: "Serve the EventBridge API over an in-memory backend (tests only).")

    @OptionGroup var bus: EventBusOptions
    @OptionGroup var serve: ServeOptions

    func run() async throws {
        WarrenLogging.bootstrap()
        try await serve.serve(
            backend: InMemoryEventBridgeBackend(), bus: bus, logger: Logger(label: "warren.serve"))
    }
}

