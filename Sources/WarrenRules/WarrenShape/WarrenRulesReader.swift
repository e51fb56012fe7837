import EventPatterns
import WarrenCore
import Yams

/// Reads Warren's own format: optional `buses:`, and `rules:`, each rule with its pattern and targets.
///
/// Every key is checked: a misspelt key is an error with the closest known key, never silently ignored.
struct WarrenRulesReader {
    static let topLevelKeys = ["buses", "rules"]
    static let ruleKeys = ["name", "bus", "description", "state", "eventPattern", "targets"]
    static let targetKeys = [
        "id", "retryPolicy", "deadLetterQueue", "queueType", "maximumDeliveries", "acceptRawPublishes", "input",
        "inputPath", "inputTransformer",
    ]
    static let retryPolicyKeys = ["maximumRetryAttempts", "maximumEventAgeInSeconds"]
    static let inputTransformerKeys = ["inputPathsMap", "inputTemplate"]

    let patterns: PatternReader

    /// The declared buses and the rules of the document.
    func read(_ top: YAMLMapping, reader: inout DocumentReader) -> (buses: [DeclaredBus], rules: [RuleDraft]) {
        reader.checkKeys(top, known: Self.topLevelKeys, in: "the rules file", rule: nil)
        var buses: [DeclaredBus] = []
        if let node = top.optional("buses"), let list = reader.sequence(node, what: "'buses'", rule: nil) {
            for item in list {
                if let name = reader.text(item, what: "a bus name", rule: nil) {
                    buses.append(DeclaredBus(name: name, position: item.position))
                }
            }
        }
        var rules: [RuleDraft] = []
        if let node = top.optional("rules"), let list = reader.sequence(node, what: "'rules'", rule: nil) {
            for item in list {
                if let rule = readRule(item, reader: &reader) { rules.append(rule) }
            }
        }
        return (buses, rules)
    }

    private func readRule(_ node: Node, reader: inout DocumentReader) -> RuleDraft? {
        guard let mapping = reader.mapping(node, what: "a rule", rule: nil) else { return nil }
        var name: String?
        if let nameNode = reader.required("name", in: mapping, context: "rule", rule: nil) {
            name = reader.text(nameNode, what: "'name'", rule: nil)
        }
        reader.checkKeys(mapping, known: Self.ruleKeys, in: "rule", rule: name)

        var bus = EventBusName.default
        var busPosition = mapping.position
        if let node = mapping.optional("bus"), let text = reader.text(node, what: "'bus'", rule: name) {
            bus = EventBusName.name(fromNameOrARN: text)
            busPosition = node.position
        }
        var description: String?
        if let node = mapping.optional("description") {
            description = reader.text(node, what: "'description'", rule: name)
        }
        var state = RuleState.enabled
        if let node = mapping.optional("state"), let text = reader.text(node, what: "'state'", rule: name) {
            state = Self.state(text, at: node.position, key: "state", rule: name, log: &reader.log) ?? .enabled
        }
        var pattern: EventPattern?
        if let node = reader.required("eventPattern", in: mapping, context: "rule", rule: name) {
            pattern = patterns.read(node, what: "'eventPattern'", rule: name, reader: &reader)
        }
        var targets: [TargetDraft] = []
        if let node = mapping.optional("targets"), let list = reader.sequence(node, what: "'targets'", rule: name) {
            for item in list {
                if let target = readTarget(item, rule: name, reader: &reader) { targets.append(target) }
            }
        }
        guard let name, let namePosition = mapping["name"]?.position else { return nil }
        return RuleDraft(
            name: name, namePosition: namePosition, bus: bus, busPosition: busPosition, busMustBeDeclared: true,
            description: description, descriptionPosition: mapping["description"]?.position, state: state,
            pattern: pattern, targets: targets)
    }

