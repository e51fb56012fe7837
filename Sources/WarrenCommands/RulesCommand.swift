public import ArgumentParser
import AMQPClient
import Foundation
import Logging
import WarrenBus
import WarrenRules

/// `warren rules apply | list | show | delete | prune-queues`.
public struct RulesCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Apply rules files and inspect or delete the rules on the broker.",
        subcommands: [Apply.self, List.self, Show.self, Delete.self, PruneQueues.self])

    public init() {}

    /// `warren rules apply FILE`: reconciles the file's stack on each bus the file covers.
    public struct Apply: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Apply a rules file (Warren YAML or an AWS SAM template) to the broker as a stack.",
            discussion: """
                The file's rules are a stack (--stack, default: the file's name, or its folder's for a \
                template.yaml). On each bus the file covers, the stack's rules become exactly the file's: new rules \
                are declared, changed ones updated, and the stack's rules missing from the file removed. Rules of \
                other stacks and rules created on their own are never changed; a name another owner holds is an \
                error. Target queues are never deleted, so queued events are kept. \(WarrenLogging.help)
                """)
        @OptionGroup public var broker: BrokerOptions
        @OptionGroup public var bus: EventBusOptions
        @OptionGroup public var rulesFileOptions: RulesFileOptions
        @Argument(help: "The rules file.") public var file: String
        @Option(name: .customLong("bus"), help: "Apply the file's 'default' bus rules to this bus instead.")
        public var busName: String?
        @Flag(help: "Print what would change, and change nothing.")
        public var dryRun = false
        public init() {}

        public func run() async throws {
            WarrenLogging.bootstrap()
            let logger = Logger(label: "warren.rules")
            let rulesFile: RulesFile
            do { rulesFile = try rulesFileOptions.load(path: file, settings: bus.settings, bus: busName) } catch {
                FileHandle.standardError.write(Data("\(error)\n".utf8))
                throw ExitCode(2)
            }
            let stackName = rulesFileOptions.stackName(for: file)
            let reports: [TopologyApplyReport]
            do {
                reports = try await broker.withBrokerConnection(name: "warren rules apply", logger: logger) {
                    try await RulesSetup.apply(
                        rulesFile, stack: stackName, mode: .reconcile, dryRun: dryRun, broker: $0,
                        settings: bus.settings, logger: logger)
                }
            } catch let error as RuleOwnershipError {
                FileHandle.standardError.write(Data("\(file): \(error)\n".utf8))
                throw ExitCode(1)
            }
            for report in reports { StandardOutput.write(RulesSetup.describe(report, stack: stackName)) }
        }
    }

    /// `warren rules list`: the rules the broker holds for a bus.
    public struct List: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "List the rules of a bus: name, stack ('-' for a rule created on its own), state, targets.",
            discussion: WarrenLogging.help)
        @OptionGroup public var broker: BrokerOptions
        @Option(name: .customLong("bus"), help: "The bus.") public var busName = EventBusName.default
        public init() {}

        public func run() async throws {
            WarrenLogging.bootstrap()
            guard let applied = try await RulesCommand.readRegistry(broker: broker, bus: busName),
                !applied.rules.isEmpty
            else {
                StandardOutput.write("no rules on bus '\(busName)'\n")
                return
            }
            var text = "NAME\tSTACK\tSTATE\tTARGETS\tDESCRIPTION\n"
            for rule in applied.rules.sorted(by: { $0.name < $1.name }) {
                let targets = rule.targets.map(\.id).joined(separator: ",")
                text += "\(rule.name)\t\(rule.owner.label)\t\(rule.state.rawValue)\t\(targets)\t\(rule.description ?? "")\n"
            }
            StandardOutput.write(text)
        }
    }

    /// `warren rules show NAME`: one rule as JSON.
    public struct Show: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Show one rule of a bus, as JSON.", discussion: WarrenLogging.help)
        @OptionGroup public var broker: BrokerOptions
        @Option(name: .customLong("bus"), help: "The bus.") public var busName = EventBusName.default
        @Argument(help: "The rule's name.") public var name: String
        public init() {}

        public func run() async throws {
            WarrenLogging.bootstrap()
            guard let applied = try await RulesCommand.readRegistry(broker: broker, bus: busName),
                let rule = applied.rule(named: name)
            else {
                FileHandle.standardError.write(Data("Rule \(name) does not exist on EventBus \(busName).\n".utf8))
                throw ExitCode(1)
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            StandardOutput.write(String(decoding: try encoder.encode(rule), as: UTF8.self) + "\n")
        }
    }

    /// `warren rules delete NAME...` or `warren rules delete --stack NAME`.
    public struct Delete: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Delete rules by name, or every rule of a stack.",
            discussion: """
                Deleting a rule unbinds its targets; their queues are kept with their events and reported as \
                orphaned (`warren rules prune-queues` deletes the empty ones). With --stack, every bus is searched \
                unless --bus is given. \(WarrenLogging.help)
                """)
        @OptionGroup public var broker: BrokerOptions
        @Argument(help: "The rules to delete.") public var names: [String] = []
        @Option(help: "Delete every rule of this stack instead.") public var stack: String?
        @Option(name: .customLong("bus"), help: "The bus (default: 'default'; with --stack, every bus).")
        public var busName: String?
        @Flag(help: "Print what would change, and change nothing.") public var dryRun = false
        public init() {}

        public func validate() throws {
            if names.isEmpty == (stack == nil) { throw ValidationError("name the rules to delete, or give --stack") }
        }

        public func run() async throws {
            WarrenLogging.bootstrap()
            let logger = Logger(label: "warren.rules")
            try await broker.withBrokerConnection(name: "warren rules delete", logger: logger) { broker in
                let connection = try await broker.connection()
                let applier = TopologyApplier(logger: logger)
                if let stack {
                    var buses = [String]()
                    if let busName { buses = [busName] } else { buses = try await BusRegistry(connection: connection).busNames() }
                    for bus in buses {
                        let report = try await applier.deleteStack(stack, bus: bus, connection: connection, dryRun: dryRun)
                        if !report.change.removed.isEmpty { StandardOutput.write(RulesSetup.describe(report)) }
                    }
                } else {
                    let bus = busName ?? EventBusName.default
                    let report = try await applier.deleteRules(
                        Set(names), bus: bus, connection: connection, dryRun: dryRun)
                    let missing = Set(names).subtracting(report.change.removed).sorted()
                    StandardOutput.write(RulesSetup.describe(report))
                    if !missing.isEmpty {
                        FileHandle.standardError.write(
                            Data("not on bus '\(bus)': \(missing.joined(separator: ", "))\n".utf8))
                    }
                }
            }
        }
    }

    /// `warren rules prune-queues`: deletes the empty queues of deleted rules.
    public struct PruneQueues: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(
            commandName: "prune-queues",
            abstract: "Delete the empty target and dead-letter queues that no rule of the bus uses any more.",
            discussion: WarrenLogging.help)
        @OptionGroup public var broker: BrokerOptions
        @Option(name: .customLong("bus"), help: "The bus.") public var busName = EventBusName.default
        public init() {}

        public func run() async throws {
            WarrenLogging.bootstrap()
            let logger = Logger(label: "warren.rules")
            let report = try await broker.withBrokerConnection(name: "warren rules prune-queues", logger: logger) {
                try await TopologyApplier(logger: logger).pruneQueues(bus: busName, connection: try await $0.connection())
            }
            var text = "bus \(busName): deleted \(report.deleted.isEmpty ? "none" : report.deleted.joined(separator: ", "))\n"
            for (queue, messages, consumers) in report.kept {
                text += "  kept \(queue): \(messages) events, \(consumers) consumers\n"
            }
            StandardOutput.write(text)
        }
    }

    static func readRegistry(broker: BrokerOptions, bus: String) async throws -> AppliedRules? {
        try await broker.withBrokerConnection(name: "warren rules", logger: Logger(label: "warren.rules")) {
            let registry = RuleRegistry(connection: try await $0.connection())
            return try await registry.withLock(bus: bus) { try await registry.read(bus: bus) }
        }
    }
}
