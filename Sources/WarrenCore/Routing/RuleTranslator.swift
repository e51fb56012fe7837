public import EventPatterns

/// Turns rules into broker topology: what the topic exchange can filter becomes binding keys, the rest becomes
/// each target's in-consumer filter. Pure: rules in, topology out.
///
/// The one promise: the bindings may let through events the pattern rejects (the consumer filter drops them),
/// but never block an event the pattern matches.
public struct RuleTranslator: Sendable {
    public var settings: EventBusSettings
    /// Above this many binding keys for one target, the translator widens them (over-selecting) rather than
    /// flooding the exchange with bindings.
    public var maximumBindingsPerTarget: Int

    public init(settings: EventBusSettings = EventBusSettings(), maximumBindingsPerTarget: Int = 64) {
        self.settings = settings
        self.maximumBindingsPerTarget = maximumBindingsPerTarget
    }

    /// The topology of one bus. Rules of other buses are ignored.
    public func translate(bus: String, rules: [Rule]) -> BusTopology {
        let targets = rules.filter { $0.eventBusName == bus }.sorted { $0.name < $1.name }.flatMap { rule in
            let routing = routing(for: rule.eventPattern)
            return rule.targets.map { target in
                let queue = TopologyNames.targetQueue(bus: bus, rule: rule.name, target: target.id)
                return TargetTopology(
                    ruleName: rule.name, ruleARN: settings.ruleARN(rule: rule.name, bus: bus), ruleState: rule.state,
                    target: target, targetARN: settings.targetARN(queue: queue), queue: queue,
                    deadLetterQueue: target.deadLetterQueue
                        ?? TopologyNames.deadLetterQueue(bus: bus, rule: rule.name, target: target.id),
                    bindingKeys: rule.state == .enabled ? routing.bindingKeys : [], pattern: rule.eventPattern,
                    residualPattern: routing.residual, brokerChecks: routing.checks)
            }
        }
        let delayQueues = Dictionary(
            uniqueKeysWithValues: RetryBackoff.levels.map { ($0, TopologyNames.delayQueue(bus: bus, seconds: $0)) })
        return BusTopology(
            bus: bus, exchange: TopologyNames.busExchange(bus), targets: targets,
            retry: RetryTopology(
                exchange: TopologyNames.retryExchange(bus), redeliverExchange: TopologyNames.redeliverExchange(bus),
                delayQueues: delayQueues))
    }

    /// The routing of one pattern: binding keys, what they check exactly, and the residual pattern.
    public func routing(for pattern: EventPattern) -> PatternRouting {
        // Each branch of the pattern's disjunctive normal form is a conjunction: it allows a set of sources and a
        // set of detail-types. The union over branches is what the pattern as a whole may let through.
        var allowed: [(sources: [String]?, detailTypes: [String]?)] = []
        for branch in pattern.branches {
            guard case .allowed(let sources) = Self.restriction(of: "source", in: branch),
                case .allowed(let detailTypes) = Self.restriction(of: "detail-type", in: branch)
            else { continue }  // The branch can never match: it needs no binding.
            allowed.append((sources, detailTypes))
        }
        func keys(widenSource: Bool, widenDetailType: Bool) -> Set<String> {
            var keys = Set<String>()
            for (sources, detailTypes) in allowed {
                let sourceWords = widenSource ? ["*"] : (sources?.map { RoutingKey.word($0).text } ?? ["*"])
                let detailTypeWords =
                    widenDetailType ? ["*"] : (detailTypes?.map { RoutingKey.word($0).text } ?? ["*"])
                for source in sourceWords {
                    for detailType in detailTypeWords { keys.insert("\(source).\(detailType)") }
                }
            }
            return keys
        }
        var widenSource = false
        var widenDetailType = false
        var bindingKeys = keys(widenSource: false, widenDetailType: false)
        if bindingKeys.count > maximumBindingsPerTarget {
            widenDetailType = true
            bindingKeys = keys(widenSource: false, widenDetailType: true)
        }
        if bindingKeys.count > maximumBindingsPerTarget {
            widenSource = true
            bindingKeys = keys(widenSource: true, widenDetailType: true)
        }
        // A hashed word may collide with another value's, so the consumer must still check such a field.
        let sourceHashed = allowed.contains { ($0.sources ?? []).contains { RoutingKey.word($0).isHashed } }
        let detailTypeHashed = allowed.contains { ($0.detailTypes ?? []).contains { RoutingKey.word($0).isHashed } }
        let checks = BrokerChecks(
            source: !widenSource && !sourceHashed && Self.topLevelExactField("source", in: pattern.root),
            detailType: !widenDetailType && !detailTypeHashed
                && Self.topLevelExactField("detail-type", in: pattern.root))
        return PatternRouting(
            bindingKeys: Self.pruned(bindingKeys), checks: checks, residual: Self.residual(of: pattern, without: checks))
    }

