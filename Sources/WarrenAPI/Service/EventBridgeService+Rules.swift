import EventPatterns
import WarrenCore

extension EventBridgeService {
    /// EventBridge's limit of rules per bus.
    static let maximumRulesPerBus = 300

    /// PutRule: creates the rule or replaces everything but its targets and tags.
    func putRule(_ call: EventBridgeCall) async throws(EventBridgeError) -> JSONValue {
        let input = call.input
        let name = input.string("Name") ?? ""
        let bus = call.busName()
        // An empty string counts as absent, as in EventBridge.
        let pattern = input.nonEmptyString("EventPattern")
        let schedule = input.nonEmptyString("ScheduleExpression")
        if pattern == nil, schedule == nil {
            throw .validation("Parameter(s) EventPattern or ScheduleExpression must be specified.")
        }
        if let schedule {
            if bus != EventBusName.default {
                throw .validation("ScheduleExpression is supported only on the default event bus.")
            }
            if !ScheduleExpression.isValid(schedule) { throw .validation("Parameter ScheduleExpression is not valid.") }
        }
        if let pattern {
            do throws(EventPatternError) {
                _ = try EventPattern(parsing: pattern)
            } catch {
                throw EventBridgeError(.invalidEventPattern, error.message)
            }
        }
        let account = call.settings.account
        let state = input.string("State").flatMap(RuleDefinition.State.init(rawValue:)) ?? .enabled
        let description = input.string("Description")
        let roleArn = input.string("RoleArn")
        let tags = Self.tags(input)
        try await backend.updateRules(onBus: bus) { (rules: inout [String: RuleDefinition]) throws(EventBridgeError) in
            var rule =
                rules[name]
                ?? RuleDefinition(name: name, eventBusName: bus, createdBy: account, tags: tags)
            if rules[name] == nil, rules.count >= Self.maximumRulesPerBus { throw .limitExceeded }
            rule.eventPattern = pattern
            rule.scheduleExpression = schedule
            rule.state = state
            rule.description = description
            rule.roleArn = roleArn
            rules[name] = rule
        }
        return ["RuleArn": .string(call.settings.ruleARN(rule: name, bus: bus))]
    }

    /// DeleteRule: only a rule without targets; deleting a rule that does not exist succeeds.
    func deleteRule(_ call: EventBridgeCall) async throws(EventBridgeError) -> JSONValue {
        let name = call.input.string("Name") ?? ""
        do {
            try await backend.updateRules(onBus: call.busName()) {
                (rules: inout [String: RuleDefinition]) throws(EventBridgeError) in
                guard let rule = rules[name] else { return }
                if !rule.targets.isEmpty { throw .validation("Rule can't be deleted since it has targets.") }
                rules[name] = nil
            }
        } catch where error.code == .resourceNotFound {
            // The bus is gone, and its rules with it.
        }
        return [:]
    }

    func describeRule(_ call: EventBridgeCall) async throws(EventBridgeError) -> JSONValue {
        let rule = try await existingRule(call, nameMember: "Name")
        var members = Self.ruleMembers(rule, settings: call.settings)
        members.append(("CreatedBy", .string(rule.createdBy)))
        return .object(JSONObject(members))
    }

    func listRules(_ call: EventBridgeCall) async throws(EventBridgeError) -> JSONValue {
        let prefix = call.input.string("NamePrefix") ?? ""
        let rules = try await backend.rules(onBus: call.busName()).filter { $0.name.hasPrefix(prefix) }
        let page = try PageToken.page(
            rules, key: \.name, after: call.input.string("NextToken"), limit: call.input.integer("Limit"),
            operation: .listRules)
        let listed = page.items.map { JSONValue.object(JSONObject(Self.ruleMembers($0, settings: call.settings))) }
        return Self.pageOutput("Rules", listed, next: page.nextToken)
    }

    /// EnableRule and DisableRule.
    func setRuleState(_ call: EventBridgeCall, _ state: RuleDefinition.State) async throws(EventBridgeError)
        -> JSONValue
    {
        let name = call.input.string("Name") ?? ""
        let bus = call.busName()
        try await updateExistingRule(name, bus: bus) { (rule: inout RuleDefinition) throws(EventBridgeError) in
            rule.state = state
        }
        return [:]
    }

    func listRuleNamesByTarget(_ call: EventBridgeCall) async throws(EventBridgeError) -> JSONValue {
        let arn = call.input.string("TargetArn") ?? ""
        let names = try await backend.rules(onBus: call.busName())
            .filter { rule in rule.targets.contains { $0.arn == arn } }
            .map(\.name)
        let page = try PageToken.page(
            names, key: { $0 }, after: call.input.string("NextToken"), limit: call.input.integer("Limit"),
            operation: .listRuleNamesByTarget)
        return Self.pageOutput("RuleNames", page.items.map(JSONValue.string), next: page.nextToken)
    }

    /// The rule a call names (`Name` or `Rule`, and `EventBusName`).
    /// - Throws: `Rule <name> does not exist on EventBus <bus>.`, also when the bus does not exist.
    func existingRule(_ call: EventBridgeCall, nameMember: String) async throws(EventBridgeError) -> RuleDefinition {
        let name = call.input.string(nameMember) ?? ""
        let bus = call.busName()
        let rules: [RuleDefinition]
        do {
            rules = try await backend.rules(onBus: bus)
        } catch where error.code == .resourceNotFound {
            throw .ruleNotFound(name, bus: bus)
        }
        guard let rule = rules.first(where: { $0.name == name }) else { throw .ruleNotFound(name, bus: bus) }
        return rule
    }

    /// Changes an existing rule atomically.
    /// - Throws: `Rule <name> does not exist on EventBus <bus>.`, also when the bus does not exist.
    func updateExistingRule<Result: Sendable>(
        _ name: String, bus: String,
        _ change: @escaping @Sendable (inout RuleDefinition) throws(EventBridgeError) -> Result
    ) async throws(EventBridgeError) -> Result {
        do {
            return try await backend.updateRules(onBus: bus) {
                (rules: inout [String: RuleDefinition]) throws(EventBridgeError) -> Result in
                guard var rule = rules[name] else { throw .ruleNotFound(name, bus: bus) }
                let result = try change(&rule)
                rules[name] = rule
                return result
            }
        } catch where error == .eventBusNotFound(bus) {
            throw .ruleNotFound(name, bus: bus)
        }
    }

    /// The members of a rule in `ListRules` and `DescribeRule`, those that are set.
    static func ruleMembers(_ rule: RuleDefinition, settings: EventBusSettings) -> [(String, JSONValue)] {
        var members: [(String, JSONValue)] = [
            ("Name", .string(rule.name)), ("Arn", .string(settings.ruleARN(rule: rule.name, bus: rule.eventBusName))),
        ]
        if let pattern = rule.eventPattern { members.append(("EventPattern", .string(pattern))) }
        if let schedule = rule.scheduleExpression { members.append(("ScheduleExpression", .string(schedule))) }
        members.append(("State", .string(rule.state.rawValue)))
        if let description = rule.description { members.append(("Description", .string(description))) }
        if let roleArn = rule.roleArn { members.append(("RoleArn", .string(roleArn))) }
        if let managedBy = rule.managedBy { members.append(("ManagedBy", .string(managedBy))) }
        members.append(("EventBusName", .string(rule.eventBusName)))
        return members
    }
}
