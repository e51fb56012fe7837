import Foundation
import Yams

/// The value of a CloudFormation intrinsic function, as far as it is known without deploying the template.
enum IntrinsicValue: Equatable {
    /// A known string: a parameter's `Default`, or a `!Sub`/`!Join` of known strings.
    case text(String)
    /// A resource of the template (`!Ref X`) or one of its attributes (`!GetAtt X.Arn`, `!Sub "${X.Arn}"`).
    case reference(logicalID: String, attribute: String?)
    /// Only known once the stack is deployed (or never); the text says why.
    case unresolvable(String)
}

/// Evaluates the CloudFormation functions Warren can evaluate offline: `Ref` to parameters with a `Default` and
/// to resources, `Fn::GetAtt`, `Fn::Sub` and `Fn::Join` over known strings, in short (`!Ref`) and long
/// (`Ref:`/`Fn::GetAtt:`) form. Everything else (`!ImportValue`, `!If`, pseudo parameters such as
/// `AWS::Region`, ...) is reported as unresolvable, never guessed.
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

    /// Template parameters and their `Default`, when they have one.
    var parameterDefaults: [String: Node?] = [:]
    /// Template resources and their `Type`.
    var resourceTypes: [String: String] = [:]

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

    /// The value of a node that calls a function; nil when it calls none.
    func resolve(_ node: Node) -> IntrinsicValue? {
        call(in: node).map(resolve)
    }

    /// The value of a call.
    func resolve(_ call: Call) -> IntrinsicValue {
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
                return substitute(scalar.string, variables: [:], spelling: call.spelling)
            case .sequence(let sequence) where sequence.count == 2:
                guard let template = sequence[0].scalar?.string, case .mapping(let variables) = sequence[1] else {
                    return .unresolvable("\(call.spelling) needs a string and a mapping of variables")
                }
                var values: [String: Node] = [:]
                for (key, value) in variables { if let name = key.scalar?.string { values[name] = value } }
                return substitute(template, variables: values, spelling: call.spelling)
            default:
                return .unresolvable("\(call.spelling) needs a string, or a string and a mapping of variables")
            }
        case "Join":
            guard case .sequence(let arguments) = call.argument, arguments.count == 2,
                let delimiter = arguments[0].scalar?.string, case .sequence(let parts) = arguments[1]
            else { return .unresolvable("\(call.spelling) needs [delimiter, [values]]") }
            var texts: [String] = []
            for part in parts {
                switch text(of: part) {
                case .text(let text): texts.append(text)
                case .reference(let logicalID, _):
                    return .unresolvable("\(call.spelling) uses '\(logicalID)', which is only known once deployed")
                case .unresolvable(let reason): return .unresolvable(reason)
                }
            }
            return .text(texts.joined(separator: delimiter))
        default:
            return .unresolvable("\(call.spelling) can only be evaluated by deploying the template")
        }
    }

    /// A node as a string value: plain text, or a function that gives one.
    func text(of node: Node) -> IntrinsicValue {
        if let value = resolve(node) { return value }
        if case .scalar(let scalar) = node { return .text(scalar.string) }
        return .unresolvable("expected a string, found \(node.kindDescription)")
    }

    /// `Ref name`.
    private func reference(_ name: String) -> IntrinsicValue {
        if let defaultValue = parameterDefaults[name] {
            guard let text = defaultValue?.scalar?.string else {
                return .unresolvable("parameter '\(name)' has no Default, so its value is only known once deployed")
            }
            return .text(text)
        }
        if resourceTypes[name] != nil { return .reference(logicalID: name, attribute: nil) }
        if name.hasPrefix("AWS::") {
            return .unresolvable("the pseudo parameter \(name) is only known once the stack is deployed")
        }
        return .unresolvable("'\(name)' is neither a parameter nor a resource of the template")
    }

    /// `Fn::Sub`: `${Name}` and `${X.Attr}` replaced, `${!Text}` written as `${Text}`.
    private func substitute(_ template: String, variables: [String: Node], spelling: String) -> IntrinsicValue {
        // A lone `${X}` or `${X.Arn}` naming a resource is that resource.
        if template.hasPrefix("${"), template.hasSuffix("}"), !template.hasPrefix("${!") {
            let name = String(template.dropFirst(2).dropLast())
            if !name.contains("}"), !name.contains("${"), variables[name] == nil {
                let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
                if resourceTypes[parts[0]] != nil {
                    return .reference(logicalID: parts[0], attribute: parts.count == 2 ? parts[1] : nil)
                }
            }
        }
        var output = ""
        var rest = Substring(template)
        while let start = rest.range(of: "${") {
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
            if let node = variables[name] {
                value = text(of: node)
            } else if name.contains(".") {
                value = .unresolvable("${\(name)} in \(spelling) is only known once the stack is deployed")
            } else {
                value = reference(name)
            }
            switch value {
            case .text(let text): output += text
            case .reference(let logicalID, _):
                return .unresolvable("${\(name)} in \(spelling) stands for '\(logicalID)', only known once deployed")
            case .unresolvable(let reason): return .unresolvable(reason)
            }
        }
        return .text(output + rest)
    }
}