    private func readTarget(_ node: Node, rule: String?, reader: inout DocumentReader) -> TargetDraft? {
        guard let mapping = reader.mapping(node, what: "a target", rule: rule) else { return nil }
        reader.checkKeys(mapping, known: Self.targetKeys, in: "target", rule: rule)
        var id: String?
        if let node = reader.required("id", in: mapping, context: "target", rule: rule) {
            id = reader.text(node, what: "target 'id'", rule: rule)
        }
        var target = RuleTarget(id: id ?? "")
        var draft = TargetDraft(
            target: target, position: mapping.position, idPosition: mapping["id"]?.position ?? mapping.position)

        if let node = mapping.optional("retryPolicy"),
            let policy = reader.mapping(node, what: "'retryPolicy'", rule: rule)
        {
            reader.checkKeys(policy, known: Self.retryPolicyKeys, in: "retryPolicy", rule: rule)
            if let node = policy.optional("maximumRetryAttempts"),
                let value = reader.integer(node, what: "'maximumRetryAttempts'", rule: rule)
            {
                target.retryPolicy.maximumRetryAttempts = value
                draft.retryAttemptsPosition = node.position
            }
            if let node = policy.optional("maximumEventAgeInSeconds"),
                let value = reader.integer(node, what: "'maximumEventAgeInSeconds'", rule: rule)
            {
                target.retryPolicy.maximumEventAgeInSeconds = value
                draft.eventAgePosition = node.position
            }
        }
        if let node = mapping.optional("deadLetterQueue"),
            let queue = reader.text(node, what: "'deadLetterQueue'", rule: rule)
        {
            target.deadLetterQueue = queue
            draft.deadLetterQueuePosition = node.position
        }
        if let node = mapping.optional("queueType"), let text = reader.text(node, what: "'queueType'", rule: rule) {
            if let type = TargetQueueType(rawValue: text) {
                target.queueType = type
            } else {
                let hint = KeySuggestion.hint(for: text, among: ["quorum", "classic"])
                reader.log.error(
                    .invalidValue, at: node.position, rule: rule,
                    "queueType must be quorum or classic, found '\(text)'\(hint)")
            }
        }
        if let node = mapping.optional("maximumDeliveries"),
            let value = reader.integer(node, what: "'maximumDeliveries'", rule: rule)
        {
            target.maximumDeliveries = value
            draft.maximumDeliveriesPosition = node.position
        }
        if let node = mapping.optional("acceptRawPublishes"),
            let accept = reader.boolean(node, what: "'acceptRawPublishes'", rule: rule)
        {
            target.rawPublishes = accept ? .accept : .deadLetter
        }
        let input = readInput(mapping, rule: rule, reader: &reader)
        guard let id else { return nil }
        target.input = input.resolve(targetID: id, rule: rule, log: &reader.log) ?? .event
        draft.target = target
        return draft
    }

    /// `input` (JSON text), `inputPath` and `inputTransformer: {inputPathsMap, inputTemplate}`.
    private func readInput(_ mapping: YAMLMapping, rule: String?, reader: inout DocumentReader) -> TargetInputDraft {
        var draft = TargetInputDraft()
        if let entry = mapping.entry("input"), !entry.value.isNull,
            let text = reader.text(entry.value, what: "'input' (JSON text)", rule: rule)
        {
            draft.input = .init(value: text, keyPosition: entry.keyPosition)
        }
        if let entry = mapping.entry("inputPath"), !entry.value.isNull,
            let text = reader.text(entry.value, what: "'inputPath'", rule: rule)
        {
            draft.inputPath = .init(value: text, keyPosition: entry.keyPosition)
        }
        guard let entry = mapping.entry("inputTransformer"), !entry.value.isNull,
            let transformer = reader.mapping(entry.value, what: "'inputTransformer'", rule: rule)
        else { return draft }
        reader.checkKeys(transformer, known: Self.inputTransformerKeys, in: "inputTransformer", rule: rule)
        var transformerDraft = TargetInputDraft.Transformer(keyPosition: entry.keyPosition)
        if let pathsEntry = transformer.entry("inputPathsMap"), !pathsEntry.value.isNull,
            let paths = reader.mapping(pathsEntry.value, what: "'inputPathsMap'", rule: rule)
        {
            transformerDraft.pathsMapKeyPosition = pathsEntry.keyPosition
            for variable in paths.entries where variable.keyIsText {
                if let path = reader.text(variable.value, what: "the JSONPath of '\(variable.key)'", rule: rule) {
                    transformerDraft.variables.append(
                        .init(name: variable.key, path: path, keyPosition: variable.keyPosition))
                }
            }
        }
        if reader.required("inputTemplate", in: transformer, context: "inputTransformer", rule: rule) != nil,
            let templateEntry = transformer.entry("inputTemplate"),
            let text = reader.text(templateEntry.value, what: "'inputTemplate'", rule: rule)
        {
            transformerDraft.template = .init(value: text, keyPosition: templateEntry.keyPosition)
        }
        draft.transformer = transformerDraft
        return draft
    }

    /// A rule state in EventBridge's spelling; `ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS` (valid in AWS)
    /// counts as enabled, since Warren has no CloudTrail events.
    static func state(_ text: String, at position: SourcePosition, key: String, rule: String?, log: inout ProblemLog)
        -> RuleState?
    {
        if let state = RuleState(rawValue: text) { return state }
        if text == "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS" { return .enabled }
        let hint = KeySuggestion.hint(for: text, among: ["ENABLED", "DISABLED"])
        log.error(.invalidState, at: position, rule: rule, "\(key) must be ENABLED or DISABLED, found '\(text)'\(hint)")
        return nil
    }
}
