import EventPatterns
import Yams

/// Turns an event pattern written as YAML into JSON, keeping YAML's types (see `YAMLScalarTyping`) and the place
/// of every JSON path (`$.detail.result[0]`), so that a problem AWS's validation finds is reported at its line.
struct PatternYAMLConverter {
    /// One problem that keeps the YAML from becoming JSON.
    struct Problem {
        var code: RulesFileProblem.Code
        var position: SourcePosition
        var message: String
    }

    /// Evaluates CloudFormation functions in a template; nil in Warren's format, where tags are errors.
    let intrinsics: IntrinsicResolver?
    /// Each JSON path with the place of its node, in document order.
    private(set) var places: [(path: String, position: SourcePosition)] = []
    private(set) var problems: [Problem] = []

    init(intrinsics: IntrinsicResolver?) {
        self.intrinsics = intrinsics
    }

    /// The JSON value of `node`; nil when some part of it has none (see `problems`).
    mutating func convert(_ node: Node, path: String = "$") -> JSONValue? {
        places.append((path, node.position))
        if let intrinsics, let call = intrinsics.call(in: node) {
            switch intrinsics.resolve(call) {
            case .text(let text):
                return .string(text)
            case .reference(let logicalID, let attribute):
                let name = attribute.map { "\(logicalID).\($0)" } ?? logicalID
                report(
                    .unresolvedReference, node,
                    "\(call.spelling) \(name) cannot be used in an event pattern: its value is only known once the "
                        + "stack is deployed; write the value itself")
            case .unresolvable(let reason):
                report(.unresolvedReference, node, "\(call.spelling) in an event pattern: \(reason)")
            }
            return nil
        }
        switch node {
        case .mapping(let mapping):
            if let tag = node.localTag { return unsupported(tag, node) }
            var object = JSONObject()
            var complete = true
            for (key, value) in mapping {
                guard case .scalar(let keyScalar) = key, key.localTag == nil else {
                    report(.wrongType, key, "keys of an event pattern must be text, found \(key.kindDescription)")
                    complete = false
                    continue
                }
                if let converted = convert(value, path: path + Self.pathComponent(keyScalar.string)) {
                    object[keyScalar.string] = converted
                } else {
                    complete = false
                }
            }
            return complete ? .object(object) : nil
        case .sequence(let sequence):
            if let tag = node.localTag { return unsupported(tag, node) }
            var elements: [JSONValue] = []
            var complete = true
            for (index, element) in sequence.enumerated() {
                if let converted = convert(element, path: path + "[\(index)]") {
                    elements.append(converted)
                } else {
                    complete = false
                }
            }
            return complete ? .array(elements) : nil
        case .scalar(let scalar):
            switch YAMLScalarTyping.jsonValue(of: scalar) {
            case .success(let value):
                return value
            case .failure(let error):
                report(.invalidValue, node, error.message)
                return nil
            }
        case .alias:
            report(.invalidValue, node, "unresolved YAML alias in an event pattern")
            return nil
        }
    }

    /// The place recorded for the deepest path that contains `path` (a problem's JSON path).
    func position(of path: String) -> SourcePosition? {
        var best: (length: Int, position: SourcePosition)?
        for place in places {
            let length = place.path.utf8.count
            guard length > best?.length ?? -1 else { continue }
            if path == place.path || path.hasPrefix(place.path + ".") || path.hasPrefix(place.path + "[") {
                best = (length, place.position)
            }
        }
        return best?.position
    }

    /// A key as EventPatterns writes it in problem paths: `.name`, or `["odd key"]`.
    static func pathComponent(_ key: String) -> String {
        let plain =
            !key.isEmpty
            && key.unicodeScalars.allSatisfy { scalar in
                scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-"
                    || scalar == "$"
            }
        return plain ? "." + key : "[" + JSONValue.string(key).serialized() + "]"
    }

    private mutating func unsupported(_ tag: String, _ node: Node) -> JSONValue? {
        report(.invalidValue, node, "the YAML tag \(tag) cannot be used in an event pattern")
        return nil
    }

    private mutating func report(_ code: RulesFileProblem.Code, _ node: Node, _ message: String) {
        problems.append(Problem(code: code, position: node.position, message: message))
    }
}
