public import ArgumentParser
import EventPatterns
import Foundation
import WarrenBus
import WarrenRules

/// `warren topology`: what rules become on the broker, and what is left to each consumer.
public struct TopologyCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "topology",
        abstract: "Show exchanges, queues, bindings and the filter left to each consumer.",
        discussion: """
            With --rules, translates a rules file without touching the broker. Without it, shows the rules \
            applied to the bus on the broker. \(WarrenLogging.help)
            """)

    @OptionGroup public var broker: BrokerOptions
    @OptionGroup public var bus: EventBusOptions
    @OptionGroup public var rulesFileOptions: RulesFileOptions

    @Option(help: "A rules file to translate (no broker needed).")
    public var rules: String?

    @Option(name: .customLong("bus"), help: "The bus (default: every bus of the rules file, or 'default').")
    public var busName: String?

    public init() {}

    public func run() async throws {
        WarrenLogging.bootstrap()
        var rulesByBus: [(String, [Rule])] = []
        if let rules {
            let file = try rulesFileOptions.load(path: rules, settings: bus.settings)
            for name in RulesSetup.buses(of: file) where busName == nil || busName == name {
                rulesByBus.append((name, file.rules.filter { $0.eventBusName == name }))
            }
        } else {
            let name = busName ?? EventBusName.default
            let applied = try await RulesCommand.readRegistry(broker: broker, bus: name)
            rulesByBus.append((name, try (applied?.rules ?? []).map { try $0.rule() }))
        }
        let translator = RuleTranslator(settings: bus.settings)
        for (name, busRules) in rulesByBus {
            StandardOutput.write(Self.describe(translator.translate(bus: name, rules: busRules)))
        }
    }

    static func describe(_ topology: BusTopology) -> String {
        var text = "bus \(topology.bus)\n"
        text += "  exchange \(topology.exchange) (topic, durable); routing key <source>.<detail-type>\n"
        text += "  retries: exchange \(topology.retry.exchange) (headers) -> delay queues "
        text += topology.retry.delayQueues.keys.sorted().map { "\($0)s" }.joined(separator: ", ")
        text += " -> exchange \(topology.retry.redeliverExchange) (direct) -> target queue\n"
        if topology.targets.isEmpty { text += "  no rules\n" }
        for target in topology.targets {
            text += "  rule \(target.ruleName) [\(target.ruleState.rawValue)] target \(target.target.id)\n"
            text += "    queue \(target.queue) (\(target.target.queueType.rawValue), durable)\n"
            text += "    dead-letter queue \(target.deadLetterQueue)\n"
            text += "    bindings: \(target.bindingKeys.isEmpty ? "none (rule disabled)" : target.bindingKeys.joined(separator: ", "))\n"
            var checked: [String] = []
            if target.brokerChecks.source { checked.append("source") }
            if target.brokerChecks.detailType { checked.append("detail-type") }
            text += "    broker checks: \(checked.isEmpty ? "nothing exactly (over-selects)" : checked.joined(separator: ", "))\n"
            text += "    consumer filter: \(target.residualPattern?.serialized() ?? "none (bindings check everything)")\n"
            text += "    retry: \(target.target.retryPolicy.maximumRetryAttempts) attempts, \(target.target.retryPolicy.maximumEventAgeInSeconds) s; poison after \(target.target.maximumDeliveries) deliveries\n"
            text += "    input: \(describe(target.target.input))\n"
        }
        return text
    }

    /// What the target receives, on one line: texts as JSON strings, so that a template over several lines stays on
    /// one.
    static func describe(_ input: TargetInput) -> String {
        func quoted(_ text: String) -> String { JSONValue.string(text).serialized() }
        switch input {
        case .event: return "the whole event"
        case .constant(let text): return "Input \(quoted(text))"
        case .path(let path): return "InputPath \(path)"
        case .transformer(let transformer):
            let paths = transformer.inputPathsMap.sorted { $0.key < $1.key }.map { "\(quoted($0.key)):\(quoted($0.value))" }
            return "InputTransformer InputPathsMap {\(paths.joined(separator: ","))} InputTemplate \(quoted(transformer.inputTemplate))"
        }
    }
}
