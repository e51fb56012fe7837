import EventPatterns
import Yams

/// Turns an event pattern written as YAML into compact JSON text, keeping YAML's types (see `YAMLScalarTyping`) and
/// the place of every JSON path (`$.detail.result[0]`), so that a problem AWS's validation finds is reported at its
/// line.
///
/// The text is written in one pass and the places are kept as a tree (each node its parent and its path
/// component), so that wide and deep patterns cost time in proportion to their size.
struct PatternYAMLConverter {
    /// One problem that keeps the YAML from becoming JSON, or (a warning) an assumption made on the way.
    struct Problem {
        var code: RulesFileProblem.Code
        var severity: RulesFileProblem.Severity = .error
        var position: SourcePosition
        var message: String
        /// For a template parameter without a value: its name (the loader lists them all in one error).
        var unresolved: UnresolvedValue?
    }

    /// One node of the pattern: where it was written, and its children by path component (`.source`, `[0]`).
    private struct Place {
        var position: SourcePosition
        var children: [String: Int] = [:]
    }

    /// Evaluates CloudFormation functions in a template; nil in Warren's format, where tags are errors.
    let intrinsics: IntrinsicResolver?
    let work: LoadWork
    private var places: [Place] = []
    private(set) var problems: [Problem] = []

    init(intrinsics: IntrinsicResolver?, work: LoadWork) {
        self.intrinsics = intrinsics
        self.work = work
    }

    /// The compact JSON text of `node` (the text EventBridge would receive); nil when some part of it has none (see
    /// `problems`).
    mutating func convert(_ node: Node) -> String? {
        places = [Place(position: node.position)]
        var output = ""
        return write(node, place: 0, to: &output) ? output : nil
    }

    /// Writes `node`'s JSON; false when some part of it has none.
    private mutating func write(_ node: Node, place: Int, to output: inout String) -> Bool {
        work.count()
        if let intrinsics, let call = intrinsics.call(in: node) {
            var assumptions: [String] = []
            let value = intrinsics.evaluate(node, assumptions: &assumptions)
            for assumption in assumptions {
                problems.append(
                    Problem(
                        code: .unresolvedReference, severity: .warning, position: node.position,
                        message: "in an event pattern, \(assumption)"))
            }
            switch value {
            case .text(let text):
                output += JSONValue.string(text).serialized()
                return true
            case .list(let texts):
                output += JSONValue.array(texts.map(JSONValue.string)).serialized()
                return true
            case .reference:
                report(.unresolvedReference, node, "\(call.spelling) in an event pattern could not be evaluated")
            case .unresolvable(let unresolved):
                problems.append(
                    Problem(
                        code: .unresolvedReference, position: node.position,
                        message: "\(call.spelling) in an event pattern: \(unresolved.reason)", unresolved: unresolved))
            }
            return false
        }
        switch node {
        case .mapping(let mapping):
            if let tag = node.localTag { return unsupported(tag, node) }
            // A key written twice as different YAML (`1` and `'1'`) is one JSON key: it keeps its first place and
            // its last value, as JSONObject does.
            var last: [String: Int] = [:]
            for (offset, pair) in mapping.enumerated() {
                if case .scalar(let key) = pair.key, pair.key.localTag == nil { last[key.string] = offset }
            }
            var complete = true
            var written = Set<String>()
            var scratch = ""
            output += "{"
            for (offset, pair) in mapping.enumerated() {
                guard case .scalar(let keyScalar) = pair.key, pair.key.localTag == nil else {
                    report(
                        .wrongType, pair.key, "keys of an event pattern must be text, found \(pair.key.kindDescription)")
                    complete = false
                    continue
                }
                let key = keyScalar.string
                let lastOffset = last[key] ?? offset
                if offset != lastOffset {
                    // Overridden by a later value: still read, for its problems, under a place of its own.
                    places.append(Place(position: pair.value.position))
                    complete = write(pair.value, place: places.count - 1, to: &scratch) && complete
                }
                guard written.insert(key).inserted else { continue }
                if written.count > 1 { output += "," }
                output += JSONValue.string(key).serialized() + ":"
                let value = mapping[lastOffset].value
                let child = self.child(of: place, Self.pathComponent(key), at: value.position)
                complete = write(value, place: child, to: &output) && complete
            }
            output += "}"
            return complete
        case .sequence(let sequence):
            if let tag = node.localTag { return unsupported(tag, node) }
            var complete = true
            output += "["
            for (index, element) in sequence.enumerated() {
                if index > 0 { output += "," }
                let child = self.child(of: place, "[\(index)]", at: element.position)
                complete = write(element, place: child, to: &output) && complete
            }
            output += "]"
            return complete
        case .scalar(let scalar):
            switch YAMLScalarTyping.jsonValue(of: scalar) {
            case .success(let value):
                output += value.serialized()
                return true
            case .failure(let error):
                report(.invalidValue, node, error.message)
                return false
            }
        case .alias:
            report(.invalidValue, node, "unresolved YAML alias in an event pattern")
            return false
        }
    }

    private mutating func child(of parent: Int, _ component: String, at position: SourcePosition) -> Int {
        if let existing = places[parent].children[component] { return existing }
        places.append(Place(position: position))
        places[parent].children[component] = places.count - 1
        return places.count - 1
    }

    /// The place of the deepest node on `path` (a problem's JSON path, such as `$.detail.result[0]`).
    func position(of path: String) -> SourcePosition? {
        guard !places.isEmpty, path.hasPrefix("$") else { return nil }
        var place = 0
        for component in Self.components(of: path.dropFirst()) {
            guard let child = places[place].children[component] else { break }
            place = child
        }
        return places[place].position
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

    /// The components of a path after its `$`: `.name`, `[0]` and `["odd key"]`, as `pathComponent` writes them.
    static func components(of path: Substring) -> [String] {
        var components: [String] = []
        var rest = path.unicodeScalars[...]
        while let first = rest.first {
            var end = rest.index(after: rest.startIndex)
            if first == "[", rest.dropFirst().first == "\"" {
                // A JSON string: up to its closing quote (skipping escapes), then `]`.
                end = rest.index(after: end)
                while end < rest.endIndex, rest[end] != "\"" {
                    if rest[end] == "\\" { end = rest.index(after: end) }
                    if end < rest.endIndex { end = rest.index(after: end) }
                }
                if end < rest.endIndex { end = rest.index(after: end) }
                if end < rest.endIndex, rest[end] == "]" { end = rest.index(after: end) }
            } else {
                let stop: Unicode.Scalar = first == "[" ? "]" : "."
                while end < rest.endIndex, rest[end] != stop, first == "[" || rest[end] != "[" {
                    end = rest.index(after: end)
                }
                if first == "[", end < rest.endIndex { end = rest.index(after: end) }
            }
            components.append(String(String.UnicodeScalarView(rest[rest.startIndex..<end])))
            rest = rest[end...]
        }
        return components
    }

    private mutating func unsupported(_ tag: String, _ node: Node) -> Bool {
        report(.invalidValue, node, "the YAML tag \(tag) cannot be used in an event pattern")
        return false
    }

    private mutating func report(_ code: RulesFileProblem.Code, _ node: Node, _ message: String) {
        problems.append(Problem(code: code, position: node.position, message: message))
    }
}
