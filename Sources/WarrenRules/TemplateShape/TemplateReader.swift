import EventPatterns
import WarrenCore
import Yams

/// Reads the rules of an AWS CloudFormation or SAM template: `AWS::Events::Rule` resources, the rules SAM makes
/// for `CloudWatchEvent` and `EventBridgeRule` events of functions, and `AWS::Events::EventBus` resources.
///
/// Other resources and settings that do not concern routing are skipped. Keys of the parts it reads are checked,
/// so a typo is an error; valid settings Warren does not implement are warnings.
struct TemplateReader {
    let resolver: IntrinsicResolver
    let patterns: PatternReader

    /// What the first pass learns about resources that others refer to.
    private struct ResourceFacts {
        var busNames: [String: String] = [:]
        var handlers: [String: String] = [:]
    }

    /// The functions and references of a template, from its `Parameters` (with `context`'s overrides),
    /// `Resources` and `Mappings`.
    static func resolver(
        for top: YAMLMapping, context: TemplateContext, stackName: String, work: LoadWork
    ) -> IntrinsicResolver {
        var resolver = IntrinsicResolver(context: context, stackName: stackName, work: work)
        if case .mapping(let parameters)? = top["Parameters"] {
            for (key, value) in parameters {
                work.count()
                guard let name = key.scalar?.string else { continue }
                var defaultValue: String?
                switch value.value(forKey: "Default") {
                case .scalar(let scalar)?: defaultValue = scalar.string
                case .sequence(let sequence)?: defaultValue = sequence.map { $0.scalar?.string ?? "" }.joined(separator: ",")
                default: break
                }
                resolver.parameters[name] = IntrinsicResolver.Parameter(
                    value: context.parameterOverrides[name] ?? defaultValue,
                    type: value.value(forKey: "Type")?.scalar?.string ?? "String")
            }
        }
        if case .mapping(let resources)? = top["Resources"] {
            for (key, value) in resources {
                work.count()
                guard let name = key.scalar?.string else { continue }
                resolver.resourceTypes[name] = value.value(forKey: "Type")?.scalar?.string ?? ""
                resolver.resourceProperties[name] = value.value(forKey: "Properties")
            }
        }
        resolver.mappings = top["Mappings"]
        return resolver
    }

    func read(_ top: YAMLMapping, reader: inout DocumentReader) -> (buses: [DeclaredBus], rules: [RuleDraft]) {
        reader.checkKeys(
            top, known: TemplateVocabulary.topLevelKeys, in: "the template", rule: nil,
            unknown: .warning(unlessCloseTo: TemplateVocabulary.readTopLevelKeys))
        checkParameterOverrides(reader: &reader)
        guard let resourcesNode = top["Resources"],
            let resources = reader.mapping(resourcesNode, what: "'Resources'", rule: nil)
        else { return ([], []) }

        // SAM's Globals may give every function its Handler.
        let globalHandler = top["Globals"]?.value(forKey: "Function")?.value(forKey: "Handler")?.scalar?.string
        var facts = ResourceFacts()
        var typed: [(entry: YAMLMapping.Entry, type: String, resource: YAMLMapping)] = []
        for entry in resources.entries where entry.keyIsText {
            guard let resource = reader.mapping(entry.value, what: "resource '\(entry.key)'", rule: nil) else {
                continue
            }
            guard let typeNode = reader.required("Type", in: resource, context: "resource '\(entry.key)'", rule: nil),
                let type = reader.text(typeNode, what: "'Type'", rule: nil)
            else { continue }
            if !TemplateVocabulary.readTypes.contains(type),
                let suggestion = KeySuggestion.closest(
                    to: type, among: TemplateVocabulary.readTypes, allowingPrefixes: false, work: reader.work)
            {
                reader.log.error(
                    .invalidValue, at: typeNode.position, rule: nil,
                    "unknown resource type '\(type)'; did you mean '\(suggestion)'?")
                continue
            }
            if type != TemplateVocabulary.ruleType && TemplateVocabulary.readTypes.contains(type) {
                reader.checkKeys(
                    resource, known: TemplateVocabulary.resourceKeys, in: "resource '\(entry.key)'", rule: nil,
                    unknown: .warning(unlessCloseTo: TemplateVocabulary.readResourceKeys))
            }
            let properties = resource["Properties"]?.mapping.map {
                YAMLMapping($0, at: resource.position, work: reader.work)
            }
            switch type {
            case TemplateVocabulary.eventBusType:
                facts.busNames[entry.key] = resolver.name(of: entry.key) ?? entry.key
            case TemplateVocabulary.serverlessFunctionType:
                facts.handlers[entry.key] = properties?["Handler"]?.scalar?.string ?? globalHandler
            case TemplateVocabulary.lambdaFunctionType:
                facts.handlers[entry.key] = properties?["Handler"]?.scalar?.string
            default:
                break
            }
            typed.append((entry, type, resource))
        }

        var buses: [DeclaredBus] = []
        var rules: [RuleDraft] = []
        for (entry, type, resource) in typed {
            switch type {
            case TemplateVocabulary.eventBusType:
                if let node = resource["Properties"],
                    let properties = reader.mapping(node, what: "'Properties'", rule: nil)
                {
                    reader.checkKeys(
                        properties, known: TemplateVocabulary.eventBusProperties, in: "\(type) Properties", rule: nil,
                        unknown: .warning(unlessCloseTo: ["Name"]))
                    if let name = properties["Name"], case .unresolvable(let unresolved) = resolver.evaluate(name) {
                        reader.log.warning(
                            .unresolvedReference, at: name.position, rule: nil,
                            "bus Name cannot be evaluated (\(unresolved.reason)); the bus is named '\(entry.key)'")
                    }
                }
                buses.append(DeclaredBus(name: facts.busNames[entry.key] ?? entry.key, position: entry.keyPosition))
            case TemplateVocabulary.ruleType:
                if let rule = readRule(entry, resource, facts: facts, reader: &reader) { rules.append(rule) }
            case TemplateVocabulary.serverlessFunctionType, TemplateVocabulary.stateMachineType:
                rules += readEventRules(entry, type: type, resource, facts: facts, reader: &reader)
            default:
                break
            }
        }
        reader.reportMissingParameters()
        return (buses, rules)
    }

