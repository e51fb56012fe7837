public import ArgumentParser
import Foundation
import Logging
import WarrenBus

/// `warren put-events`: PutEvents from the command line, with the AWS CLI's input and output shapes.
public struct PutEventsCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "put-events",
        abstract: "Send events (up to 10 entries) to their buses.",
        discussion: """
            ENTRIES is JSON as `aws events put-events --entries` takes it: inline, @file or file://file. \
            Prints {"FailedEntryCount": n, "Entries": [...]}; a request-level error (more than 10 entries, too \
            large, unknown bus, access refused) is printed on stderr with exit status 1. The default bus is created \
            on first use; other buses must have been created by `warren rules apply`. On SIGTERM or SIGINT it \
            waits for the broker's confirms of the request in flight; a second signal stops at once. \
            \(WarrenLogging.help)
            """)

    @OptionGroup public var broker: BrokerOptions
    @OptionGroup public var bus: EventBusOptions
    @OptionGroup public var putEvents: PutEventsOptions

    @Option(help: "The entries (JSON, @file or file://file).")
    public var entries: String

    public init() {}

    public func run() async throws {
        WarrenLogging.bootstrap()
        let logger = Logger(label: "warren.put-events")
        let requestEntries: [PutEventsRequestEntry]
        do { requestEntries = try EntriesFile.load(entries) } catch { throw ValidationError("--entries: \(error)") }
        let connection = try broker.brokerConnection(name: "warren put-events", logger: logger)
        let publisher = EventBusPublisher(broker: connection, settings: putEvents.settings(bus), logger: logger)
        let waitingFor = ShutdownSignals.confirms(ofEntries: requestEntries.count)
        let signals = await ShutdownSignals(logger: logger) { waitingFor }
        defer { signals.cancel() }
        do {
            let result = try await publisher.putEvents(requestEntries)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            StandardOutput.write(String(decoding: try encoder.encode(result), as: UTF8.self) + "\n")
            await connection.stop()
        } catch let error as PutEventsRequestError {
            await connection.stop()
            FileHandle.standardError.write(
                Data("An error occurred (\(error.code.rawValue)) when calling the PutEvents operation: \(error.message)\n".utf8))
            throw ExitCode(1)
        }
    }
}
