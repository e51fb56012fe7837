/// An `InputTemplate` read once: its shape, and where each `<placeholder>` sits, which decides how a value is
/// written there (the three columns of the spec's substitution table, §5.3).
///
/// A placeholder is `<` + one or more of `[A-Za-z0-9_.-]` + `>`: the characters of variable names and reserved
/// names. Other text between angle brackets (`a < b`, `<a b>`) is literal, since no variable could have that name.
struct InputTemplate: Sendable, Hashable {
    /// What the template is as a whole.
    enum Shape: Sendable, Hashable {
        /// A JSON text (`{...}`, `[...]`, or a bare value such as `<payload>` or `42`) with placeholders as values
        /// or inside its strings; the target receives JSON.
        case json
        /// One JSON string (`"text <v>"`); the target receives a JSON string literal.
        case quotedString
        /// Neither (`<v> single list item`): AWS accepts it and delivers nothing for it.
        case unshaped
    }

    /// Where a placeholder sits.
    enum Position: Sendable, Hashable {
        /// Unquoted, where a JSON value goes: `{"k": <v>}`.
        case jsonValue
        /// Inside a string of a JSON template: `{"path": "users/<v>"}`.
        case insideJSONString
        /// Inside a template that is one quoted string: `"text <v>"`.
        case insideQuotedString
    }

    /// One placeholder.
    struct Placeholder: Sendable, Hashable {
        /// The name between the brackets.
        var name: String
        /// The byte range of `<name>` in the template's UTF-8.
        var range: Range<Int>
        /// Where it sits; `nil` in an unshaped template.
        var position: Position?
    }

    /// Something AWS (or Warren, where AWS's text is not known) refuses when the target is put.
    struct Problem: Sendable, Hashable {
        enum Kind: Sendable, Hashable {
            /// A placeholder as an object key, or inside one.
            case placeholderAsKey
            /// A JSON-only reserved variable inside a string.
            case jsonOnlyVariableInString
            /// A template that starts like JSON (`{` or `[`) but is not.
            case notJSON
        }
        var kind: Kind
        /// The placeholder's name, or the JSON syntax problem.
        var detail: String
    }

    /// The template's UTF-8.
    let bytes: [UInt8]
    let shape: Shape
    /// Every placeholder, in order.
    let placeholders: [Placeholder]
    /// What must be refused; empty for a template that may be put.
    let problems: [Problem]

    /// Reads `text`.
    init(_ text: String) {
        bytes = Array(text.utf8)
        var scanner = InputTemplateScanner(bytes: bytes)
        let structure = scanner.scan()
        var problems = scanner.problems
        switch structure {
        case .success(let isString):
            shape = isString ? .quotedString : .json
            placeholders = scanner.placeholders
        case .failure(let failure):
            let first = bytes.first { !InputTemplateScanner.isWhitespace($0) }
            if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
                problems.append(Problem(kind: .notJSON, detail: failure.reason))
            } else {
                // Not JSON at all: what the attempt to read it as JSON found (keys, strings) does not apply.
                problems.removeAll()
            }
            shape = .unshaped
            placeholders = Self.placeholders(in: bytes)
        }
        self.problems = problems
    }

    /// Every `<name>` in `bytes`, wherever it is.
    static func placeholders(in bytes: [UInt8]) -> [Placeholder] {
        var found: [Placeholder] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "<"), let end = placeholderEnd(in: bytes, at: index) {
                found.append(Placeholder(name: name(in: bytes, index..<end), range: index..<end, position: nil))
                index = end
            } else {
                index += 1
            }
        }
        return found
    }

    /// The index after the placeholder starting at `start` (on its `<`), or `nil` when none starts there.
    static func placeholderEnd(in bytes: [UInt8], at start: Int) -> Int? {
        var index = start + 1
        while index < bytes.count, isNameByte(bytes[index]) { index += 1 }
        guard index > start + 1, index < bytes.count, bytes[index] == UInt8(ascii: ">") else { return nil }
        return index + 1
    }

    static func name(in bytes: [UInt8], _ range: Range<Int>) -> String {
        String(decoding: bytes[(range.lowerBound + 1)..<(range.upperBound - 1)], as: UTF8.self)
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        TargetInputLimits.isVariableNameByte(byte) || byte == UInt8(ascii: ".")
    }
}

/// Reads a template as JSON in which placeholders may stand for values or sit inside strings, recording each
/// placeholder's position. Iterative, so a deeply nested template cannot overflow the stack.
private struct InputTemplateScanner {
    private enum Container {
        case object, array

        var closingByte: UInt8 { self == .object ? UInt8(ascii: "}") : UInt8(ascii: "]") }
    }
    private enum Expectation { case value, key, afterValue }