    /// An override must name a parameter of the template: a misspelt one would leave the `Default` in force.
    private func checkParameterOverrides(reader: inout DocumentReader) {
        let declared = resolver.parameters.keys.sorted()
        for name in resolver.context.parameterOverrides.keys.sorted() where resolver.parameters[name] == nil {
            let hint =
                KeySuggestion.closest(to: name, among: declared, work: reader.work).map { "; did you mean '\($0)'?" }
                ?? (declared.isEmpty
                    ? "; the template has no Parameters" : "; its parameters: \(declared.joined(separator: ", "))")
            reader.log.error(
                .invalidValue, at: SourcePosition(line: 0, column: 0), rule: nil,
                "--parameter-overrides names '\(name)', which is not a parameter of the template\(hint)")
        }
    }

    // MARK: AWS::Events::Rule

    private func readRule(
        _ entry: YAMLMapping.Entry, _ resource: YAMLMapping, facts: ResourceFacts, reader: inout DocumentReader
    ) -> RuleDraft? {
        let logicalID = entry.key
        let context = "resource '\(logicalID)'"
        guard let propertiesNode = reader.required("Properties", in: resource, context: context, rule: logicalID),
            let properties = reader.mapping(propertiesNode, what: "'Properties'", rule: logicalID)
        else {
            reader.checkKeys(
                resource, known: TemplateVocabulary.resourceKeys, in: context, rule: logicalID,
                unknown: .warning(unlessCloseTo: TemplateVocabulary.readResourceKeys))
            return nil
        }
        var name = logicalID
        var namePosition = entry.keyPosition
        if let node = properties["Name"],
            let text = text(
                node, what: "'Name'", rule: logicalID, unresolved: .warning("the rule is named '\(logicalID)'"),
                reader: &reader)
        {
            name = text
            namePosition = node.position
        }
        reader.checkKeys(
            resource, known: TemplateVocabulary.resourceKeys, in: context, rule: name,
            unknown: .warning(unlessCloseTo: TemplateVocabulary.readResourceKeys))
        reader.checkKeys(
            properties, known: TemplateVocabulary.ruleProperties, in: "\(TemplateVocabulary.ruleType) Properties",
            rule: name)
        warnAboutCondition(resource, rule: name, reader: &reader)

        let (bus, busPosition) = readBus(
            properties["EventBusName"], default: entry.keyPosition, facts: facts, rule: name, reader: &reader)
        var description: String?
        if let node = properties.optional("Description") {
            description = text(
                node, what: "'Description'", rule: name, unresolved: .warning("the rule has no description"),
                reader: &reader)
        }
        var state = RuleState.enabled
        if let node = properties.optional("State"),
            let text = text(node, what: "'State'", rule: name, unresolved: .error, reader: &reader)
        {
            state =
                WarrenRulesReader.state(text, at: node.position, key: "State", rule: name, log: &reader.log) ?? .enabled
        }

        let patternNode = properties["EventPattern"]
        if let schedule = properties["ScheduleExpression"] {
            if patternNode == nil {
                reader.log.warning(
                    .unsupported, at: schedule.position, rule: name,
                    "scheduled rules are not supported; the rule is not loaded")
                return nil
            }
            reader.log.warning(
                .unsupported, at: schedule.position, rule: name,
                "ScheduleExpression is not supported and is ignored; the rule matches events only")
        }
        var pattern: EventPattern?
        if let patternNode {
            pattern = patterns.read(patternNode, what: "'EventPattern'", rule: name, reader: &reader)
        } else {
            reader.reportMissing(
                "EventPattern", in: properties, context: "\(TemplateVocabulary.ruleType) Properties", rule: name)
        }

        var targets: [TargetDraft] = []
        if let node = properties.optional("Targets"), let list = reader.sequence(node, what: "'Targets'", rule: name) {
            for item in list {
                if let target = readTarget(item, facts: facts, rule: name, reader: &reader) { targets.append(target) }
            }
        }
        return RuleDraft(
            name: name, namePosition: namePosition, bus: bus, busPosition: busPosition, busMustBeDeclared: false,
            description: description, descriptionPosition: properties["Description"]?.position, state: state,
            pattern: pattern, targets: targets)
    }

