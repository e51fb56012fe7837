import Yams

/// Why a CloudFormation value cannot be known without deploying the template.
struct UnresolvedValue: Equatable {
    /// Why, in words, naming the reference (`the value of !GetAtt Table.StreamArn (AWS::DynamoDB::Table) is only
    /// known once the stack is deployed`).
    var reason: String
    /// A parameter that has neither a `Default` nor an override: the loader lists every such parameter in one error.
    var missingParameter: String?
    /// Whether `reason` already names the resource whose name could not be evaluated (then references to
    /// resources named after it pass the reason on as it is, rather than nesting it once per resource).
    var namesResource = false
}

/// The value of a CloudFormation intrinsic function, as far as it is known without deploying the template.
enum IntrinsicValue: Equatable {
    /// A known string.
    case text(String)
    /// A known list of strings: a `CommaDelimitedList` parameter, `!Split`, a list in `Mappings`.
    case list([String])
    /// A resource of the template (`!Ref X`) or one of its attributes (`!GetAtt X.Arn`, `!Sub "${X.Arn}"`), before
    /// its value is built: where a target points, which bus or queue a rule names.
    case reference(logicalID: String, attribute: String?)
    /// Only known once the stack is deployed (or never).
    case unresolvable(UnresolvedValue)

    static func unresolvable(_ reason: String) -> IntrinsicValue {
        .unresolvable(UnresolvedValue(reason: reason))
    }
}

/// Evaluates the CloudFormation functions Warren can evaluate without deploying: `Ref` (parameters, with their
/// override or `Default`; pseudo parameters from the `TemplateContext`; resources), `Fn::GetAtt`, `Fn::Sub`,
/// `Fn::Join`, `Fn::Select`, `Fn::Split` and `Fn::FindInMap`, in short (`!Ref`) and long (`Ref:`) form.
///
/// A resource's value is what EventBridge would see once deployed: its name or ARN, built by
/// `TemplateResourceKind` from its name property (or its logical ID, an assumption the caller is told about) in
/// the context's account and region. What only a deployment knows (`!ImportValue`, `!If`, `AWS::StackId`, a
/// generated ID) is reported as unresolvable, with the reason, never guessed.
struct IntrinsicResolver {
    /// One function call found in a node.
    struct Call {
        /// `Ref`, `GetAtt`, `Sub`, ...
        var function: String
        /// As written, for messages: `!GetAtt` or `Fn::GetAtt`.
        var spelling: String
        /// The function's argument (for the short form, the tagged node itself).
        var argument: Node
    }

    /// A template parameter.
    struct Parameter {
        /// The override, else the `Default`; nil when it has neither.
        var value: String?
        /// The parameter's `Type` (`String`, `CommaDelimitedList`, ...).
        var type: String
    }

    /// How deep functions may nest, counting a resource name that refers to another resource's name as one more
    /// level; real templates nest a few, and a bound keeps a hostile template from exhausting the stack.
    static let maximumNesting = 100

    /// What the copies of one resolver share: the names of resources, each evaluated once, when first needed (a
    /// name may refer to another resource's name), and how deep the evaluation is.
    private final class EvaluationState {
        enum Name {
            case named(String)
            case assumed(String)
            case unresolvable(UnresolvedValue)
        }
        var names: [String: Name] = [:]
        var evaluating: Set<String> = []
        var depth = 0
    }

    let context: TemplateContext
    /// `AWS::StackName`.
    let stackName: String
    let work: LoadWork
    /// Template parameters by name.
    var parameters: [String: Parameter] = [:]
    /// Template resources and their `Type`.
    var resourceTypes: [String: String] = [:]
    /// Template resources and their `Properties`.
    var resourceProperties: [String: Node] = [:]
    /// The template's `Mappings`.
    var mappings: Node?
    private let state = EvaluationState()

    init(context: TemplateContext, stackName: String, work: LoadWork) {
        self.context = context
        self.stackName = stackName
        self.work = work
    }