    let bytes: [UInt8]
    private var index = 0
    private var stack: [Container] = []
    private(set) var placeholders: [InputTemplate.Placeholder] = []
    private(set) var problems: [InputTemplate.Problem] = []

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
            || byte == UInt8(ascii: "\t")
    }

    /// Whether the template is JSON with holes, and if so whether it is one string; or why it is not JSON.
    mutating func scan() -> Result<Bool, ScanFailure> {
        skipWhitespace()
        let isString = index < bytes.count && bytes[index] == UInt8(ascii: "\"")
        var expectation = Expectation.value
        while true {
            skipWhitespace()
            switch expectation {
            case .value:
                guard index < bytes.count else { return .failure(failure("a value is missing at the end")) }
                switch bytes[index] {
                case UInt8(ascii: "<"):
                    guard let end = InputTemplate.placeholderEnd(in: bytes, at: index) else {
                        return .failure(failure("unexpected '<'"))
                    }
                    record(index..<end, .jsonValue)
                    index = end
                    expectation = .afterValue
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    let container: Container = bytes[index] == UInt8(ascii: "{") ? .object : .array
                    index += 1
                    skipWhitespace()
                    if index < bytes.count && bytes[index] == container.closingByte {
                        index += 1
                        expectation = .afterValue
                    } else {
                        stack.append(container)
                        expectation = container == .object ? .key : .value
                    }
                case UInt8(ascii: "\""):
                    if let reason = skipString(isKey: false) { return .failure(reason) }
                    expectation = .afterValue
                case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                    guard skipNumber() else { return .failure(failure("invalid number")) }
                    expectation = .afterValue
                default:
                    guard skipLiteral() else { return .failure(failure("unexpected \(character())")) }
                    expectation = .afterValue
                }
            case .key:
                guard index < bytes.count else { return .failure(failure("an object is not closed")) }
                if bytes[index] == UInt8(ascii: "<"), let end = InputTemplate.placeholderEnd(in: bytes, at: index) {
                    problems.append(.init(kind: .placeholderAsKey, detail: InputTemplate.name(in: bytes, index..<end)))
                    index = end
                } else {
                    guard bytes[index] == UInt8(ascii: "\"") else {
                        return .failure(failure("expected a key in double quotes but found \(character())"))
                    }
                    if let reason = skipString(isKey: true) { return .failure(reason) }
                }
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                    return .failure(failure("expected ':' after a key"))
                }
                index += 1
                expectation = .value
            case .afterValue:
                guard let container = stack.last else {
                    guard index == bytes.count else {
                        return .failure(failure("unexpected \(character()) after the JSON value"))
                    }
                    return .success(isString)
                }
                guard index < bytes.count else {
                    return .failure(
                        failure(container == .object ? "an object is not closed" : "an array is not closed"))
                }
                switch (bytes[index], container) {
                case (UInt8(ascii: ","), .object):
                    index += 1
                    expectation = .key
                case (UInt8(ascii: ","), .array):
                    index += 1
                    expectation = .value
                case (UInt8(ascii: "}"), .object), (UInt8(ascii: "]"), .array):
                    index += 1
                    stack.removeLast()
                default:
                    return .failure(
                        failure("expected ',' or '\(container == .object ? "}" : "]")' but found \(character())"))
                }
            }
        }
    }

    struct ScanFailure: Error {
        var reason: String
    }

    private func failure(_ reason: String) -> ScanFailure {
        ScanFailure(reason: "\(reason) at byte \(index + 1)")
    }

    private func character() -> String {
        guard index < bytes.count else { return "the end" }
        let byte = bytes[index]
        return byte >= 0x20 && byte < 0x7F
            ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16))"
    }

    private mutating func record(_ range: Range<Int>, _ position: InputTemplate.Position) {
        let name = InputTemplate.name(in: bytes, range)
        placeholders.append(.init(name: name, range: range, position: position))
        if position != .jsonValue, ReservedInputVariable(rawValue: name)?.isJSONValueOnly == true {
            problems.append(.init(kind: .jsonOnlyVariableInString, detail: name))
        }
    }

    private mutating func skipWhitespace() {
        while index < bytes.count, Self.isWhitespace(bytes[index]) { index += 1 }
    }

    /// Skips a string whose opening quote is at `index`, recording the placeholders inside; the reason when it is
    /// not a valid JSON string.
    private mutating func skipString(isKey: Bool) -> ScanFailure? {
        let position: InputTemplate.Position = stack.isEmpty ? .insideQuotedString : .insideJSONString
        index += 1
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return nil
            case UInt8(ascii: "\\"):
                guard skipEscape() else { return failure("invalid escape in a string") }
            case UInt8(ascii: "<"):
                if let end = InputTemplate.placeholderEnd(in: bytes, at: index) {
                    if isKey {
                        let name = InputTemplate.name(in: bytes, index..<end)
                        problems.append(.init(kind: .placeholderAsKey, detail: name))
                    } else {
                        record(index..<end, position)
                    }
                    index = end
                } else {
                    index += 1
                }
            case 0..<0x20:
                return failure("control character in a string")
            default:
                index += 1
            }
        }
        return failure("a string is not closed")
    }

    /// Skips the escape whose backslash is at `index`.
    private mutating func skipEscape() -> Bool {
        guard index + 1 < bytes.count else { return false }
        switch bytes[index + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
            UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            index += 2
            return true
        case UInt8(ascii: "u"):
            guard index + 6 <= bytes.count, bytes[(index + 2)..<(index + 6)].allSatisfy(\.isHexDigit) else {
                return false
            }
            index += 6
            return true
        default:
            return false
        }
    }

    /// Skips `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    private mutating func skipNumber() -> Bool {
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, bytes[index].isDigit else { return false }
        if bytes[index] == UInt8(ascii: "0") { index += 1 } else { skipDigits() }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < bytes.count, bytes[index].isDigit else { return false }
            skipDigits()
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard index < bytes.count, bytes[index].isDigit else { return false }
            skipDigits()
        }
        return true
    }

    private mutating func skipDigits() {
        while index < bytes.count, bytes[index].isDigit { index += 1 }
    }

    private mutating func skipLiteral() -> Bool {
        for literal in ["true", "false", "null"] {
            let utf8 = literal.utf8
            if bytes.count - index >= utf8.count, bytes[index..<(index + utf8.count)].elementsEqual(utf8) {
                index += utf8.count
                return true
            }
        }
        return false
    }
}

extension UInt8 {
    fileprivate var isDigit: Bool { self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9") }

    fileprivate var isHexDigit: Bool {
        isDigit || (self | 0x20 >= UInt8(ascii: "a") && self | 0x20 <= UInt8(ascii: "f"))
    }
}
