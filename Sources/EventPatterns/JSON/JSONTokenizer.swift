/// A pull tokenizer for UTF-8 JSON that behaves like Jackson's streaming parser wherever EventBridge users can see
/// it: the same tokens, the same error messages and the same reported positions.
///
/// Two Jackson habits shape the positions: after a field name Jackson has already read the start of the value (so
/// an error about the name points past it), and a string value is read lazily (so its position is just after the
/// opening quote until someone asks for its text). Both are reproduced because AWS's error texts carry them.
///
/// The tokenizer checks syntax only; what a pattern or an event means is up to its callers. Containers nest at most
/// `maximumDepth` deep, like Jackson 2.15+ and EventBridge ("nesting deeper than 1000 levels is not processed").
struct JSONTokenizer {
    /// A token, as Jackson's `JsonToken`.
    enum Token: Equatable, Sendable {
        case startObject, endObject, startArray, endArray, fieldName
        case string, number, trueValue, falseValue, null
        case endOfInput

        /// Whether the token is a complete scalar value.
        var isScalar: Bool {
            switch self {
            case .string, .number, .trueValue, .falseValue, .null: true
            default: false
            }
        }
    }

    private enum ContainerKind {
        case object, array

        /// Jackson's `JsonStreamContext.typeDesc()`.
        var typeDescription: String {
            switch self {
            case .object: "Object"
            case .array: "Array"
            }
        }
    }

    private struct Container {
        var kind: ContainerKind
        var entries: Int
        var startOffset: Int
    }

    /// The deepest nesting accepted.
    static let maximumDepth = 1000

    /// The text being tokenized.
    let bytes: [UInt8]
    /// Jackson's input pointer: the offset its "current location" reports.
    private(set) var position = 0
    /// The offset of the current token's first byte.
    private(set) var tokenOffset = 0
    /// The last token returned.
    private(set) var currentToken: Token?
    /// The name of the current field, valid after `.fieldName` and during its value.
    private(set) var currentName = ""
    /// The lexeme of the current number.
    private(set) var numberRange: Range<Int> = 0..<0

    private var containers: [Container] = []
    private var storedValueToken: Token?
    private var pendingStringStart: Int?
    private var completedString: String?