    /// What one branch allows for an envelope field.
    enum FieldRestriction: Equatable {
        /// These values only, or any value when nil.
        case allowed([String]?)
        /// No value: the branch's exact values contradict each other.
        case impossible
    }

    /// What one branch allows for `field`. Only conditions made of exact strings restrict it; any other matcher
    /// could let through any value, so it restricts nothing at the broker.
    static func restriction(of field: String, in branch: [PathCondition]) -> FieldRestriction {
        var allowed: Set<String>?
        for condition in branch where condition.path == [field] {
            var values = Set<String>()
            var onlyExactStrings = true
            for matcher in condition.matchers {
                if case .exactString(let value) = matcher { values.insert(value) } else { onlyExactStrings = false }
            }
            guard onlyExactStrings else { continue }
            allowed = allowed.map { $0.intersection(values) } ?? values
        }
        guard let allowed else { return .allowed(nil) }
        return allowed.isEmpty ? .impossible : .allowed(allowed.sorted())
    }

    /// Whether `field` is a top-level field of the pattern whose matchers are all exact strings, and no `$or`
    /// branch at the top level names it too. Then every branch carries exactly that condition, so the bindings
    /// enforce it and the consumer need not check it again.
    static func topLevelExactField(_ field: String, in root: PatternObject) -> Bool {
        guard let value = root.fields.last(where: { $0.key == field })?.value,
            case .matchers(let matchers) = value, !matchers.isEmpty,
            matchers.allSatisfy({ if case .exactString = $0 { true } else { false } })
        else { return false }
        return !root.alternatives.contains { branches in branches.contains { mentions(field, $0) } }
    }

    private static func mentions(_ field: String, _ object: PatternObject) -> Bool {
        object.fields.contains { $0.key == field }
            || object.alternatives.contains { branches in branches.contains { mentions(field, $0) } }
    }

    /// The pattern minus the top-level fields the bindings enforce exactly; nil when nothing is left to check.
    static func residual(of pattern: EventPattern, without checks: BrokerChecks) -> EventPattern? {
        var root = pattern.root
        root.fields.removeAll { field in
            (checks.source && field.key == "source") || (checks.detailType && field.key == "detail-type")
        }
        if root.fields.isEmpty && root.alternatives.isEmpty { return nil }
        return root == pattern.root ? pattern : EventPattern(root: root)
    }

    /// Drops keys another key already covers (`a.*` covers `a.b`; `*.*` covers everything).
    static func pruned(_ keys: Set<String>) -> [String] {
        if keys.contains("*.*") { return ["*.*"] }
        return keys.filter { key in
            let parts = key.split(separator: ".", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { return true }
            let (source, detailType) = (parts[0], parts[1])
            if source != "*" && keys.contains("*.\(detailType)") { return false }
            if detailType != "*" && keys.contains("\(source).*") { return false }
            return true
        }.sorted()
    }
}

/// How one pattern is routed.
public struct PatternRouting: Sendable, Hashable {
    public var bindingKeys: [String]
    public var checks: BrokerChecks
    public var residual: EventPattern?
}
