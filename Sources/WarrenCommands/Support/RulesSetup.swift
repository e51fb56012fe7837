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

    /// Applies the file's rules as stack `stack` on every bus the file covers. With `.reconcile` (`rules apply`) the
    /// stack's rules on those buses become exactly the file's; with `.upsert` (consumers, the demo) they are added or
    /// updated and nothing is removed. `only` limits the rules applied to those names (a consumer declares only the
    /// rule it runs). Rules of other stacks and rules created on their own are never touched.
    @discardableResult
    public static func apply(
        _ file: RulesFile, stack: String, mode: StackApplyMode, only: Set<String>? = nil, dryRun: Bool = false,
        broker: BrokerConnection, settings: EventBusSettings, logger: Logger
    ) async throws -> [TopologyApplyReport] {
        let rules = file.rules.filter { only?.contains($0.name) ?? true }
        let problems =
            StackName.problems(stack).map { "--stack: \($0)" }
            + rules.flatMap { rule in rule.problems.map { "rule '\(rule.name)': \($0)" } }
        if !problems.isEmpty { throw RulesSetupError(problems.joined(separator: "\n")) }
        let connection = try await broker.connection()
        let buses = only == nil ? buses(of: file) : Array(Set(rules.map(\.eventBusName))).sorted()
        var reports: [TopologyApplyReport] = []
        do {
            for bus in buses {
                reports.append(
                    try await TopologyApplier(settings: settings, logger: logger).apply(
                        stack: stack, rules: rules.filter { $0.eventBusName == bus }, mode: mode, bus: bus,
                        connection: connection, dryRun: dryRun))
            }
        } catch {
            // A 403 names the missing right: configure, write or read.
            throw BrokerAccessRefusal(error) ?? error
        }
        return reports
    }

    /// What `rules apply`, `rules delete` and the consumers print about a change: one line per bus, then the
    /// queues it orphaned and any warnings.
    public static func describe(_ report: TopologyApplyReport, stack: String? = nil) -> String {
        let change = report.change
        func names(_ list: [String]) -> String { list.isEmpty ? "none" : list.joined(separator: ", ") }
        let verb = report.dryRun ? "would " : ""
        var text = "bus \(report.bus)"
        if let stack { text += " (stack \(stack))" }
        if change.isEmpty && report.unbound.isEmpty {
            text += ": \(report.dryRun ? "nothing would change" : "no rule changed")"
        } else {
            text += ": \(verb)add \(names(change.added)); \(verb)change \(names(change.changed)); "
            text += "\(verb)remove \(names(change.removed))"
        }
        text += "; \(report.bound.count) bindings \(report.dryRun ? "to make" : "made"), "
        text += "\(report.unbound.count) \(report.dryRun ? "to remove" : "removed")\n"
        for binding in report.unbound { text += "  \(verb)unbind \(binding.queue) <- \(binding.bindingKey)\n" }
        if !report.orphanedQueues.isEmpty {
            text += "  queues no rule uses, kept with their events (delete the empty ones with "
            text += "`warren rules prune-queues --bus \(report.bus)`): \(report.orphanedQueues.joined(separator: ", "))\n"
        }
        for warning in report.warnings { text += "  warning: \(warning)\n" }
        return text
    }
}

public struct RulesSetupError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