    private func readTarget(_ node: Node, facts: ResourceFacts, rule: String, reader: inout DocumentReader)
        -> TargetDraft?
    {
        guard let mapping = reader.mapping(node, what: "a target", rule: rule) else { return nil }
        reader.checkKeys(mapping, known: TemplateVocabulary.targetKeys, in: "target", rule: rule)
        for key in TemplateVocabulary.ignoredTargetKeys {
            guard let entry = mapping.entry(key) else { continue }
            reader.log.warning(
                .unsupported, at: entry.keyPosition, rule: rule, "\(key) is not supported and is ignored")
        }
        var id: String?
        if let node = reader.required("Id", in: mapping, context: "target", rule: rule) {
            id = text(node, what: "target 'Id'", rule: rule, unresolved: .error, reader: &reader)
        }
        var origin: TargetOrigin?
        if let node = reader.required("Arn", in: mapping, context: "target", rule: rule),
            case .reference(let logicalID, _) = resolver.text(of: node)
        {
            origin = TargetOrigin(
                logicalID: logicalID, resourceType: resolver.resourceTypes[logicalID],
                handler: facts.handlers[logicalID])
        }
        var draft = TargetDraft(
            target: RuleTarget(id: id ?? ""), position: mapping.position,
            idPosition: mapping["Id"]?.position ?? mapping.position, origin: origin)
        readRetryPolicy(mapping.optional("RetryPolicy"), into: &draft, rule: rule, reader: &reader)
        if let node = mapping.optional("DeadLetterConfig"),
            let config = reader.mapping(node, what: "'DeadLetterConfig'", rule: rule)
        {
            reader.checkKeys(config, known: TemplateVocabulary.deadLetterConfigKeys, in: "DeadLetterConfig", rule: rule)
            if let arn = reader.required("Arn", in: config, context: "DeadLetterConfig", rule: rule) {
                draft.target.deadLetterQueue = deadLetterQueue(arn, rule: rule, reader: &reader)
                draft.deadLetterQueuePosition = arn.position
            }
        }
        let input = readInput(mapping, rule: rule, reader: &reader)
        guard let id else { return nil }
        draft.target.input = input.resolve(targetID: id, rule: rule, log: &reader.log) ?? .event
        return draft
    }

    // MARK: SAM events

