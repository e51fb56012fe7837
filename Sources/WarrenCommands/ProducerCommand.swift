public import ArgumentParser
import Foundation
import Logging
import WarrenBus

/// `producer`: the ATM demo's producer. Applies the demo's rules (so rules exist before events), then sends the
/// transactions in one PutEvents call and prints each entry's EventId or error.
public struct ProducerCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "producer",
        abstract: "Send the ATM demo's transactions in one PutEvents call.")

    @OptionGroup public var broker: BrokerOptions
    @OptionGroup public var bus: EventBusOptions
    @OptionGroup public var rulesFileOptions: RulesFileOptions

    @Option(help: "PutEvents entries: a JSON file (default: the demo's three transactions).")
    public var events: String?

    @Option(help: "Rules to apply first (default: the demo's template.yaml).")
    public var rules: String?

    @Option(name: .customLong("bus"), help: "Send to this bus instead of each entry's (and apply the rules there).")
    public var busName: String?

    public init() {}

    public func run() async throws {
        WarrenLogging.bootstrap()
        let logger = Logger(label: "warren.producer")
        let connection = BrokerConnection(
            configuration: try broker.configuration(connectionName: "warren producer"), logger: logger)
        defer { Task { await connection.stop() } }
        let rulesFile = try rulesFileOptions.load(path: rules ?? DemoFiles.template, settings: bus.settings, bus: busName)
        try await RulesSetup.apply(rulesFile, broker: connection, settings: bus.settings, logger: logger)

        var entries = try EntriesFile.load("@" + (events ?? DemoFiles.events))
        if let busName {
            for index in entries.indices { entries[index].eventBusName = busName }
        }
        let publisher = EventBusPublisher(broker: connection, settings: bus.settings, logger: logger)
        let result: PutEventsResult
        do {
            result = try await publisher.putEvents(entries)
        } catch {
            FileHandle.standardError.write(Data("producer: \(error)\n".utf8))
            await connection.stop()
            throw ExitCode(1)
        }
        for (index, entry) in result.entries.enumerated() {
            if let eventID = entry.eventID {
                StandardOutput.write("entry \(index): EventId \(eventID)\n")
            } else {
                StandardOutput.write(
                    "entry \(index): \(entry.errorCode ?? "Error"): \(entry.errorMessage ?? "")\n")
            }
        }
        StandardOutput.write("FailedEntryCount: \(result.failedEntryCount)\n")
        await connection.stop()
        if result.failedEntryCount > 0 { throw ExitCode(1) }
    }
}
