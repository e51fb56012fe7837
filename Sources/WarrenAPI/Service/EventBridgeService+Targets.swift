import EventPatterns
import WarrenCore

extension EventBridgeService {
    /// PutTargets: adds targets or replaces those with the same `Id`; a rule has at most five.
    func putTargets(_ call: EventBridgeCall) async throws(EventBridgeError) -> JSONValue {
        let name = call.input.string("Rule") ?? ""
        let targets = try (call.input.structures("Targets") ?? []).map(Self.target)
        try await updateExistingRule(name, bus: call.busName()) { (rule: inout RuleDefinition) throws(EventBridgeError) in
            var merged = rule.targets
            for target in targets {
                if let index = merged.firstIndex(where: { $0.id == target.id }) {
                    merged[index] = target
                } else {
                    merged.append(target)
                }
            }
            if merged.count > Rule.maximumTargets { throw .limitExceeded }
            rule.targets = merged
        }
        return ["FailedEntryCount": 0, "FailedEntries": []]
    }

    /// RemoveTargets: targets that do not exist are ignored.
    func removeTargets(_ call: EventBridgeCall) async throws(EventBridgeError) -> JSONValue {
        let name = call.input.string("Rule") ?? ""
        let ids = Set(call.input.strings("Ids") ?? [])
        try await updateExistingRule(name, bus: call.busName()) { (rule: inout RuleDefinition) throws(EventBridgeError) in
            rule.targets.removeAll { ids.contains($0.id) }
        }
        return ["FailedEntryCount": 0, "FailedEntries": []]
    }

    func listTargetsByRule(_ call: EventBridgeCall) async throws(EventBridgeError) -> JSONValue {
        let rule = try await existingRule(call, nameMember: "Rule")
        // Targets keep the order they were put in; the token counts positions.
        let positioned = rule.targets.enumerated().map { (position: Self.positionKey($0.offset), target: $0.element) }
        let page = try PageToken.page(
            positioned, key: \.position, after: call.input.string("NextToken"), limit: call.input.integer("Limit"),
            operation: .listTargetsByRule)
        return Self.pageOutput("Targets", page.items.map { .object($0.target.definition) }, next: page.nextToken)
    }

    private static func positionKey(_ position: Int) -> String {
        let digits = String(position)
        return String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    /// One member of `Targets`, checked as EventBridge checks it.
    static func target(_ input: ShapeInput) throws(EventBridgeError) -> TargetDefinition {
        let id = input.string("Id") ?? ""
        let arn = input.string("Arn") ?? ""
        if !arn.hasPrefix("arn:") {
            throw .validation("Parameter \(arn) is not valid. Reason: Provided Arn is not in correct format.")
        }
        if arn.contains(":sqs:"), arn.hasSuffix(".fifo"), input.value("SqsParameters") == nil {
            throw .validation("Parameter(s) SqsParameters must be specified for target: \(id).")
        }
        let inputs = ["Input", "InputPath", "InputTransformer"].filter { input.value($0) != nil }
        if inputs.count > 1 {
            throw .validation("Only one of Input, InputPath, or InputTransformer must be provided for target \(id).")
        }
        if let transformer = input.structure("InputTransformer") {
            try checkPlaceholders(transformer, target: id)
        }
        if let deadLetterArn = input.structure("DeadLetterConfig")?.string("Arn"),
            SQSQueueARN(parsing: deadLetterArn) == nil
        {
            // Warren's dead-letter queues are named after the SQS queue of the ARN.
            throw .validation(
                "Parameter DeadLetterConfig.Arn is not valid for target \(id). Reason: it must be an SQS queue ARN, arn:aws:sqs:<region>:<account>:<queue name>."
            )
        }
        return TargetDefinition(id: id, arn: arn, definition: input.withoutNulls)
    }

    /// The variables an input template may use besides those of `InputPathsMap`.
    static let reservedTemplateVariables: Set<String> = [
        "aws.events.rule-arn", "aws.events.rule-name", "aws.events.event.ingestion-time", "aws.events.event",
        "aws.events.event.json",
    ]

    /// Every `<name>` in `InputTemplate` must be a variable of `InputPathsMap` or a reserved one.
    private static func checkPlaceholders(_ transformer: ShapeInput, target: String) throws(EventBridgeError) {
        let template = transformer.string("InputTemplate") ?? ""
        let defined = Set(transformer.structure("InputPathsMap")?.object.keys ?? [])
        var rest = template[...]
        while let open = rest.firstIndex(of: "<") {
            let afterOpen = rest.index(after: open)
            guard let close = rest[afterOpen...].firstIndex(of: ">") else { break }
            let name = String(rest[afterOpen..<close])
            if !name.contains("<"), !defined.contains(name), !reservedTemplateVariables.contains(name) {
                throw .validation("InputTemplate for target \(target) contains invalid placeholder \(name).")
            }
            rest = rest[rest.index(after: close)...]
        }
    }
}
