public import EventPatterns

/// A JSONPath into an event, in the subset EventBridge evaluates for `InputPath` and `InputPathsMap`.
///
/// The subset, from the user guide's list ("dot notation, dashes, underscores, alphanumeric characters, array
/// indices, wildcards") and the `InputPath` API doc ("dot notation or bracket notation"):
/// - `$` alone: the whole event;
/// - `.name`: an object member; a name is any run of characters other than `.`, `[`, `]` and white space, so
///   `$.detail-type`, `$.detail.instance-id` and `$.detail.a/b` work;
/// - `['name']` or `["name"]`: a member whose name has other characters (`\'`, `\"` and `\\` escape);
/// - `[2]`: an array element; `[-1]` counts from the end (as Jayway JsonPath, which AWS's Java service is
///   understood to use); the 2023 user guide shows `$.resources[0]` working;
/// - `.*` and `[*]`: every member or element. A path with a wildcard selects a list, as in Jayway: an array of
///   everything it reaches, empty when it reaches nothing.
///
/// Deep scan (`..`), filters (`[?(...)]`), slices (`[1:3]`) and unions (`[0,1]`) are refused when the target is
/// validated rather than evaluated differently from AWS.
public struct EventJSONPath: Sendable, Hashable, CustomStringConvertible {
    /// One step of the path.
    enum Step: Sendable, Hashable {
        case member(String)
        case index(Int)
        case wildcard
    }

    /// The path as written.
    public let text: String
    let steps: [Step]

    /// Parses a path.
    /// - Throws: `EventJSONPathError` saying what is wrong and where.
    public init(parsing text: String) throws(EventJSONPathError) {
        self.text = text
        self.steps = try EventJSONPathParser.steps(of: text)
    }

    /// `$`: the whole event.
    static let wholeEvent = EventJSONPath(text: "$", steps: [])

    private init(text: String, steps: [Step]) {
        self.text = text
        self.steps = steps
    }

    /// Whether the path is `$`, the whole event.
    public var isWholeEvent: Bool { steps.isEmpty }

    /// Whether the path has a wildcard and so selects a list.
    public var selectsList: Bool { steps.contains(.wildcard) }

    /// The value the path selects in `event`, or `nil` when it selects nothing (a member or element that is not
    /// there, a member of something that is not an object). A path with a wildcard always selects an array.
    public func select(in event: JSONValue) -> JSONValue? {
        guard selectsList else {
            var current = event
            for step in steps {
                guard let next = Self.child(of: current, step) else { return nil }
                current = next
            }
            return current
        }
        var found: [JSONValue] = []
        collect(event, from: 0, into: &found)
        return .array(found)
    }

    /// The path as written.
    public var description: String { text }

    private func collect(_ value: JSONValue, from stepIndex: Int, into found: inout [JSONValue]) {
        guard stepIndex < steps.count else {
            found.append(value)
            return
        }
        if case .wildcard = steps[stepIndex] {
            switch value {
            case .object(let object):
                for member in object.members { collect(member.value, from: stepIndex + 1, into: &found) }
            case .array(let elements):
                for element in elements { collect(element, from: stepIndex + 1, into: &found) }
            default:
                return
            }
        } else if let next = Self.child(of: value, steps[stepIndex]) {
            collect(next, from: stepIndex + 1, into: &found)
        }
    }

    private static func child(of value: JSONValue, _ step: Step) -> JSONValue? {
        switch (step, value) {
        case (.member(let name), .object(let object)):
            return object[name]
        case (.index(let index), .array(let elements)):
            let position = index < 0 ? elements.count + index : index
            // Not a ternary: `nil` would become `JSONValue.null`, which is a literal too.
            guard elements.indices.contains(position) else { return nil }
            return elements[position]
        default:
            return nil
        }
    }
}

/// Why a text is not a JSONPath Warren can evaluate.
public struct EventJSONPathError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, for example `'..' (deep scan) is not supported`.
    public var reason: String
    /// The 0-based character offset where the problem is.
    public var offset: Int

    /// `<reason> at character <offset + 1>`.
    public var description: String { "\(reason) at character \(offset + 1)" }
}