    /// The function a node calls, or nil when it is plain data.
    func call(in node: Node) -> Call? {
        if let tag = node.localTag {
            let name = String(tag.dropFirst())
            return Call(function: name, spelling: tag, argument: node)
        }
        guard case .mapping(let mapping) = node, mapping.count == 1, let key = mapping.first?.key.scalar?.string,
            let value = mapping.first?.value
        else { return nil }
        if key == "Ref" { return Call(function: "Ref", spelling: "Ref", argument: value) }
        if key.hasPrefix("Fn::") { return Call(function: String(key.dropFirst(4)), spelling: key, argument: value) }
        return nil
    }

    /// The value of a node that calls a function (a resource stays a `.reference`); nil when it calls none.
    func resolve(_ node: Node, assumptions: inout [String]) -> IntrinsicValue? {
        call(in: node).map { resolve($0, assumptions: &assumptions) }
    }

    /// A node as a value, one level deep: plain text, or what a function gives (a resource stays a `.reference`).
    func text(of node: Node) -> IntrinsicValue {
        var ignored: [String] = []
        if let value = resolve(node, assumptions: &ignored) { return value }
        if case .scalar(let scalar) = node { return .text(scalar.string) }
        return .unresolvable("expected a string, found \(node.kindDescription)")
    }

    /// A node's full value: plain text, or what a function gives, with resources turned into their name or ARN.
    /// `assumptions` receives what was assumed on the way (a name taken from a logical ID).
    func evaluate(_ node: Node, assumptions: inout [String]) -> IntrinsicValue {
        work.count()
        guard state.depth < Self.maximumNesting else {
            return .unresolvable("functions and the names they refer to nest more than \(Self.maximumNesting) deep")
        }
        state.depth += 1
        defer { state.depth -= 1 }
        guard let value = resolve(node, assumptions: &assumptions) else {
            if case .scalar(let scalar) = node, !node.isNull { return .text(scalar.string) }
            return .unresolvable("expected a string, found \(node.kindDescription)")
        }
        guard case .reference(let logicalID, let attribute) = value else { return value }
        return self.value(of: logicalID, attribute: attribute, assumptions: &assumptions)
    }

    /// `evaluate`, ignoring assumptions.
    func evaluate(_ node: Node) -> IntrinsicValue {
        var ignored: [String] = []
        return evaluate(node, assumptions: &ignored)
    }

    /// The name of a resource: its name property, else its logical ID; nil when its name property cannot be
    /// evaluated.
    func name(of logicalID: String) -> String? {
        switch resourceName(logicalID) {
        case .named(let name), .assumed(let name): name
        case .unresolvable: nil
        }
    }

    // MARK: Functions

