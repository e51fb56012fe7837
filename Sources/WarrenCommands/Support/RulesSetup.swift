import AMQPClient
public import EventPatterns
public import Logging
public import WarrenBus
public import WarrenRules

/// Loading a rules file and applying it: what `warren rules apply`, the producer and the consumers share.
public enum RulesSetup {
    /// Loads a rules file, a template in `context`; with `bus`, every rule on the `default` bus moves to that bus (to
    /// run the demo on an isolated bus, e.g. in tests). Commands load through `RulesFileOptions.load`, which also
    /// prints the file's warnings.
    public static func load(
        path: String, bus: String? = nil, context: TemplateContext = TemplateContext(),
        limits: PatternLimits = PatternLimits()
    ) throws -> RulesFile {
        var file = try RulesFileLoader.load(path: path, context: context, limits: limits)
        if let bus {
            for index in file.rules.indices where file.rules[index].eventBusName == EventBusName.default {
                file.rules[index].eventBusName = bus
            }
            file.origins = Dictionary(
                uniqueKeysWithValues: file.origins.map { reference, origin in
                    var moved = reference
                    if moved.busName == EventBusName.default { moved.busName = bus }
                    return (moved, origin)
                })
            file.buses = file.buses.map { $0 == EventBusName.default ? bus : $0 }
            if !file.buses.contains(bus) { file.buses.append(bus) }
        }
        return file
    }

    /// The buses a rules file covers: those it declares and those its rules use.
    public static func buses(of file: RulesFile) -> [String] {
        Array(Set(file.buses + file.rules.map(\.eventBusName))).sorted()
    }

    /// Applies every bus of the file, each as the complete rule set of that bus.
    @discardableResult
    public static func apply(
        _ file: RulesFile, broker: BrokerConnection, settings: EventBusSettings, logger: Logger
    ) async throws -> [TopologyApplyReport] {
        let problems = file.rules.flatMap { rule in rule.problems.map { "rule '\(rule.name)': \($0)" } }
        if !problems.isEmpty { throw RulesSetupError(problems.joined(separator: "\n")) }
        let connection = try await broker.connection()
        var reports: [TopologyApplyReport] = []
        for bus in buses(of: file) {
            reports.append(
                try await TopologyApplier(settings: settings, logger: logger).apply(
                    rules: file.rules.filter { $0.eventBusName == bus }, bus: bus, connection: connection))
        }
        return reports
    }
}

public struct RulesSetupError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
