public import ArgumentParser
import Foundation
import Logging
import WarrenBus
import WarrenRules

/// Options of the demo consumers.
public struct DemoConsumerOptions: ParsableArguments {
    @OptionGroup public var broker: BrokerOptions
    @OptionGroup public var consumer: ConsumerRunOptions
    @OptionGroup public var bus: EventBusOptions
    @OptionGroup public var rulesFileOptions: RulesFileOptions

    @Option(help: "Rules file with the consumer's rule (default: the demo's atm-demo.yaml).")
    public var rules: String?

    @Option(name: .customLong("bus"), help: "Run the demo's rules on this bus instead of 'default'.")
    public var busName: String?

    public init() {}
}

/// One of the demo's consumers: applies the demo's rules (so rules exist before events), then runs the target
/// whose function has `handler`, printing `header` and the event as pretty JSON for each event.
struct DemoConsumer {
    var handler: String
    var header: String

    static let help = """
        Runs until SIGTERM or SIGINT (or --max-events, --idle-timeout), then settles the deliveries it has; a second \
        signal stops at once. \(WarrenLogging.help)
        """

    func run(_ options: DemoConsumerOptions) async throws {
        WarrenLogging.bootstrap()
        let logger = Logger(label: "warren.\(handler)")
        let file = try options.rulesFileOptions.load(
            path: options.rules ?? DemoFiles.template, settings: options.bus.settings, bus: options.busName)
        guard let reference = file.references(handler: handler).first,
            let rule = file.rule(named: reference.ruleName, onBus: reference.busName)
        else {
            throw ValidationError("the rules file has no target whose function handler is '\(handler)'")
        }
        let header = self.header
        try await ConsumerRun.run(
            rule: rule, targetID: reference.targetID, file: file, stack: options.rulesFileOptions.stackName(for: file.path),
            broker: options.broker, options: options.consumer,
            settings: options.bus.settings, logger: logger
        ) { event in
            StandardOutput.write("\(header)\n\(event.envelope.json.prettyPrinted(indent: 2))\n")
        }
    }
}
