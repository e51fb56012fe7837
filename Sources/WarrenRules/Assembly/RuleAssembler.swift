import EventPatterns
import WarrenCore

/// The checks that are the same for both formats, each reported where the value was written: names, buses,
/// duplicates, the number of targets, retry policies and delivery limits. Then `Rule.problems` runs on each rule
/// as a last check, so that the file never holds a rule the bus would refuse.
enum RuleAssembler {
    struct Assembly {
        var buses: [String]
        var rules: [Rule]
        var origins: [RuleTargetReference: TargetOrigin]
    }

    static func assemble(
        _ drafts: [RuleDraft], declaredBuses: [DeclaredBus], addsUndeclaredBuses: Bool, log: inout ProblemLog
    ) -> Assembly {
        var buses = [EventBusName.default]
        var known: Set<String> = [EventBusName.default]
        var firstDeclaration: [String: SourcePosition] = [:]
        for bus in declaredBuses {
            for problem in EventBusName.problems(bus.name) {
                log.error(.invalidName, at: bus.position, rule: nil, problem)
            }
            if let first = firstDeclaration[bus.name] {
                log.error(
                    .duplicateName, at: bus.position, rule: nil,
                    "bus '\(bus.name)' is declared twice (first at line \(first.line))")
                continue
            }
            firstDeclaration[bus.name] = bus.position
            if known.insert(bus.name).inserted { buses.append(bus.name) }
        }

        var assembly = Assembly(buses: buses, rules: [], origins: [:])
        var firstRule: [RuleKey: SourcePosition] = [:]
        for draft in drafts {
            log.work.count(1 + draft.targets.count)
            check(draft, log: &log)
            let busIsValid = EventBusName.problems(draft.bus).isEmpty
            if draft.busMustBeDeclared && busIsValid && !known.contains(draft.bus) {
                let hint = KeySuggestion.hint(for: draft.bus, among: assembly.buses)
                // A long list would make every such error as long as the file.
                let declared =
                    assembly.buses.count <= 20
                    ? assembly.buses.joined(separator: ", ") : "\(assembly.buses.count) buses"
                log.error(
                    .unknownBus, at: draft.busPosition, rule: draft.name,
                    "bus '\(draft.bus)' is not declared; add it to 'buses:' (declared: \(declared))\(hint)")
            } else if addsUndeclaredBuses && busIsValid && known.insert(draft.bus).inserted {
                assembly.buses.append(draft.bus)
            }
            let key = RuleKey(bus: draft.bus, name: draft.name)
            if let first = firstRule[key] {
                log.error(
                    .duplicateName, at: draft.namePosition, rule: draft.name,
                    "a rule named '\(draft.name)' is already defined on bus '\(draft.bus)' (at line \(first.line))")
            } else {
                firstRule[key] = draft.namePosition
            }
            guard let pattern = draft.pattern else { continue }
            let rule = Rule(
                name: draft.name, eventBusName: draft.bus, description: draft.description, state: draft.state,
                eventPattern: pattern, targets: draft.targets.map(\.target))
            // Whatever the bus's own validation finds that the checks above did not.
            for problem in rule.problems where !log.hasReported(problem, rule: draft.name) {
                log.error(.invalidValue, at: draft.namePosition, rule: draft.name, problem)
            }
            assembly.rules.append(rule)
            for target in draft.targets {
                guard let origin = target.origin else { continue }
                let reference = RuleTargetReference(
                    busName: draft.bus, ruleName: draft.name, targetID: target.target.id)
                assembly.origins[reference] = origin
            }
        }
        return assembly
    }

    private struct RuleKey: Hashable {
        var bus: String
        var name: String
    }

    /// The checks of one rule; the messages are those of `Rule.problems`, placed.
    private static func check(_ draft: RuleDraft, log: inout ProblemLog) {
        let rule = draft.name
        for problem in ResourceName.problems(draft.name, kind: "rule name", maximumLength: 64) {
            log.error(.invalidName, at: draft.namePosition, rule: rule, problem)
        }
        for problem in EventBusName.problems(draft.bus) {
            log.error(.invalidName, at: draft.busPosition, rule: rule, problem)
        }
        if let description = draft.description, description.count > 512 {
            log.error(
                .invalidValue, at: draft.descriptionPosition ?? draft.namePosition, rule: rule,
                "Description must be at most 512 characters, got \(description.count)")
        }
        if draft.targets.count > Rule.maximumTargets {
            log.error(
                .tooManyTargets, at: draft.targets[Rule.maximumTargets].position, rule: rule,
                "a rule has at most \(Rule.maximumTargets) targets, got \(draft.targets.count)")
        }
        var seen = Set<String>()
        for draftTarget in draft.targets {
            let target = draftTarget.target
            for problem in ResourceName.problems(target.id, kind: "target Id", maximumLength: 64) {
                log.error(.invalidName, at: draftTarget.idPosition, rule: rule, problem)
            }
            if !seen.insert(target.id).inserted {
                log.error(
                    .duplicateName, at: draftTarget.idPosition, rule: rule, "target Id '\(target.id)' is used twice")
            }
            let policy = target.retryPolicy
            for problem in RetryPolicy(maximumRetryAttempts: policy.maximumRetryAttempts).problems {
                log.error(
                    .outOfRange, at: draftTarget.retryAttemptsPosition ?? draftTarget.position, rule: rule,
                    "target '\(target.id)': \(problem)")
            }
            for problem in RetryPolicy(maximumEventAgeInSeconds: policy.maximumEventAgeInSeconds).problems {
                log.error(
                    .outOfRange, at: draftTarget.eventAgePosition ?? draftTarget.position, rule: rule,
                    "target '\(target.id)': \(problem)")
            }
            if target.maximumDeliveries < 1 {
                log.error(
                    .outOfRange, at: draftTarget.maximumDeliveriesPosition ?? draftTarget.position, rule: rule,
                    "target '\(target.id)': maximum deliveries must be at least 1")
            }
            if let queue = target.deadLetterQueue, queue.isEmpty || queue.utf8.count > 255 {
                log.error(
                    .invalidName, at: draftTarget.deadLetterQueuePosition ?? draftTarget.position, rule: rule,
                    "target '\(target.id)': the dead-letter queue name must be 1-255 bytes")
            }
        }
    }
}
