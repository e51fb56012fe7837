import AMQPClient
import EventPatterns
import Foundation
import Testing
import WarrenBus
import WarrenTestSupport

/// Rules have owners: applying one stack never removes another's rules, or rules created on their own.
/// PutEvents confirms an event only once every queue it routes to has it, so counting queues right after a confirmed
/// PutEvents shows exactly where it went.
@Suite("Rule ownership on the broker")
struct RuleOwnershipTests {
    static let pattern = #"{"source":["shared.source"]}"#

    func put(_ bus: TestBus) async throws {
        let result = try await bus.publisher().putEvents([bus.entry(source: "shared.source", detail: "{}")])
        #expect(result.failedEntryCount == 0)
    }

    func queue(_ rule: String, _ bus: TestBus, _ rules: [Rule]) -> String {
        bus.topology(rules).targets.first { $0.ruleName == rule }!.queue
    }

    func messages(in queue: String, _ bus: TestBus) async throws -> UInt32 {
        let channel = try await bus.channel()
        let count = try await channel.declareQueuePassive(queue).messageCount
        try? await channel.close()
        return count
    }

    @Test("two stacks applied one after the other both deliver; re-applying one without a rule removes only that rule")
    func twoStacksCoexist() async throws {
        let bus = TestBus()
        let all = [
            try bus.rule("a1", Self.pattern), try bus.rule("a2", Self.pattern), try bus.rule("b1", Self.pattern),
        ]
        try await bus.apply([all[0], all[1]], stack: "a")
        let second = try await bus.apply([all[2]], stack: "b")
        #expect(second.change.added == ["b1"])
        #expect(second.change.removed.isEmpty && second.unbound.isEmpty)
        try await put(bus)
        for rule in ["a1", "a2", "b1"] { #expect(try await messages(in: queue(rule, bus, all), bus) == 1, "\(rule)") }

        let again = try await bus.apply([all[0]], stack: "a")
        #expect(again.change.removed == ["a2"])
        #expect(again.unbound == [TargetBinding(queue: queue("a2", bus, all), bindingKey: "shared%2Esource.*")])
        #expect(again.orphanedQueues.contains(queue("a2", bus, all)))
        try await put(bus)
        #expect(try await messages(in: queue("a1", bus, all), bus) == 2)
        #expect(try await messages(in: queue("b1", bus, all), bus) == 2)
        #expect(try await messages(in: queue("a2", bus, all), bus) == 1)  // kept, no longer routed to

        let connection = try await bus.broker.connection()
        let registry = RuleRegistry(connection: connection)
        let applied = try await registry.withLock(bus: bus.name) { try await registry.read(bus: bus.name) }
        #expect(applied?.rules.map(\.name).sorted() == ["a1", "b1"])
        #expect(applied?.rule(named: "b1")?.owner == .stack("b"))
        await bus.cleanUp(all)
    }

    @Test("a rule another stack owns cannot be defined: the error names both stacks and nothing changes")
    func conflictChangesNothing() async throws {
        let bus = TestBus()
        let rules = [try bus.rule("shared", Self.pattern), try bus.rule("mine", Self.pattern)]
        try await bus.apply([rules[0]], stack: "a")
        let error = await #expect(throws: RuleOwnershipError.self) { try await bus.apply(rules, stack: "b") }
        #expect(error?.description.contains("rule 'shared' on bus '\(bus.name)' belongs to stack 'a'; stack 'b'") == true)
        try await put(bus)
        #expect(try await messages(in: queue("shared", bus, rules), bus) == 1)
        let channel = try await bus.channel()
        // "mine" was not declared: the whole apply was refused.
        await #expect(throws: AMQPError.self) { try await channel.declareQueuePassive(queue("mine", bus, rules)) }
        await bus.cleanUp(rules)
    }

    @Test("a rule created on its own survives every stack's reconcile; deleting it by name keeps its queue")
    func unownedRuleSurvives() async throws {
        let bus = TestBus()
        let rules = [try bus.rule("single", Self.pattern), try bus.rule("a1", Self.pattern)]
        let applier = TopologyApplier(settings: bus.settings, logger: bus.logger)
        let connection = try await bus.broker.connection()
        try await applier.putRule(rules[0], connection: connection)
        try await bus.apply([rules[1]], stack: "a")
        try await bus.apply([], stack: "a")  // the stack is now empty
        try await put(bus)
        #expect(try await messages(in: queue("single", bus, rules), bus) == 1)
        #expect(try await messages(in: queue("a1", bus, rules), bus) == 0)

        let deleted = try await applier.deleteRules(["single"], bus: bus.name, connection: connection)
        #expect(deleted.change.removed == ["single"])
        try await put(bus)
        #expect(try await messages(in: queue("single", bus, rules), bus) == 1)
        await bus.cleanUp(rules)
    }

    @Test("a dry run reports the change and changes nothing")
    func dryRun() async throws {
        let bus = TestBus()
        let rules = [try bus.rule("a1", Self.pattern), try bus.rule("a2", Self.pattern)]
        try await bus.apply(rules, stack: "a")
        let connection = try await bus.broker.connection()
        let report = try await TopologyApplier(settings: bus.settings, logger: bus.logger).apply(
            stack: "a", rules: [rules[0]], bus: bus.name, connection: connection, dryRun: true)
        #expect(report.dryRun && report.change.removed == ["a2"])
        #expect(report.unbound.map(\.queue) == [queue("a2", bus, rules)])
        try await put(bus)
        #expect(try await messages(in: queue("a2", bus, rules), bus) == 1)
        await bus.cleanUp(rules)
    }

    @Test("warren rules and warren consume: two files coexist, a consumer leaves the other file's rules bound, delete and prune")
    func commandLine() async throws {
        let bus = TestBus()
        let rules = [try bus.rule("a1", Self.pattern), try bus.rule("b1", Self.pattern)]
        let fileA = try RulesFileWriter.write([rules[0]], fileName: "stack-a.yaml")
        let fileB = try RulesFileWriter.write([rules[1]], fileName: "stack-b.yaml")
        for file in [fileA, fileB] {
            let applied = try await ExecutableProcess.run("warren", ["rules", "apply", file])
            #expect(applied.status == 0, "\(applied.errors)")
        }
        // A consumer of file A's rule, after both files were applied: it must not unbind file B's rule.
        let consumer = try ExecutableProcess(
            "warren", ["consume", "--rules", fileA, "--rule", "a1", "--max-events", "1", "--stats-interval", "0"])
        try await consumer.waitForOutput("subscription", until: { _, errors in errors.contains("consuming") })
        try await put(bus)
        #expect(try await consumer.wait() == 0)
        #expect(try await messages(in: queue("b1", bus, rules), bus) == 1)

        let list = try await ExecutableProcess.run("warren", ["rules", "list", "--bus", bus.name])
        #expect(list.output.contains("a1\tstack-a\tENABLED"), "\(list.output)")
        #expect(list.output.contains("b1\tstack-b\tENABLED"), "\(list.output)")

        let dry = try await ExecutableProcess.run(
            "warren", ["rules", "apply", "--dry-run", fileA, "--stack", "stack-b"])
        #expect(dry.status == 1)
        #expect(dry.errors.contains("rule 'a1' on bus '\(bus.name)' belongs to stack 'stack-a'; stack 'stack-b'"))

        let delete = try await ExecutableProcess.run("warren", ["rules", "delete", "--stack", "stack-a"])
        #expect(delete.status == 0, "\(delete.errors)")
        #expect(delete.output.contains("bus \(bus.name): add none; change none; remove a1"), "\(delete.output)")
        #expect(delete.output.contains(queue("a1", bus, rules)), "orphaned queue reported: \(delete.output)")
        let prune = try await ExecutableProcess.run("warren", ["rules", "prune-queues", "--bus", bus.name])
        #expect(prune.output.contains(queue("a1", bus, rules)), "\(prune.output) \(prune.errors)")
        #expect(prune.output.hasPrefix("bus \(bus.name): deleted "), "\(prune.output) \(prune.errors)")
        let channel = try await bus.channel()
        await #expect(throws: AMQPError.self) { try await channel.declareQueuePassive(queue("a1", bus, rules)) }
        await bus.cleanUp(rules)
    }
}