    private func resolve(_ call: Call, assumptions: inout [String]) -> IntrinsicValue {
        work.count()
        switch call.function {
        case "Ref":
            guard let name = call.argument.scalar?.string else { return .unresolvable("\(call.spelling) needs a name") }
            return reference(name)
        case "GetAtt":
            let parts: [String]
            switch call.argument {
            case .scalar(let scalar):
                guard let dot = scalar.string.firstIndex(of: ".") else {
                    return .unresolvable("\(call.spelling) needs LogicalId.Attribute")
                }
                parts = [String(scalar.string[..<dot]), String(scalar.string[scalar.string.index(after: dot)...])]
            case .sequence(let sequence):
                parts = sequence.compactMap { $0.scalar?.string }
                guard parts.count == 2, sequence.count == 2 else {
                    return .unresolvable("\(call.spelling) needs [LogicalId, Attribute]")
                }
            default:
                return .unresolvable("\(call.spelling) needs LogicalId.Attribute")
            }
            guard resourceTypes[parts[0]] != nil else {
                return .unresolvable("\(call.spelling) names '\(parts[0])', which is not a resource of the template")
            }
            return .reference(logicalID: parts[0], attribute: parts[1])
        case "Sub":
            switch call.argument {
            case .scalar(let scalar):
                return substitute(scalar.string, variables: [:], spelling: call.spelling, assumptions: &assumptions)
            case .sequence(let sequence) where sequence.count == 2:
                guard let template = sequence[0].scalar?.string, case .mapping(let variables) = sequence[1] else {
                    return .unresolvable("\(call.spelling) needs a string and a mapping of variables")
                }
                var values: [String: Node] = [:]
                for (key, value) in variables { if let name = key.scalar?.string { values[name] = value } }
                return substitute(template, variables: values, spelling: call.spelling, assumptions: &assumptions)
            default:
                return .unresolvable("\(call.spelling) needs a string, or a string and a mapping of variables")
            }
        case "Join":
            guard case .sequence(let arguments) = call.argument, arguments.count == 2,
                let delimiter = arguments[0].scalar?.string
            else { return .unresolvable("\(call.spelling) needs [delimiter, [values]]") }
            switch list(arguments[1], spelling: call.spelling, assumptions: &assumptions) {
            case .list(let texts): return .text(texts.joined(separator: delimiter))
            case let other: return other
            }
        case "Select":
            guard case .sequence(let arguments) = call.argument, arguments.count == 2 else {
                return .unresolvable("\(call.spelling) needs [index, [values]]")
            }
            let index: Int
            switch evaluate(arguments[0], assumptions: &assumptions) {
            case .text(let text):
                guard let number = Int(text), number >= 0 else {
                    return .unresolvable("\(call.spelling) needs a whole number as its index, found '\(text)'")
                }
                index = number
            case .unresolvable(let unresolved): return .unresolvable(unresolved)
            default: return .unresolvable("\(call.spelling) needs a whole number as its index")
            }
            if case .sequence(let elements) = arguments[1], self.call(in: arguments[1]) == nil {
                // A written list: only the chosen element is evaluated.
                guard index < elements.count else {
                    return .unresolvable("\(call.spelling) index \(index) is past the end of its \(elements.count) values")
                }
                return evaluate(elements[index], assumptions: &assumptions)
            }
            switch list(arguments[1], spelling: call.spelling, assumptions: &assumptions) {
            case .list(let texts):
                guard index < texts.count else {
                    return .unresolvable("\(call.spelling) index \(index) is past the end of its \(texts.count) values")
                }
                return .text(texts[index])
            case let other: return other
            }
        case "Split":
            guard case .sequence(let arguments) = call.argument, arguments.count == 2,
                let delimiter = arguments[0].scalar?.string, !delimiter.isEmpty
            else { return .unresolvable("\(call.spelling) needs [delimiter, string]") }
            switch evaluate(arguments[1], assumptions: &assumptions) {
            case .text(let text):
                return .list(text.split(separator: delimiter, omittingEmptySubsequences: false).map(String.init))
            case .list: return .unresolvable("\(call.spelling) needs a string to split, found a list")
            case let other: return other
            }
        case "FindInMap":
            return findInMap(call, assumptions: &assumptions)
        case "If", "Equals", "Not", "And", "Or", "Condition":
            return .unresolvable(
                "\(call.spelling) depends on the template's Conditions, which Warren does not evaluate")
        default:
            return .unresolvable("\(call.spelling) can only be evaluated by deploying the template")
        }
    }

    /// A list argument: a written list of strings, or a function that gives a list.
    private func list(_ node: Node, spelling: String, assumptions: inout [String]) -> IntrinsicValue {
        if case .sequence(let elements) = node, call(in: node) == nil {
            var texts: [String] = []
            for element in elements {
                switch evaluate(element, assumptions: &assumptions) {
                case .text(let text): texts.append(text)
                case .list: return .unresolvable("\(spelling) takes strings, found a list in its list")
                case let other: return other
                }
            }
            return .list(texts)
        }
        switch evaluate(node, assumptions: &assumptions) {
        case .text: return .unresolvable("\(spelling) needs a list, found a string")
        case let other: return other
        }
    }