/// Reads the path syntax of `EventJSONPath`.
private struct EventJSONPathParser {
    private let characters: [Character]
    private var index = 0

    static func steps(of text: String) throws(EventJSONPathError) -> [EventJSONPath.Step] {
        var parser = EventJSONPathParser(characters: Array(text))
        return try parser.parse()
    }

    private init(characters: [Character]) {
        self.characters = characters
    }

    private func failure(_ reason: String) -> EventJSONPathError {
        EventJSONPathError(reason: reason, offset: index)
    }

    private mutating func parse() throws(EventJSONPathError) -> [EventJSONPath.Step] {
        guard characters.first == "$" else { throw failure("a JSON path must start with '$'") }
        index = 1
        var steps: [EventJSONPath.Step] = []
        while index < characters.count {
            switch characters[index] {
            case ".":
                index += 1
                steps.append(try dotStep())
            case "[":
                index += 1
                steps.append(try bracketStep())
            default:
                throw failure("expected '.' or '[' but found '\(characters[index])'")
            }
        }
        return steps
    }

    /// After a `.`: a name or `*`.
    private mutating func dotStep() throws(EventJSONPathError) -> EventJSONPath.Step {
        guard index < characters.count else { throw failure("a name must follow '.'") }
        if characters[index] == "." { throw failure("'..' (deep scan) is not supported") }
        if characters[index] == "*" {
            index += 1
            return .wildcard
        }
        let start = index
        while index < characters.count, !Self.endsName(characters[index]) { index += 1 }
        guard index > start else {
            throw failure(
                characters[index].isWhitespace ? "a name may not contain white space" : "a name must follow '.'")
        }
        if index < characters.count, characters[index].isWhitespace {
            throw failure("a name may not contain white space; use ['name'] for such a name")
        }
        return .member(String(characters[start..<index]))
    }

    private static func endsName(_ character: Character) -> Bool {
        character == "." || character == "[" || character == "]" || character.isWhitespace
    }

    /// After a `[`: an index, `*` or a quoted name, then `]`.
    private mutating func bracketStep() throws(EventJSONPathError) -> EventJSONPath.Step {
        guard index < characters.count else { throw failure("'[' is not closed") }
        let step: EventJSONPath.Step
        switch characters[index] {
        case "*":
            index += 1
            step = .wildcard
        case "'", "\"":
            step = .member(try quotedName())
        case "?", "(":
            throw failure("filters and expressions are not supported")
        default:
            step = .index(try arrayIndex())
        }
        guard index < characters.count else { throw failure("'[' is not closed") }
        switch characters[index] {
        case "]":
            index += 1
            return step
        case ",":
            throw failure("unions ([a,b]) are not supported")
        case ":":
            throw failure("slices ([a:b]) are not supported")
        default:
            throw failure("expected ']' but found '\(characters[index])'")
        }
    }

    private mutating func quotedName() throws(EventJSONPathError) -> String {
        let quote = characters[index]
        index += 1
        var name = ""
        while index < characters.count {
            let character = characters[index]
            if character == quote {
                index += 1
                return name
            }
            if character == "\\", index + 1 < characters.count {
                index += 1
            }
            name.append(characters[index])
            index += 1
        }
        throw failure("the quoted name is not closed")
    }

    private mutating func arrayIndex() throws(EventJSONPathError) -> Int {
        let start = index
        if characters[index] == "-" { index += 1 }
        let digitsStart = index
        while index < characters.count, let digit = characters[index].wholeNumberValue, digit < 10,
            characters[index].isASCII
        {
            index += 1
        }
        if index == digitsStart {
            if index == characters.count { throw failure("'[' is not closed") }
            if characters[index] == ":" { throw failure("slices ([a:b]) are not supported") }
            throw failure("expected an array index, '*' or a quoted name but found '\(characters[index])'")
        }
        guard let value = Int(String(characters[start..<index])) else {
            index = start
            throw failure("the array index is too large")
        }
        return value
    }
}
