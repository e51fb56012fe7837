public import ArgumentParser
import Foundation
import Logging
public import WarrenBus
import WarrenRules

/// `warren consume`: runs any rule target and prints each event as one line of JSON.
public struct ConsumeCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "consume",
        abstract: "Consume a rule target's events and print each as a line of JSON.")

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

    /// `warren consume`'s handler: the event's JSON, as delivered, on one line of standard output.
    public static func printLine(_ event: ConsumedEvent) {
        StandardOutput.write(String(decoding: event.body, as: UTF8.self) + "\n")
    }

    /// Runs the target with another handler (fault-test consumers wrap the printing one): the options, logging
    /// and lifecycle stay those of `warren consume`.
    public func run(handler: @escaping EventHandler) async throws {
        WarrenLogging.bootstrap()
        let file = try rulesFileOptions.load(path: rules, settings: bus.settings, bus: busName)
        guard let found = file.rules.first(where: { $0.name == rule }) else {
            throw ValidationError("the rules file has no rule '\(rule)'")
        }
        guard let targetID = target ?? (found.targets.count == 1 ? found.targets[0].id : nil) else {
            throw ValidationError("rule '\(rule)' has \(found.targets.count) targets: name one with --target")
        }
        try await ConsumerRun.run(
            rule: found, targetID: targetID, file: file, broker: broker, options: consumer, settings: bus.settings,
            logger: Logger(label: "warren.consume"), handler: handler)
    }
}