    /// `Fn::FindInMap: [MapName, TopLevelKey, SecondLevelKey]` over the template's `Mappings`.
    private func findInMap(_ call: Call, assumptions: inout [String]) -> IntrinsicValue {
        guard case .sequence(let arguments) = call.argument, arguments.count == 3 else {
            return .unresolvable("\(call.spelling) needs [MapName, TopLevelKey, SecondLevelKey]")
        }
        var keys: [String] = []
        for argument in arguments {
            switch evaluate(argument, assumptions: &assumptions) {
            case .text(let key): keys.append(key)
            case .unresolvable(let unresolved): return .unresolvable(unresolved)
            default: return .unresolvable("\(call.spelling) needs strings as keys")
            }
        }
        guard let found = mappings?.value(forKey: keys[0])?.value(forKey: keys[1])?.value(forKey: keys[2]) else {
            return .unresolvable("\(call.spelling): Mappings has no \(keys.joined(separator: " > "))")
        }
        if case .sequence = found, self.call(in: found) == nil {
            return list(found, spelling: call.spelling, assumptions: &assumptions)
        }
        return evaluate(found, assumptions: &assumptions)
    }

    /// `Ref name`: a parameter, a pseudo parameter or a resource.
    private func reference(_ name: String) -> IntrinsicValue {
        if let parameter = parameters[name] {
            guard let value = parameter.value else {
                return .unresolvable(
                    UnresolvedValue(
                        reason: "parameter '\(name)' has no Default and no override", missingParameter: name))
            }
            if parameter.type.hasPrefix("AWS::SSM::Parameter::Value<") {
                return .unresolvable(
                    "parameter '\(name)' (\(parameter.type)) is read from Systems Manager Parameter Store when the "
                        + "stack is deployed")
            }
            if parameter.type == "CommaDelimitedList" || parameter.type.hasPrefix("List<") {
                return .list(value.split(separator: ",", omittingEmptySubsequences: false).map(String.init))
            }
            return .text(value)
        }
        if resourceTypes[name] != nil { return .reference(logicalID: name, attribute: nil) }
        switch name {
        case "AWS::AccountId": return .text(context.account)
        case "AWS::Region": return .text(context.region)
        case "AWS::StackName": return .text(stackName)
        case "AWS::Partition": return .text(context.partition)
        case "AWS::URLSuffix": return .text(context.urlSuffix)
        case "AWS::StackId", "AWS::NotificationARNs":
            return .unresolvable("the pseudo parameter \(name) is only known once the stack is deployed")
        case "AWS::NoValue":
            return .unresolvable("AWS::NoValue only means something inside Fn::If, which Warren does not evaluate")
        default:
            if name.hasPrefix("AWS::") { return .unresolvable("\(name) is not a pseudo parameter") }
            return .unresolvable("'\(name)' is neither a parameter nor a resource of the template")
        }
    }

    /// `Fn::Sub`: `${Name}` and `${X.Attr}` replaced, `${!Text}` written as `${Text}`.
    private func substitute(
        _ template: String, variables: [String: Node], spelling: String, assumptions: inout [String]
    ) -> IntrinsicValue {
        // A lone `${X}` or `${X.Arn}` naming a resource is that resource.
        if template.hasPrefix("${"), template.hasSuffix("}"), !template.hasPrefix("${!") {
            let name = String(template.dropFirst(2).dropLast())
            if !name.contains("}"), !name.contains("${"), variables[name] == nil {
                let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
                if let first = parts.first, resourceTypes[first] != nil {
                    return .reference(logicalID: first, attribute: parts.count == 2 ? parts[1] : nil)
                }
            }
        }
        // Each variable is evaluated once, however often it is used.
        var evaluated: [String: IntrinsicValue] = [:]
        var output = ""
        var rest = Substring(template)
        while let start = rest.range(of: "${") {
            work.count()
            output += rest[..<start.lowerBound]
            rest = rest[start.upperBound...]
            if rest.hasPrefix("!") {
                output += "${"
                rest = rest.dropFirst()
                continue
            }
            guard let end = rest.firstIndex(of: "}") else {
                output += "${"
                continue
            }
            let name = String(rest[..<end])
            rest = rest[rest.index(after: end)...]
            let value: IntrinsicValue
            if let known = evaluated[name] {
                value = known
            } else {
                if let node = variables[name] {
                    value = evaluate(node, assumptions: &assumptions)
                } else if let dot = name.firstIndex(of: "."), resourceTypes[String(name[..<dot])] != nil {
                    value = self.value(
                        of: String(name[..<dot]), attribute: String(name[name.index(after: dot)...]),
                        assumptions: &assumptions)
                } else if name.contains(".") {
                    value = .unresolvable("${\(name)} in \(spelling) names no resource of the template")
                } else {
                    switch reference(name) {
                    case .reference(let logicalID, let attribute):
                        value = self.value(of: logicalID, attribute: attribute, assumptions: &assumptions)
                    case let other: value = other
                    }
                }
                evaluated[name] = value
            }
            switch value {
            case .text(let text): output += text
            case .list: return .unresolvable("${\(name)} in \(spelling) is a list, not a string")
            case .reference: return .unresolvable("${\(name)} in \(spelling) could not be evaluated")
            case .unresolvable(let unresolved): return .unresolvable(unresolved)
            }
        }
        return .text(output + rest)
    }