    private func readEventRules(
        _ entry: YAMLMapping.Entry, type: String, _ resource: YAMLMapping, facts: ResourceFacts,
        reader: inout DocumentReader
    ) -> [RuleDraft] {
        let logicalID = entry.key
        guard let eventsNode = resource["Properties"]?.value(forKey: "Events"), !eventsNode.isNull,
            let events = reader.mapping(eventsNode, what: "'Events'", rule: nil)
        else { return [] }
        var rules: [RuleDraft] = []
        for event in events.entries where event.keyIsText {
            guard case .mapping(let eventMapping) = event.value else { continue }
            let eventEntry = YAMLMapping(eventMapping, at: event.value.position, work: reader.work)
            guard let typeNode = eventEntry["Type"], let eventType = typeNode.scalar?.string else { continue }
            let defaultName = logicalID + event.key
            guard TemplateVocabulary.ruleEventTypes.contains(eventType) else {
                if let suggestion = KeySuggestion.closest(
                    to: eventType, among: TemplateVocabulary.ruleEventTypes, allowingPrefixes: false)
                {
                    reader.log.error(
                        .invalidValue, at: typeNode.position, rule: defaultName,
                        "unknown event Type '\(eventType)'; did you mean '\(suggestion)'?")
                }
                continue
            }
            if let rule = readEventRule(
                event, eventEntry, function: logicalID, functionType: type, facts: facts, reader: &reader)
            {
                rules.append(rule)
            }
        }
        return rules
    }

    private func readEventRule(
        _ event: YAMLMapping.Entry, _ eventEntry: YAMLMapping, function: String, functionType: String,
        facts: ResourceFacts, reader: inout DocumentReader
    ) -> RuleDraft? {
        var name = function + event.key
        var namePosition = event.keyPosition
        let context = "event '\(event.key)' of '\(function)'"
        guard let propertiesNode = reader.required("Properties", in: eventEntry, context: context, rule: name),
            let properties = reader.mapping(propertiesNode, what: "'Properties'", rule: name)
        else {
            reader.checkKeys(eventEntry, known: TemplateVocabulary.eventEntryKeys, in: context, rule: name)
            return nil
        }
        if let node = properties["RuleName"],
            let text = text(
                node, what: "'RuleName'", rule: name, unresolved: .warning("the rule is named '\(name)'"),
                reader: &reader)
        {
            name = text
            namePosition = node.position
        }
        reader.checkKeys(eventEntry, known: TemplateVocabulary.eventEntryKeys, in: context, rule: name)
        reader.checkKeys(
            properties, known: TemplateVocabulary.ruleEventProperties, in: "\(context) Properties", rule: name)

        let (bus, busPosition) = readBus(
            properties["EventBusName"], default: event.keyPosition, facts: facts, rule: name, reader: &reader)
        var state = RuleState.enabled
        if let node = properties.optional("State"),
            let text = text(node, what: "'State'", rule: name, unresolved: .error, reader: &reader)
        {
            state =
                WarrenRulesReader.state(text, at: node.position, key: "State", rule: name, log: &reader.log) ?? .enabled
        }
        if let node = properties["Enabled"] {
            if properties["State"] != nil {
                reader.log.error(
                    .invalidValue, at: node.position, rule: name, "specify either Enabled or State, not both")
            } else if let enabled = reader.boolean(node, what: "'Enabled'", rule: name) {
                state = enabled ? .enabled : .disabled
            }
        }
        var pattern: EventPattern?
        if let node = reader.required("Pattern", in: properties, context: "\(context) Properties", rule: name) {
            pattern = patterns.read(node, what: "'Pattern'", rule: name, reader: &reader)
        }

        let suffix = functionType == TemplateVocabulary.stateMachineType ? "StepFunctionsTarget" : "LambdaTarget"
        var id = function + event.key + suffix
        var idPosition = event.keyPosition
        if let node = properties.optional("Target"), let target = reader.mapping(node, what: "'Target'", rule: name) {
            reader.checkKeys(target, known: TemplateVocabulary.samTargetKeys, in: "Target", rule: name)
            if let idNode = target["Id"],
                let text = text(idNode, what: "Target 'Id'", rule: name, unresolved: .error, reader: &reader)
            {
                id = text
                idPosition = idNode.position
            }
        }
        var draft = TargetDraft(
            target: RuleTarget(id: id), position: event.keyPosition, idPosition: idPosition,
            origin: TargetOrigin(logicalID: function, resourceType: functionType, handler: facts.handlers[function]))
        readRetryPolicy(properties.optional("RetryPolicy"), into: &draft, rule: name, reader: &reader)
        draft.target.input =
            readInput(properties, rule: name, reader: &reader).resolve(targetID: id, rule: name, log: &reader.log)
            ?? .event
        if let node = properties.optional("DeadLetterConfig"),
            let config = reader.mapping(node, what: "'DeadLetterConfig'", rule: name)
        {
            reader.checkKeys(
                config, known: TemplateVocabulary.samDeadLetterConfigKeys, in: "DeadLetterConfig", rule: name)
            if let arn = config["Arn"] {
                if config["Type"] != nil {
                    reader.log.error(
                        .invalidValue, at: arn.position, rule: name,
                        "DeadLetterConfig takes either Arn or Type, not both")
                }
                draft.target.deadLetterQueue = deadLetterQueue(arn, rule: name, reader: &reader)
                draft.deadLetterQueuePosition = arn.position
            } else if let typeNode = config["Type"] {
                if let type = reader.text(typeNode, what: "DeadLetterConfig 'Type'", rule: name), type != "SQS" {
                    reader.log.error(
                        .invalidValue, at: typeNode.position, rule: name,
                        "DeadLetterConfig Type must be SQS, found '\(type)'")
                }
                // SAM creates the queue, named by QueueLogicalId or after the function and event.
                var queue = function + event.key + "Queue"
                if let node = config["QueueLogicalId"],
                    let text = reader.text(node, what: "'QueueLogicalId'", rule: name)
                {
                    queue = text
                }
                draft.target.deadLetterQueue = queue
                draft.deadLetterQueuePosition = typeNode.position
            } else {
                reader.log.error(
                    .missingKey, at: config.position, rule: name, "DeadLetterConfig needs Arn, or Type: SQS")
            }
        }
        return RuleDraft(
            name: name, namePosition: namePosition, bus: bus, busPosition: busPosition, busMustBeDeclared: false,
            description: nil, descriptionPosition: nil, state: state, pattern: pattern, targets: [draft])
    }

