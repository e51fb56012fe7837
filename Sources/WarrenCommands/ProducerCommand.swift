public import ArgumentParser
import Foundation
import Logging
import WarrenBus

/// `producer`: the ATM demo's producer. Applies the demo's rules (so rules exist before events), then sends the
/// transactions in one PutEvents call and prints each entry's EventId or error.
public struct ProducerCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "producer",
        abstract: "Send the ATM demo's transactions in one PutEvents call.",
        discussion: """
            On SIGTERM or SIGINT it waits for the broker's confirms of the request in flight; a second signal \
            stops at once. \(WarrenLogging.help)
            """,
        version: WarrenVersion.current)

    @OptionGroup public var broker: BrokerOptions
    @OptionGroup public var bus: EventBusOptions
    @OptionGroup public var putEvents: PutEventsOptions
    @OptionGroup public var rulesFileOptions: RulesFileOptions

    @Option(help: "PutEvents entries: a JSON file (default: the demo's three transactions).")
    public var events: String?

    @Option(help: "Rules to apply first (default: the demo's atm-demo.yaml).")
    public var rules: String?

    @Option(name: .customLong("bus"), help: "Send to this bus instead of each entry's (and apply the rules there).")
    public var busName: String?

    public init() {}

    public func run() async throws {
        WarrenLogging.bootstrap()
        let logger = Logger(label: "warren.producer")
        let settings = putEvents.settings(bus)
        let rulesFile = try rulesFileOptions.load(path: rules ?? DemoFiles.template, settings: settings, bus: busName)
        var entries = try EntriesFile.load("@" + (events ?? DemoFiles.events))
        if let busName {
            for index in entries.indices { entries[index].eventBusName = busName }
        }
        let result = try await broker.withBrokerConnection(name: "warren producer", logger: logger) { connection in
            // Added or updated in the file's stack, never removed: other stacks' rules and the stack's others stay.
            try await RulesSetup.apply(
                rulesFile, stack: rulesFileOptions.stackName(for: rulesFile.path), mode: .upsert, broker: connection,
                settings: settings, logger: logger)
            let publisher = EventBusPublisher(broker: connection, settings: settings, logger: logger)
            let waitingFor = ShutdownSignals.confirms(ofEntries: entries.count)
            let signals = await ShutdownSignals(logger: logger) { waitingFor }
            defer { signals.cancel() }
            return try await publisher.putEvents(entries) as PutEventsResult
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
        if result.failedEntryCount > 0 { throw ExitCode(1) }
    }
}
