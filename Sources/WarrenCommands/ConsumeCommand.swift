public import ArgumentParser
import EventPatterns
import Foundation
import Logging
public import WarrenBus
import WarrenRules

/// `warren consume`: runs any rule target and prints each event as one line of JSON.
public struct ConsumeCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "consume",
        abstract: "Consume a rule target's events and print each as a line of JSON.",
        discussion: """
            Runs until SIGTERM or SIGINT (or --max-events, --idle-timeout): it then takes no more deliveries and \
            settles those it has; a second SIGTERM or SIGINT stops at once, and the broker returns unsettled \
            deliveries to the queue. A right the broker refuses (403 ACCESS_REFUSED) ends it with status 1 and a \
            message naming the right. \(WarrenLogging.help)
            """)

    @OptionGroup public var broker: BrokerOptions
    @OptionGroup public var consumer: ConsumerRunOptions
    @OptionGroup public var bus: EventBusOptions
    @OptionGroup public var rulesFileOptions: RulesFileOptions

    @Option(help: "The rules file that holds the rule.") public var rules: String
    @Option(help: "The rule's name.") public var rule: String
    @Option(help: "The target's id (default: the rule's only target).") public var target: String?
    @Option(name: .customLong("bus"), help: "Run the file's 'default' bus rules on this bus instead.")
    public var busName: String?

    public init() {}

    public func run() async throws {
        try await run(handler: Self.printLine)
    }

    /// `warren consume`'s handler: what the target receives (the event as delivered, or what its input options made
    /// of it) on one line of standard output; a payload written over several lines is printed compactly.
    public static func printLine(_ event: ConsumedEvent) {
        var line = event.payload
        if line.contains(UInt8(ascii: "\n")), let json = try? JSONValue(parsing: line) {
            line = Array(json.serialized().utf8)
        }
        StandardOutput.write(String(decoding: line, as: UTF8.self) + "\n")
    }

    /// Runs the target with another handler (fault-test consumers wrap the printing one): the options, logging
    /// and lifecycle stay those of `warren consume`.
    public func run(handler: @escaping EventHandler) async throws {
        WarrenLogging.bootstrap()
        let file = try rulesFileOptions.load(path: rules, settings: bus.settings, bus: busName)
        guard let found = file.rules.first(where: { $0.name == rule }) else {
            let names = Set(file.rules.map(\.name)).sorted().joined(separator: ", ")
            throw ValidationError(
                "the rules file '\(rules)' has no rule '\(rule)'; its rules: \(names.isEmpty ? "none" : names)")
        }
        guard let targetID = target ?? (found.targets.count == 1 ? found.targets[0].id : nil) else {
            throw ValidationError("rule '\(rule)' has \(found.targets.count) targets: name one with --target")
        }
        try await ConsumerRun.run(
            rule: found, targetID: targetID, file: file, stack: rulesFileOptions.stackName(for: file.path),
            broker: broker, options: consumer, settings: bus.settings, logger: Logger(label: "warren.consume"),
            handler: handler)
    }
}