    // MARK: Shared parts

    private func readRetryPolicy(
        _ node: Node?, into draft: inout TargetDraft, rule: String, reader: inout DocumentReader
    ) {
        guard let node, let policy = reader.mapping(node, what: "'RetryPolicy'", rule: rule) else { return }
        reader.checkKeys(policy, known: TemplateVocabulary.retryPolicyKeys, in: "RetryPolicy", rule: rule)
        if let node = policy.optional("MaximumRetryAttempts"),
            let value = integer(node, what: "'MaximumRetryAttempts'", rule: rule, reader: &reader)
        {
            draft.target.retryPolicy.maximumRetryAttempts = value
            draft.retryAttemptsPosition = node.position
        }
        if let node = policy.optional("MaximumEventAgeInSeconds"),
            let value = integer(node, what: "'MaximumEventAgeInSeconds'", rule: rule, reader: &reader)
        {
            draft.target.retryPolicy.maximumEventAgeInSeconds = value
            draft.eventAgePosition = node.position
        }
    }

    /// `Input` (JSON text), `InputPath` and `InputTransformer` (`InputPathsMap`, `InputTemplate`) of a rule target or
    /// a SAM event, evaluating CloudFormation functions (`!Sub` in a template is common).
    private func readInput(_ mapping: YAMLMapping, rule: String, reader: inout DocumentReader) -> TargetInputDraft {
        var draft = TargetInputDraft()
        if let entry = mapping.entry("Input"), !entry.value.isNull,
            let value = text(entry.value, what: "'Input'", rule: rule, unresolved: .error, reader: &reader)
        {
            draft.input = .init(value: value, keyPosition: entry.keyPosition)
        }
        if let entry = mapping.entry("InputPath"), !entry.value.isNull,
            let value = text(entry.value, what: "'InputPath'", rule: rule, unresolved: .error, reader: &reader)
        {
            draft.inputPath = .init(value: value, keyPosition: entry.keyPosition)
        }
        guard let entry = mapping.entry("InputTransformer"), !entry.value.isNull,
            let transformer = reader.mapping(entry.value, what: "'InputTransformer'", rule: rule)
        else { return draft }
        reader.checkKeys(
            transformer, known: TemplateVocabulary.inputTransformerKeys, in: "InputTransformer", rule: rule)
        var transformerDraft = TargetInputDraft.Transformer(keyPosition: entry.keyPosition)
        if let pathsEntry = transformer.entry("InputPathsMap"), !pathsEntry.value.isNull,
            let paths = reader.mapping(pathsEntry.value, what: "'InputPathsMap'", rule: rule)
        {
            transformerDraft.pathsMapKeyPosition = pathsEntry.keyPosition
            for variable in paths.entries where variable.keyIsText {
                if let path = text(
                    variable.value, what: "the JSONPath of '\(variable.key)'", rule: rule, unresolved: .error,
                    reader: &reader)
                {
                    transformerDraft.variables.append(
                        .init(name: variable.key, path: path, keyPosition: variable.keyPosition))
                }
            }
        }
        if reader.required("InputTemplate", in: transformer, context: "InputTransformer", rule: rule) != nil,
            let templateEntry = transformer.entry("InputTemplate"),
            let value = text(
                templateEntry.value, what: "'InputTemplate'", rule: rule, unresolved: .error, reader: &reader)
        {
            transformerDraft.template = .init(value: value, keyPosition: templateEntry.keyPosition)
        }
        draft.transformer = transformerDraft
        return draft
    }