    // MARK: Resources

    /// The value of `!Ref X` (`attribute` nil) or `!GetAtt X.attribute`.
    private func value(of logicalID: String, attribute: String?, assumptions: inout [String]) -> IntrinsicValue {
        let type = resourceTypes[logicalID] ?? ""
        let kind = TemplateResourceKind.of(type)
        let written = attribute.map { "!GetAtt \(logicalID).\($0)" } ?? "!Ref \(logicalID)"
        let build = attribute.map { kind?.attributes[$0] } ?? kind?.reference
        guard let build else {
            return .unresolvable("the value of \(written) (\(type)) is only known once the stack is deployed")
        }
        let environment = TemplateResourceKind.Environment(
            partition: context.partition, region: context.region, account: context.account,
            urlSuffix: context.urlSuffix)
        switch resourceName(logicalID) {
        case .named(let name):
            return .text(build(name, environment))
        case .assumed(let name):
            let property = kind?.nameProperty ?? "name"
            assumptions.append(
                "'\(logicalID)' has no \(property), so \(written) takes its name to be '\(name)' (a deployed stack "
                    + "generates one)")
            return .text(build(name, environment))
        case .unresolvable(let unresolved):
            guard !unresolved.namesResource else { return .unresolvable(unresolved) }
            return .unresolvable(
                UnresolvedValue(
                    reason: "\(written) needs the name of '\(logicalID)': \(unresolved.reason)",
                    missingParameter: unresolved.missingParameter, namesResource: true))
        }
    }

    /// A resource's name, evaluated once: its name property, else its logical ID.
    private func resourceName(_ logicalID: String) -> EvaluationState.Name {
        if let known = state.names[logicalID] { return known }
        guard state.evaluating.insert(logicalID).inserted else {
            return .unresolvable(UnresolvedValue(reason: "the name of '\(logicalID)' refers to itself"))
        }
        let type = resourceTypes[logicalID] ?? ""
        let nameProperty = TemplateResourceKind.of(type)?.nameProperty
        let name: EvaluationState.Name
        if let nameProperty, let node = resourceProperties[logicalID]?.value(forKey: nameProperty), !node.isNull {
            switch evaluate(node) {
            case .text(let text): name = .named(text)
            case .unresolvable(let unresolved): name = .unresolvable(unresolved)
            default: name = .unresolvable(UnresolvedValue(reason: "its \(nameProperty) is not a string"))
            }
        } else if type == TemplateVocabulary.queueType,
            let fifo = resourceProperties[logicalID]?.value(forKey: "FifoQueue")?.scalar?.string,
            fifo.lowercased() == "true"
        {
            name = .assumed(logicalID + ".fifo")
        } else {
            name = .assumed(logicalID)
        }
        state.evaluating.remove(logicalID)
        state.names[logicalID] = name
        return name
    }
}
