public import ArgumentParser
import AMQPClient
import Foundation
import Logging
import WarrenBus
import WarrenRules

/// `warren rules apply | list | show`.
public struct RulesCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Apply rules files and inspect the rules on the broker.",
        subcommands: [Apply.self, List.self, Show.self])

    public init() {}

    /// `warren rules apply FILE`: makes the broker hold exactly the file's rules for each bus the file covers.
    public struct Apply: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Apply a rules file (Warren YAML or an AWS SAM template) to the broker.",
            discussion: """
                Each bus the file covers gets exactly the file's rules: missing queues and bindings are declared, \
                bindings of deleted, disabled or changed rules are removed. Target queues are never deleted, so \
                queued events are kept.
                """)
        @OptionGroup public var broker: BrokerOptions
        @OptionGroup public var bus: EventBusOptions
        @OptionGroup public var rulesFileOptions: RulesFileOptions
        @Argument(help: "The rules file.") public var file: String
        @Option(name: .customLong("bus"), help: "Apply the file's 'default' bus rules to this bus instead.")
        public var busName: String?
        public init() {}

        public func run() async throws {
            WarrenLogging.bootstrap()
            let logger = Logger(label: "warren.rules")
            let rulesFile: RulesFile
            do { rulesFile = try rulesFileOptions.load(path: file, settings: bus.settings, bus: busName) } catch {
                FileHandle.standardError.write(Data("\(error)\n".utf8))
                throw ExitCode(2)
            }
            let connection = BrokerConnection(
                configuration: try broker.configuration(connectionName: "warren rules apply"), logger: logger)
            let reports = try await RulesSetup.apply(rulesFile, broker: connection, settings: bus.settings, logger: logger)
            await connection.stop()
            for report in reports {
                var text = "bus \(report.bus): \(report.bound.count) bindings"
                if !report.unbound.isEmpty {
                    text += ", removed \(report.unbound.map { "\($0.queue) <- \($0.bindingKey)" }.joined(separator: ", "))"
                }
                if !report.orphanedQueues.isEmpty {
                    text += "; queues of removed targets kept: \(report.orphanedQueues.joined(separator: ", "))"
                }
                StandardOutput.write(text + "\n")
                for warning in report.warnings { StandardOutput.write("warning: \(warning)\n") }
            }
        }
    }

    /// `warren rules list`: the rules the broker holds for a bus.
    public struct List: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(abstract: "List the rules applied to a bus.")
        @OptionGroup public var broker: BrokerOptions
        @Option(name: .customLong("bus"), help: "The bus.") public var busName = EventBusName.default
        public init() {}

        public func run() async throws {
            WarrenLogging.bootstrap()
            guard let applied = try await RulesCommand.readRegistry(broker: broker, bus: busName) else {
                StandardOutput.write("no rules applied to bus '\(busName)'\n")
                return
            }
            for rule in applied.rules {
                let targets = rule.targets.map(\.id).joined(separator: ", ")
                StandardOutput.write(
                    "\(rule.name)\t\(rule.state.rawValue)\ttargets: \(targets)\t\(rule.description ?? "")\n")
            }
        }
    }

    /// `warren rules show NAME`: one rule as JSON.
    public struct Show: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(abstract: "Show one rule applied to a bus, as JSON.")
        @OptionGroup public var broker: BrokerOptions
        @Option(name: .customLong("bus"), help: "The bus.") public var busName = EventBusName.default
        @Argument(help: "The rule's name.") public var name: String
        public init() {}

        public func run() async throws {
            WarrenLogging.bootstrap()
            guard let applied = try await RulesCommand.readRegistry(broker: broker, bus: busName),
                let rule = applied.rules.first(where: { $0.name == name })
            else {
                FileHandle.standardError.write(Data("Rule \(name) does not exist on EventBus \(busName).\n".utf8))
                throw ExitCode(1)
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            StandardOutput.write(String(decoding: try encoder.encode(rule), as: UTF8.self) + "\n")
        }
    }

    static func readRegistry(broker: BrokerOptions, bus: String) async throws -> AppliedRules? {
        let connection = try await AMQPConnection.connect(broker.configuration(connectionName: "warren rules"))
        defer { Task { await connection.close() } }
        let registry = RuleRegistry(connection: connection)
        return try await registry.withLock(bus: bus) { try await registry.read(bus: bus) }
    }
}