    /// `EventBusName`: a name, an ARN, or a reference to an `AWS::Events::EventBus` of the template.
    private func readBus(
        _ node: Node?, default position: SourcePosition, facts: ResourceFacts, rule: String,
        reader: inout DocumentReader
    ) -> (String, SourcePosition) {
        guard let node, !node.isNull else { return (EventBusName.default, position) }
        if case .reference(let logicalID, _) = resolver.text(of: node) {
            if let name = facts.busNames[logicalID] { return (name, node.position) }
            let type = resolver.resourceTypes[logicalID].map { " (\($0))" } ?? ""
            reader.log.error(
                .invalidValue, at: node.position, rule: rule,
                "EventBusName refers to '\(logicalID)'\(type), not to an \(TemplateVocabulary.eventBusType)")
            return (EventBusName.default, node.position)
        }
        guard let text = text(node, what: "EventBusName", rule: rule, unresolved: .error, reader: &reader) else {
            return (EventBusName.default, node.position)
        }
        return (EventBusName.name(fromNameOrARN: text), node.position)
    }

    /// The queue name of a `DeadLetterConfig.Arn`: the ARN's last part, or the referenced queue's `QueueName` or
    /// logical ID.
    private func deadLetterQueue(_ node: Node, rule: String, reader: inout DocumentReader) -> String? {
        if case .reference(let logicalID, _) = resolver.text(of: node) {
            return resolver.name(of: logicalID) ?? logicalID
        }
        guard let arn = text(node, what: "DeadLetterConfig Arn", rule: rule, unresolved: .error, reader: &reader)
        else { return nil }
        return arn.split(separator: ":", omittingEmptySubsequences: false).last.map(String.init) ?? arn
    }

    private enum Unresolved {
        case error
        /// A warning that ends with what happens instead.
        case warning(String)
    }

    /// A string setting, evaluating CloudFormation functions (a resource gives its name or ARN); when that is
    /// impossible, an error or a warning.
    private func text(
        _ node: Node, what: String, rule: String, unresolved: Unresolved, reader: inout DocumentReader
    ) -> String? {
        guard resolver.call(in: node) != nil else { return reader.text(node, what: what, rule: rule) }
        let reason: UnresolvedValue
        switch resolver.evaluate(node) {
        case .text(let text): return text
        case .list: reason = UnresolvedValue(reason: "it is a list, not a string")
        case .reference: reason = UnresolvedValue(reason: "it names a resource")
        case .unresolvable(let value): reason = value
        }
        switch unresolved {
        case .error:
            reader.reportUnresolved(
                reason, at: node.position, rule: rule,
                "\(what) cannot be evaluated without deploying the template: \(reason.reason)")
        case .warning(let instead):
            reader.log.warning(
                .unresolvedReference, at: node.position, rule: rule,
                "\(what) cannot be evaluated (\(reason.reason)); \(instead)")
        }
        return nil
    }

    /// A whole-number setting, evaluating CloudFormation functions (a parameter's `Default`).
    private func integer(_ node: Node, what: String, rule: String, reader: inout DocumentReader) -> Int? {
        guard resolver.call(in: node) != nil else { return reader.integer(node, what: what, rule: rule) }
        guard let text = text(node, what: what, rule: rule, unresolved: .error, reader: &reader) else { return nil }
        guard let value = Int(text) else {
            reader.log.error(
                .wrongType, at: node.position, rule: rule, "\(what) must be a whole number, found '\(text)'")
            return nil
        }
        return value
    }

    private func warnAboutCondition(_ resource: YAMLMapping, rule: String, reader: inout DocumentReader) {
        guard let entry = resource.entry("Condition") else { return }
        reader.log.warning(
            .unsupported, at: entry.keyPosition, rule: rule,
            "Condition is not evaluated; the rule is always loaded")
    }
}