    /// Creates a tokenizer over `bytes`; a leading UTF-8 byte order mark is skipped when `skippingByteOrderMark`.
    init(bytes: [UInt8], skippingByteOrderMark: Bool = false) {
        self.bytes = bytes
        if skippingByteOrderMark, bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            position = 3
        }
    }

    /// How many containers are open.
    var depth: Int { containers.count }

    /// The current number's lexeme.
    var numberText: String {
        String(decoding: bytes[numberRange], as: UTF8.self)
    }

    // MARK: Tokens

    /// Reads the next token; `.endOfInput` once the input is exhausted at the top level.
    mutating func next() throws(JSONSyntaxError) -> Token {
        if let stored = storedValueToken {
            storedValueToken = nil
            try enter(stored, at: tokenOffset)
            currentToken = stored
            return stored
        }
        if pendingStringStart != nil { _ = try completeString(decoding: false) }
        completedString = nil
        guard var byte = try skipWhitespace() else { return try endOfInput() }
        if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") {
            return try close(with: byte)
        }
        if let top = containers.last, top.entries > 0 {
            guard byte == UInt8(ascii: ",") else {
                throw unexpected(at: position, "was expecting comma to separate \(top.kind.typeDescription) entries")
            }
            position += 1
            guard let afterComma = try skipWhitespace() else {
                throw endOfInputError(" within/between \(top.kind.typeDescription) entries")
            }
            byte = afterComma
        }
        if !containers.isEmpty { containers[containers.count - 1].entries += 1 }
        if containers.last?.kind == .object {
            guard byte == UInt8(ascii: "\"") else {
                throw unexpected(at: position, "was expecting double-quote to start field name")
            }
            position += 1
            currentName = try readString(isName: true)
            guard let colon = try skipWhitespace() else { throw endOfInputError(" within/between Object entries") }
            guard colon == UInt8(ascii: ":") else {
                throw unexpected(at: position, "was expecting a colon to separate field name and value")
            }
            position += 1
            guard let valueStart = try skipWhitespace() else { throw endOfInputError(" within/between Object entries") }
            tokenOffset = position
            storedValueToken = try readValueStart(valueStart)
            currentToken = .fieldName
            return .fieldName
        }
        tokenOffset = position
        let token = try readValueStart(byte)
        try enter(token, at: tokenOffset)
        currentToken = token
        return token
    }

    /// The current string value's text. Reading it moves the position past the closing quote, as in Jackson.
    mutating func stringValue() throws(JSONSyntaxError) -> String {
        if let completedString { return completedString }
        let text = try completeString(decoding: true) ?? ""
        completedString = text
        return text
    }

    /// Skips the rest of the current container when the current token opens one, as Jackson's `skipChildren()`.
    mutating func skipChildren() throws(JSONSyntaxError) {
        guard currentToken == .startObject || currentToken == .startArray else { return }
        var open = 1
        while open > 0 {
            switch try next() {
            case .startObject, .startArray: open += 1
            case .endObject, .endArray: open -= 1
            case .endOfInput: return
            default: break
            }
        }
    }

    /// Whether only whitespace follows the current position.
    mutating func isAtEndOfInput() throws(JSONSyntaxError) -> Bool {
        if pendingStringStart != nil { _ = try completeString(decoding: false) }
        return try skipWhitespace() == nil
    }

    // MARK: Containers

    private mutating func enter(_ token: Token, at offset: Int) throws(JSONSyntaxError) {
        let kind: ContainerKind
        switch token {
        case .startObject: kind = .object
        case .startArray: kind = .array
        default: return
        }
        guard containers.count < Self.maximumDepth else {
            throw JSONSyntaxError(
                reason: "Document nesting depth (\(containers.count + 1)) exceeds the maximum allowed "
                    + "(\(Self.maximumDepth), from `StreamReadConstraints.getMaxNestingDepth()`)",
                offset: position
            )
        }
        containers.append(Container(kind: kind, entries: 0, startOffset: offset))
    }

    private mutating func close(with byte: UInt8) throws(JSONSyntaxError) -> Token {
        let isObjectEnd = byte == UInt8(ascii: "}")
        tokenOffset = position
        guard let top = containers.last else {
            // Jackson's root context is neither an object nor an array, so it names the other marker.
            throw JSONSyntaxError(
                reason: "Unexpected close marker '\(Character(Unicode.Scalar(byte)))': expected "
                    + "'\(isObjectEnd ? "]" : "}")' (for root starting at \(sourceReference(at: -1)))",
                offset: position + 1
            )
        }
        if (top.kind == .object) != isObjectEnd {
            let expected = top.kind == .object ? "}" : "]"
            throw JSONSyntaxError(
                reason: "Unexpected close marker '\(Character(Unicode.Scalar(byte)))': expected '\(expected)' (for "
                    + "\(top.kind.typeDescription) starting at \(sourceReference(at: top.startOffset)))",
                offset: position + 1
            )
        }
        position += 1
        containers.removeLast()
        let token: Token = isObjectEnd ? .endObject : .endArray
        currentToken = token
        return token
    }

    private mutating func endOfInput() throws(JSONSyntaxError) -> Token {
        if let top = containers.last {
            throw endOfInputError(
                ": expected close marker for \(top.kind.typeDescription) (start marker at "
                    + "\(sourceReference(at: top.startOffset)))"
            )
        }
        currentToken = .endOfInput
        return .endOfInput
    }

    // MARK: Values

    private mutating func readValueStart(_ byte: UInt8) throws(JSONSyntaxError) -> Token {
        switch byte {
        case UInt8(ascii: "\""):
            position += 1
            pendingStringStart = position
            return .string
        case UInt8(ascii: "["):
            position += 1
            return .startArray
        case UInt8(ascii: "{"):
            position += 1
            return .startObject
        case UInt8(ascii: "t"):
            try matchKeyword("true")
            return .trueValue
        case UInt8(ascii: "f"):
            try matchKeyword("false")
            return .falseValue
        case UInt8(ascii: "n"):
            try matchKeyword("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            try readNumber()
            return .number
        case UInt8(ascii: "}"), UInt8(ascii: ","):
            throw unexpected(at: position, "expected a value")
        case UInt8(ascii: "]") where containers.last?.kind == .array:
            throw unexpected(at: position, "expected a value")
        case UInt8(ascii: "N"), UInt8(ascii: "I"):
            let keyword = byte == UInt8(ascii: "N") ? "NaN" : "Infinity"
            if hasPrefix(keyword, at: position) && !isIdentifierPart(at: position + keyword.utf8.count) {
                position += keyword.utf8.count
                throw JSONSyntaxError(
                    reason: "Non-standard token '\(keyword)': enable `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to allow",
                    offset: position
                )
            }
            throw unrecognizedToken(startingAt: position)
        case UInt8(ascii: "+"):
            throw JSONSyntaxError(
                reason: "Unexpected character ('+' (code 43)) in numeric value: JSON spec does not allow numbers to "
                    + "have plus signs: enable `JsonReadFeature.ALLOW_LEADING_PLUS_SIGN_FOR_NUMBERS` to allow",
                offset: position
            )
        default:
            if isIdentifierStart(at: position) { throw unrecognizedToken(startingAt: position) }
            throw unexpected(
                at: position,
                "expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')"
            )
        }
    }

    private mutating func matchKeyword(_ keyword: StaticString) throws(JSONSyntaxError) {
        let start = position
        let length = keyword.utf8CodeUnitCount
        let matches = keyword.withUTF8Buffer { expected in
            guard start + expected.count <= bytes.count else { return false }
            for offset in 0..<expected.count where bytes[start + offset] != expected[offset] { return false }
            return true
        }
        guard matches, !isIdentifierPart(at: start + length) else { throw unrecognizedToken(startingAt: start) }
        position = start + length
    }

    private mutating func readNumber() throws(JSONSyntaxError) {
        let start = position
        var index = position
        let count = bytes.count
        if bytes[index] == UInt8(ascii: "-") {
            index += 1
            guard index < count else { throw endOfNumber(at: index) }
            guard isDigit(bytes[index]) else {
                throw unexpectedInNumber(at: index, "expected digit (0-9) to follow minus sign, for valid numeric value")
            }
        }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < count && isDigit(bytes[index]) {
                throw JSONSyntaxError(reason: "Invalid numeric value: Leading zeroes not allowed", offset: index)
            }
        } else {
            while index < count && isDigit(bytes[index]) { index += 1 }
        }
        if index < count && bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < count else { throw endOfNumber(at: index) }
            guard isDigit(bytes[index]) else {
                throw unexpectedInNumber(at: index, "Decimal point not followed by a digit")
            }
            while index < count && isDigit(bytes[index]) { index += 1 }
        }
        if index < count && (bytes[index] | 0x20) == UInt8(ascii: "e") {
            index += 1
            if index < count && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) { index += 1 }
            guard index < count else { throw endOfNumber(at: index) }
            guard isDigit(bytes[index]) else {
                throw unexpectedInNumber(at: index, "Exponent indicator not followed by a digit")
            }
            while index < count && isDigit(bytes[index]) { index += 1 }
        }
        numberRange = start..<index
        position = index
        if containers.isEmpty && index < count && !isWhitespace(bytes[index]) {
            throw unexpected(at: index, "Expected space separating root-level values")
        }
    }

    /// Reads a name or completes a string value whose opening quote is already consumed.
    private mutating func completeString(decoding: Bool) throws(JSONSyntaxError) -> String? {
        guard pendingStringStart != nil else { return nil }
        pendingStringStart = nil
        if decoding { return try readString(isName: false) }
        _ = try scanString(isName: false)
        return nil
    }

    private mutating func readString(isName: Bool) throws(JSONSyntaxError) -> String {
        let start = position
        let hadEscapes = try scanString(isName: isName)
        let content = start..<(position - 1)
        guard hadEscapes else { return String(decoding: bytes[content], as: UTF8.self) }
        var unescaped: [UInt8] = []
        bytes.withUnsafeBufferPointer { all in
            JSONEscapes.decode(UnsafeBufferPointer(rebasing: all[content]), into: &unescaped)
        }
        return String(decoding: unescaped, as: UTF8.self)
    }

    /// Scans string content up to and past the closing quote, validating escapes, control characters and UTF-8.
    /// Returns whether the content had escapes.
    private mutating func scanString(isName: Bool) throws(JSONSyntaxError) -> Bool {
        var index = position
        let count = bytes.count
        var hadEscapes = false
        while true {
            guard index < count else {
                position = index
                throw endOfInputError(isName ? " in field name" : ": was expecting closing quote for a string value")
            }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                position = index + 1
                return hadEscapes
            }
            if byte == UInt8(ascii: "\\") {
                hadEscapes = true
                index = try scanEscape(at: index + 1)
                continue
            }
            if byte < 0x20 {
                position = index + 1
                throw JSONSyntaxError(
                    reason: "Illegal unquoted character (\(Self.describe(scalar: UInt32(byte)))): has to be escaped "
                        + "using backslash to be included in \(isName ? "name" : "string value")",
                    offset: index + 1
                )
            }
            if byte < 0x80 {
                index += 1
            } else {
                index = try scanMultiByteCharacter(at: index)
            }
        }
    }

    /// Validates the escape whose letter is at `index` and returns the index after it.
    private func scanEscape(at index: Int) throws(JSONSyntaxError) -> Int {
        guard index < bytes.count else {
            throw JSONSyntaxError(reason: "Unexpected end-of-input in character escape sequence", offset: index)
        }
        switch bytes[index] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
            UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return index + 1
        case UInt8(ascii: "u"):
            for digit in (index + 1)..<(index + 5) {
                guard digit < bytes.count else {
                    throw JSONSyntaxError(reason: "Unexpected end-of-input in character escape sequence", offset: digit)
                }
                guard StrictJSON.hexValue(bytes[digit]) != nil else {
                    throw unexpected(at: digit, "expected a hex-digit for character escape sequence")
                }
            }
            return index + 5
        default:
            throw JSONSyntaxError(
                reason: "Unrecognized character escape \(Self.describe(scalar: decodeScalar(at: index)))",
                offset: index + 1
            )
        }
    }

    /// Validates one multi-byte UTF-8 sequence and returns the index after it.
    private func scanMultiByteCharacter(at index: Int) throws(JSONSyntaxError) -> Int {
        guard let length = UTF8Validation.sequenceLength(bytes, at: index) else {
            let lead = bytes[index]
            if UTF8Validation.expectedLength(lead: lead) == nil {
                throw JSONSyntaxError(reason: "Invalid UTF-8 start byte 0x\(Self.hex(lead))", offset: index + 1)
            }
            var cursor = index + 1
            while cursor < bytes.count && cursor < index + 4 && bytes[cursor] & 0xC0 == 0x80 { cursor += 1 }
            let middle = cursor < bytes.count ? bytes[cursor] : 0
            throw JSONSyntaxError(reason: "Invalid UTF-8 middle byte 0x\(Self.hex(middle))", offset: cursor + 1)
        }
        return index + length
    }

    // MARK: Whitespace

    /// Skips whitespace and returns the next byte without consuming it, or `nil` at the end of the input.
    private mutating func skipWhitespace() throws(JSONSyntaxError) -> UInt8? {
        let count = bytes.count
        while position < count {
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                position += 1
            case UInt8(ascii: "/"):
                throw unexpected(
                    at: position,
                    "maybe a (non-standard) comment? (not recognized as one since Feature 'ALLOW_COMMENTS' not "
                        + "enabled for parser)"
                )
            case 0..<0x20:
                throw JSONSyntaxError(
                    reason: "Illegal character (\(Self.describe(scalar: UInt32(byte)))): only regular white space "
                        + "(\\r, \\n, \\t) is allowed between tokens",
                    offset: position + 1
                )
            default:
                return byte
            }
        }
        return nil
    }

    // MARK: Errors

    private func unexpected(at index: Int, _ comment: String) -> JSONSyntaxError {
        JSONSyntaxError(
            reason: "Unexpected character (\(Self.describe(scalar: decodeScalar(at: index)))): \(comment)",
            offset: index
        )
    }

    private func unexpectedInNumber(at index: Int, _ comment: String) -> JSONSyntaxError {
        JSONSyntaxError(
            reason: "Unexpected character (\(Self.describe(scalar: decodeScalar(at: index)))) in numeric value: "
                + comment,
            offset: index
        )
    }

    private func endOfNumber(at index: Int) -> JSONSyntaxError {
        JSONSyntaxError(reason: "Unexpected end-of-input in a Number value", offset: index)
    }

    private func endOfInputError(_ detail: String) -> JSONSyntaxError {
        JSONSyntaxError(reason: "Unexpected end-of-input\(detail)", offset: bytes.count)
    }

    /// Jackson's `_reportInvalidToken`: the token is the run of Java identifier characters from `start`.
    private func unrecognizedToken(startingAt start: Int) -> JSONSyntaxError {
        var index = start
        var token = ""
        var characters = 0
        repeat {
            let (scalar, length) = decodeScalarAndLength(at: index)
            token.unicodeScalars.append(scalar)
            index += length
            characters += 1
            if characters >= 256 {
                token += "..."
                break
            }
        } while index < bytes.count && isIdentifierPart(at: index)
        return JSONSyntaxError(
            reason: "Unrecognized token '\(token)': was expecting (JSON String, Number, Array, Object or token "
                + "'null', 'true' or 'false')",
            offset: index
        )
    }

    /// Jackson's `[Source: (String)"..."; line: L, column: C]` for `offset`.
    func sourceReference(at offset: Int) -> String {
        JSONSourceLocation.sourceReference(for: bytes, at: offset)
    }

    // MARK: Characters

    private func hasPrefix(_ text: String, at index: Int) -> Bool {
        let utf8 = Array(text.utf8)
        guard index + utf8.count <= bytes.count else { return false }
        return bytes[index..<(index + utf8.count)].elementsEqual(utf8)
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }

    private func isWhitespace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n")
            || byte == UInt8(ascii: "\r")
    }

    private func isIdentifierStart(at index: Int) -> Bool {
        guard index < bytes.count else { return false }
        return JavaIdentifierCharacters.isStart(decodeScalar(at: index))
    }

    private func isIdentifierPart(at index: Int) -> Bool {
        guard index < bytes.count else { return false }
        return JavaIdentifierCharacters.isPart(decodeScalar(at: index))
    }

    private func decodeScalar(at index: Int) -> UInt32 {
        decodeScalarAndLength(at: index).scalar.value
    }

    private func decodeScalarAndLength(at index: Int) -> (scalar: Unicode.Scalar, length: Int) {
        guard index < bytes.count else { return ("\u{FFFD}", 1) }
        let lead = bytes[index]
        if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
        guard let length = UTF8Validation.sequenceLength(bytes, at: index) else { return ("\u{FFFD}", 1) }
        var decoded = String(decoding: bytes[index..<(index + length)], as: UTF8.self).unicodeScalars.makeIterator()
        return (decoded.next() ?? "\u{FFFD}", length)
    }

    /// Jackson's `_getCharDesc`: `'x' (code 120)`, or `(CTRL-CHAR, code 10)` for control characters.
    static func describe(scalar value: UInt32) -> String {
        if value < 0x20 || (value >= 0x7F && value <= 0x9F) { return "(CTRL-CHAR, code \(value))" }
        let character = Unicode.Scalar(value).map { String(Character($0)) } ?? "\u{FFFD}"
        if value > 255 { return "'\(character)' (code \(value) / 0x\(String(value, radix: 16)))" }
        return "'\(character)' (code \(value))"
    }

    private static func hex(_ byte: UInt8) -> String {
        String(byte, radix: 16)
    }
}
