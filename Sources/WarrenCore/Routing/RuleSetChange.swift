/// A change to the rules of one bus, worked out without a broker: the records before and after, and which rules'
/// queues and bindings must be declared again. `TopologyApplier.change` carries it out.
public struct RuleSetChange: Sendable, Hashable {
    public var before: [RuleRecord]
    public var after: [RuleRecord]
    /// Rules whose targets are declared and bound again even if unchanged (a stack's rules, so that re-applying a
    /// stack repairs what was deleted by hand).
    public var touched: Set<String>

    public init(before: [RuleRecord], after: [RuleRecord], touched: Set<String>) {
        self.before = before
        self.after = after
        self.touched = touched
    }

    /// Names of the rules that are new.
    public var added: [String] {
        let old = Set(before.map(\.name))
        return after.map(\.name).filter { !old.contains($0) }.sorted()
    }

    /// Names of the rules whose definition or owner changed.
    public var changed: [String] {
        let old = Dictionary(before.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
        return after.filter { record in old[record.name].map { $0 != record } ?? false }.map(\.name).sorted()
    }

    /// Names of the rules that are gone.
    public var removed: [String] {
        let new = Set(after.map(\.name))
        return before.map(\.name).filter { !new.contains($0) }.sorted()
    }

    /// Whether the change adds, changes or removes anything.
    public var isEmpty: Bool { added.isEmpty && changed.isEmpty && removed.isEmpty }
}

/// How a stack's rules are applied.
public enum StackApplyMode: Sendable, Hashable {
    /// The stack's rules become exactly the given ones: its rules that are not given are removed (`rules apply`).
    case reconcile
    /// The given rules are added or updated; none is removed (consumers and the demo declare what they need).
    case upsert
}

extension RuleSetChange {
    /// Applies `rules` as stack `stack` to the records of one bus. Rules of other stacks and rules created on their
    /// own are never changed or removed; legacy rules (recorded before stacks) are adopted.
    /// - Throws: `RuleOwnershipError` naming every rule that another owner holds.
    public static func applying(
        stack: String, rules: [Rule], mode: StackApplyMode, bus: String, to records: [RuleRecord]
    ) throws(RuleOwnershipError) -> RuleSetChange {
        var after = records
        var conflicts: [RuleOwnershipError.Conflict] = []
        for rule in rules {
            let index = after.firstIndex { $0.name == rule.name }
            if let index {
                switch after[index].owner {
                case .stack(let owner) where owner != stack:
                    conflicts.append(.init(rule: rule.name, bus: bus, owner: after[index].owner, stack: stack))
                    continue
                case .unowned:
                    conflicts.append(.init(rule: rule.name, bus: bus, owner: .unowned, stack: stack))
                    continue
                case .stack, .legacy:
                    after[index] = RuleRecord(rule, owner: .stack(stack))
                }
            } else {
                after.append(RuleRecord(rule, owner: .stack(stack)))
            }
        }
        if !conflicts.isEmpty { throw RuleOwnershipError(conflicts: conflicts) }
        if mode == .reconcile {
            let kept = Set(rules.map(\.name))
            after.removeAll { $0.owner == .stack(stack) && !kept.contains($0.name) }
        }
        return RuleSetChange(before: records, after: after, touched: Set(rules.map(\.name)))
    }

    /// Creates or replaces one rule; a new rule belongs to no stack, an existing one keeps its owner.
    public static func putting(_ rule: Rule, to records: [RuleRecord]) -> RuleSetChange {
        var after = records
        if let index = after.firstIndex(where: { $0.name == rule.name }) {
            after[index] = RuleRecord(rule, owner: after[index].owner)
        } else {
            after.append(RuleRecord(rule, owner: .unowned))
        }
        return RuleSetChange(before: records, after: after, touched: [rule.name])
    }

    /// Removes the named rules, whoever owns them; names the bus does not have are ignored.
    public static func deleting(_ names: Set<String>, from records: [RuleRecord]) -> RuleSetChange {
        RuleSetChange(before: records, after: records.filter { !names.contains($0.name) }, touched: [])
    }

    /// Removes every rule of `stack`.
    public static func deleting(stack: String, from records: [RuleRecord]) -> RuleSetChange {
        RuleSetChange(before: records, after: records.filter { $0.owner != .stack(stack) }, touched: [])
    }
}

/// Rules a stack cannot apply because another owner holds rules of the same name on the bus.
public struct RuleOwnershipError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Conflict: Sendable, Hashable, CustomStringConvertible {
        public var rule: String
        public var bus: String
        public var owner: RuleOwner
        /// The stack that tried to define it.
        public var stack: String

        public var description: String {
            switch owner {
            case .stack(let other):
                "rule '\(rule)' on bus '\(bus)' belongs to stack '\(other)'; stack '\(stack)' cannot define it (rename it, or remove it from stack '\(other)' first)"
            case .unowned, .legacy:
                "rule '\(rule)' on bus '\(bus)' was created on its own, not by a stack; stack '\(stack)' cannot define it (rename it, or delete it first with `warren rules delete \(rule) --bus \(bus)`)"
            }
        }
    }

    public var conflicts: [Conflict]

    public var description: String { conflicts.map(\.description).joined(separator: "\n") }
}
