import EventPatterns
import Foundation
import Testing
import WarrenCore

/// Rule ownership, planned without a broker: a stack changes only its own rules.
@Suite("Rule ownership: stacks, rules created on their own, legacy records")
struct RuleSetChangeTests {
    static func rule(_ name: String, source: String = "a") -> Rule {
        Rule(name: name, eventPattern: try! EventPattern(parsing: #"{"source":["\#(source)"]}"#), targets: [RuleTarget(id: "t")])
    }

    static func records(_ owned: [(String, RuleOwner)]) -> [RuleRecord] {
        owned.map { RuleRecord(rule($0.0), owner: $0.1) }
    }

    @Test("reconciling a stack adds, changes and removes only its own rules")
    func reconcileTouchesOnlyTheStack() throws {
        let before = Self.records([("a1", .stack("a")), ("a2", .stack("a")), ("b1", .stack("b")), ("x", .unowned)])
        let change = try RuleSetChange.applying(
            stack: "a", rules: [Self.rule("a1", source: "new"), Self.rule("a3")], mode: .reconcile, bus: "default",
            to: before)
        #expect(change.added == ["a3"])
        #expect(change.changed == ["a1"])
        #expect(change.removed == ["a2"])
        #expect(Set(change.after.map(\.name)) == ["a1", "a3", "b1", "x"])
        #expect(change.after.first { $0.name == "a3" }?.owner == .stack("a"))
        #expect(change.touched == ["a1", "a3"])
    }

    @Test("upserting removes nothing, not even the stack's own rules that are not given")
    func upsertRemovesNothing() throws {
        let before = Self.records([("a1", .stack("a")), ("a2", .stack("a"))])
        let change = try RuleSetChange.applying(
            stack: "a", rules: [Self.rule("a3")], mode: .upsert, bus: "default", to: before)
        #expect(change.removed.isEmpty)
        #expect(change.added == ["a3"])
        #expect(Set(change.after.map(\.name)) == ["a1", "a2", "a3"])
    }

    @Test("a name another stack or no stack owns is an error naming both, listing every conflict")
    func conflictsNameBothOwners() throws {
        let before = Self.records([("b1", .stack("b")), ("x", .unowned)])
        let error = #expect(throws: RuleOwnershipError.self) {
            try RuleSetChange.applying(
                stack: "a", rules: [Self.rule("b1"), Self.rule("x"), Self.rule("fine")], mode: .reconcile,
                bus: "orders", to: before)
        }
        #expect(error?.conflicts.map(\.rule) == ["b1", "x"])
        let text = error?.description ?? ""
        #expect(text.contains("rule 'b1' on bus 'orders' belongs to stack 'b'; stack 'a' cannot define it"))
        #expect(text.contains("rule 'x' on bus 'orders' was created on its own, not by a stack; stack 'a' cannot define it"))
    }

    @Test("legacy rules (recorded before stacks) are adopted by the first stack that declares them")
    func legacyRulesAreAdopted() throws {
        let before = Self.records([("old", .legacy), ("other", .legacy)])
        let change = try RuleSetChange.applying(
            stack: "a", rules: [Self.rule("old")], mode: .reconcile, bus: "default", to: before)
        #expect(change.after.first { $0.name == "old" }?.owner == .stack("a"))
        // A legacy rule the stack does not declare is not the stack's: it stays.
        #expect(change.after.first { $0.name == "other" }?.owner == .legacy)
        #expect(change.removed.isEmpty)
    }

    @Test("a rule put on its own belongs to no stack; replacing a stack's rule keeps its owner")
    func puttingKeepsOwners() {
        let before = Self.records([("a1", .stack("a"))])
        let new = RuleSetChange.putting(Self.rule("x"), to: before)
        #expect(new.after.first { $0.name == "x" }?.owner == .unowned)
        let replaced = RuleSetChange.putting(Self.rule("a1", source: "other"), to: before)
        #expect(replaced.after.first { $0.name == "a1" }?.owner == .stack("a"))
        #expect(replaced.changed == ["a1"])
    }

    @Test("deleting a stack removes its rules only")
    func deletingAStack() {
        let before = Self.records([("a1", .stack("a")), ("b1", .stack("b")), ("x", .unowned)])
        #expect(RuleSetChange.deleting(stack: "a", from: before).removed == ["a1"])
        #expect(RuleSetChange.deleting(["x", "missing"], from: before).removed == ["x"])
    }

    @Test("a registry record written before stacks decodes with legacy owners; a new one keeps its owners")
    func recordVersions() throws {
        let legacy = #"""
            {"appliedAt":"2026-01-01T00:00:00Z","bindings":[],"bus":"default","rules":[{"EventBusName":"default","EventPattern":"{\"source\":[\"a\"]}","Name":"r","State":"ENABLED","Targets":[]}]}
            """#
        let old = try JSONDecoder().decode(AppliedRules.self, from: Data(legacy.utf8))
        #expect(old.version == 1)
        #expect(old.rules.first?.owner == .legacy)

        let current = AppliedRules(
            bus: "default", appliedAt: "now", rules: Self.records([("a1", .stack("a")), ("x", .unowned)]),
            bindings: [], orphanedQueues: ["q"])
        let decoded = try JSONDecoder().decode(AppliedRules.self, from: JSONEncoder().encode(current))
        #expect(decoded == current)
    }

    @Test(
        "a stack's default name comes from the file's name, or its folder's for template.yaml",
        arguments: [
            ("rules/orders.yaml", "orders"), ("/x/shop/template.yaml", "shop"), ("/x/shop/template.yml", "shop"),
            ("/tmp/a b+c.yaml", "a-b-c"), ("/tmp/.hidden", ".hidden"),
            ("/tmp/" + String(repeating: "n", count: 80) + ".yaml", String(repeating: "n", count: 64)),
        ])
    func derivedStackNames(path: String, expected: String) {
        #expect(StackName.derived(fromPath: path) == expected)
        #expect(StackName.problems(StackName.derived(fromPath: path)).isEmpty)
    }
}
