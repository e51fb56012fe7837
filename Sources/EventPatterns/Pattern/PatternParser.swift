/// Reads an event pattern text into a `PatternObject`, finding every problem on the way.
///
/// The reading follows event-ruler's compilers token by token, because EventBridge reports the first problem they
/// meet in their words: `JsonRuleCompiler` (which understands `$or`) and, when that one gives up, `RuleCompiler`
/// (which treats `$or` as an ordinary key) — the `dialect`. Unlike event-ruler, the parser does not stop at the
/// first problem: it records it, skips the offending construct and carries on, so that users see all of them. A
/// JSON syntax error ends the reading.
struct PatternParser {
    /// Which of event-ruler's compilers to follow.
    enum Dialect {
        /// `JsonRuleCompiler`: `"$or": [ {...}, {...} ]` is a disjunction.
        case orRelationships
        /// `RuleCompiler`: `$or` is a key like any other.
        case plainKeys
    }

    /// How event-ruler signals a problem, which decides what EventBridge does next.
    enum ProblemKind {
        /// A `JsonParseException` (including JSON syntax errors): AWS appends the parser position, and a failing
        /// `JsonRuleCompiler` is retried as `RuleCompiler`.
        case parse
        /// An `IllegalArgumentException` (CIDR problems): no position, no retry.
        case argument
    }

    /// A problem with everything AWS shows about it.
    struct Problem {
        var problem: PatternProblem
        var kind: ProblemKind
        /// The reason with the position text AWS appends (`\n at [Source: ...]`), possibly twice (event-ruler
        /// re-throws some errors and Jackson appends its position again).
        var rawReason: String
    }

    /// Keys that cannot be fields inside `$or` (event-ruler's `RESERVED_FIELD_NAMES_IN_OR_RELATIONSHIP`).
    static let reservedNamesInOr: Set<String> = [
        "exactly", "equals-ignore-case", "prefix", "suffix", "anything-but", "exists", "wildcard", "numeric", "cidr",
        "=", "<", "<=", ">", ">=", "regex", "not-wildcard", "not-equals-ignore-case", "date-after",
        "date-on-or-after", "date-before", "date-on-or-before", "in-date-range", "ip-address-in-range",
        "ip-address-not-in-range",
    ]

    private var tokenizer: JSONTokenizer
    private let dialect: Dialect
    /// The problems found, in the order event-ruler would meet them.
    private(set) var problems: [Problem] = []
    /// Whether a `$or` key was read as a disjunction (only then can the other dialect give another verdict).
    private(set) var readOrRelationship = false
    private var path: [String] = ["$"]
    /// How many enclosing event-ruler methods catch and re-throw parse errors (each adds a position).
    private var rethrowingScopes = 0

    /// A parser over the UTF-8 text of a pattern.
    init(bytes: [UInt8], dialect: Dialect) {
        self.tokenizer = JSONTokenizer(bytes: bytes)
        self.dialect = dialect
    }

    /// Reads the pattern. The result is meaningful only when `problems` is empty.
    mutating func parse() -> PatternObject {
        do throws(JSONSyntaxError) {
            guard try tokenizer.next() == .startObject else {
                report("Filter is not an object")
                return PatternObject()
            }
            // Like event-ruler, nothing after the closing brace is read.
            return try readObject(insideOr: false)
        } catch {
            report(error)
            return PatternObject()
        }
    }

    // MARK: Objects

    private mutating func readObject(insideOr: Bool) throws(JSONSyntaxError) -> PatternObject {
        var object = PatternObject()
        var hasFields = false
        /// The `$or` groups read so far: a later field that writes one of their paths must win (see `PatternObject`).
        var orGroupsSoFar = 0
        while try tokenizer.next() != .endObject {
            hasFields = true
            let name = tokenizer.currentName
            if dialect == .orRelationships && name == "$or" {
                readOrRelationship = true
                if let branches = try readOr() {
                    object.alternatives.append(branches)
                    orGroupsSoFar = object.alternatives.count
                }
                continue
            }
            if insideOr && Self.reservedNamesInOr.contains(name) {
                report("\(name) is Ruler reserved fieldName which cannot be used inside $or.")
                _ = try tokenizer.next()
                try tokenizer.skipChildren()
                continue
            }
            path.append(Self.pathComponent(name))
            defer { path.removeLast() }
            let field: PatternField
            switch try tokenizer.next() {
            case .startObject:
                field = PatternField(key: name, value: .object(try readObject(insideOr: insideOr)))
            case .startArray:
                field = PatternField(key: name, value: .matchers(try readValueList()))
            default:
                report("\"\(name)\" must be an object or an array")
                continue
            }
            object.fields.append(field)
            if orGroupsSoFar > 0 { Self.letField(field, win: &object.alternatives, upTo: orGroupsSoFar) }
        }
        if !hasFields { report("Empty objects are not allowed") }
        return object
    }

    /// Reads the value of a `$or` key; `nil` when it is not a valid disjunction.
    private mutating func readOr() throws(JSONSyntaxError) -> [PatternObject]? {
        path.append(".$or")
        defer { path.removeLast() }
        guard try tokenizer.next() == .startArray else {
            report("It must be an Array followed with $or.")
            try tokenizer.skipChildren()
            return nil
        }
        var branches: [PatternObject] = []
        var count = 0
        var valid = true
        while true {
            let token = try tokenizer.next()
            if token == .endArray { break }
            path.append("[\(count)]")
            defer { path.removeLast() }
            count += 1
            if token == .startObject {
                branches.append(try readObject(insideOr: true))
            } else {
                report("Only JSON object is allowed in array of $or relationship.")
                try tokenizer.skipChildren()
                valid = false
            }
        }
        if count < 2 {
            report("There must have at least 2 Objects in $or relationship.")
            valid = false
        }
        return valid ? branches : nil
    }

    /// Makes `field` win over the same paths written inside the given `$or` groups, which the document put first:
    /// a copy of the field goes at the end of every branch, where it is written after the branch's own fields.
    private static func letField(_ field: PatternField, win groups: inout [[PatternObject]], upTo count: Int) {
        let written = field.flattenedPaths(prefix: [])
        for groupIndex in 0..<count {
            for branchIndex in groups[groupIndex].indices
            where !groups[groupIndex][branchIndex].writtenPaths(prefix: []).isDisjoint(with: written) {
                groups[groupIndex][branchIndex].appendEverywhere(field)
            }
        }
    }

    // MARK: Value lists

    private mutating func readValueList() throws(JSONSyntaxError) -> [Matcher] {
        var matchers: [Matcher] = []
        var count = 0
        while true {
            let token = try tokenizer.next()
            if token == .endArray { break }
            path.append("[\(count)]")
            defer { path.removeLast() }
            count += 1
            switch token {
            case .startObject:
                if let matcher = try readMatchExpression() { matchers.append(matcher) }
            case .string:
                matchers.append(.exactString(try tokenizer.stringValue()))
            case .number:
                matchers.append(.exactNumber(JSONNumber(validatedText: tokenizer.numberText)))
            case .trueValue:
                matchers.append(.exactBool(true))
            case .falseValue:
                matchers.append(.exactBool(false))
            case .null:
                matchers.append(.exactNull)
            default:
                report("Match value must be String, number, true, false, or null")
                try tokenizer.skipChildren()
            }
        }
        if count == 0 { report("Empty arrays are not allowed") }
        return matchers
    }

    /// Reads `{ "<operator>": ... }` after its opening brace; leaves the tokenizer after its closing brace.
    private mutating func readMatchExpression() throws(JSONSyntaxError) -> Matcher? {
        let depth = tokenizer.depth
        guard try tokenizer.next() == .fieldName else {
            report("Match expression name not found")
            try skip(toDepthBelow: depth)
            return nil
        }
        let name = tokenizer.currentName
        path.append(Self.pathComponent(name))
        defer { path.removeLast() }
        let matcher: Matcher?
        switch name {
        case "exactly":
            matcher = try readStringOperand("exact match pattern must be a string").map(Matcher.exactString)
        case "prefix", "suffix":
            matcher = try readPrefixOrSuffix(isPrefix: name == "prefix")
        case "equals-ignore-case":
            matcher = try readStringOperand("equals-ignore-case match pattern must be a string")
                .map(Matcher.equalsIgnoreCase)
        case "wildcard":
            matcher = try readWildcard()
        case "numeric":
            matcher = try readNumeric()
        case "anything-but":
            matcher = try readAnythingBut()
        case "exists":
            matcher = try readExists()
        case "cidr":
            matcher = try readCIDR()
        default:
            report("Unrecognized match type \(name)")
            matcher = nil
        }
        if matcher == nil { try skip(toDepthBelow: depth) }
        return matcher
    }

    /// Reads a string operand and the closing brace of its expression.
    private mutating func readStringOperand(_ typeError: String) throws(JSONSyntaxError) -> String? {
        guard try tokenizer.next() == .string else {
            report(typeError)
            return nil
        }
        let text = try tokenizer.stringValue()
        guard try expectEndOfExpression("Only one key allowed in match expression") else { return nil }
        return text
    }

    private mutating func readPrefixOrSuffix(isPrefix: Bool) throws(JSONSyntaxError) -> Matcher? {
        let kind = isPrefix ? "prefix" : "suffix"
        let token = try tokenizer.next()
        if token == .startObject {
            guard try tokenizer.next() == .fieldName else {
                report("\(isPrefix ? "Prefix" : "Suffix") expression name not found")
                return nil
            }
            guard tokenizer.currentName == "equals-ignore-case" else {
                report("Unsupported \(kind) pattern: \(tokenizer.currentName)")
                return nil
            }
            guard try tokenizer.next() == .string else {
                report("equals-ignore-case match pattern must be a string")
                return nil
            }
            let text = try tokenizer.stringValue()
            guard try expectEndOfExpression("Only one key allowed in match expression"),
                try expectEndOfExpression("Only one key allowed in match expression")
            else { return nil }
            return isPrefix ? .prefix(text, ignoreCase: true) : .suffix(text, ignoreCase: true)
        }
        guard token == .string else {
            report("\(kind) match pattern must be a string")
            return nil
        }
        let text = try tokenizer.stringValue()
        guard try expectEndOfExpression("Only one key allowed in match expression") else { return nil }
        return isPrefix ? .prefix(text, ignoreCase: false) : .suffix(text, ignoreCase: false)
    }

    private mutating func readWildcard() throws(JSONSyntaxError) -> Matcher? {
        guard try tokenizer.next() == .string else {
            report("wildcard match pattern must be a string")
            return nil
        }
        let text = try tokenizer.stringValue()
        if case .failure(let reason) = WildcardPattern.tokens(of: text) {
            report(reason.text)
            return nil
        }
        guard try expectEndOfExpression("Only one key allowed in match expression") else { return nil }
        return .wildcard(text)
    }

    private mutating func readExists() throws(JSONSyntaxError) -> Matcher? {
        let value: Bool
        switch try tokenizer.next() {
        case .trueValue: value = true
        case .falseValue: value = false
        default:
            report("exists match pattern must be either true or false.")
            return nil
        }
        guard try expectEndOfExpression("Only one key allowed in match expression") else { return nil }
        return .exists(value)
    }

    private mutating func readCIDR() throws(JSONSyntaxError) -> Matcher? {
        guard try tokenizer.next() == .string else {
            // event-ruler's (sic): it reuses the prefix message here.
            report("prefix match pattern must be a string")
            return nil
        }
        let text = try tokenizer.stringValue()
        let block: CIDRBlock
        switch CIDRBlock.parse(text) {
        case .success(let parsed): block = parsed
        case .failure(let reason):
            report(reason.text, kind: .argument)
            return nil
        }
        guard try expectEndOfExpression("Only one key allowed in match expression") else { return nil }
        return .cidr(block)
    }

    // MARK: numeric

    private mutating func readNumeric() throws(JSONSyntaxError) -> Matcher? {
        guard try tokenizer.next() == .startArray else {
            report("Value of numeric must be an array.")
            return nil
        }
        guard let range = try readNumericOperands() else { return nil }
        guard try expectEndOfExpression("Too many elements in numeric expression") else { return nil }
        return .numeric(range)
    }

    /// Reads `["=", 5]`, `[">", 0, "<=", 5]` and the like, up to and including the closing bracket.
    private mutating func readNumericOperands() throws(JSONSyntaxError) -> NumericRange? {
        let first = try tokenizer.next()
        guard first == .string else {
            report("Invalid member in numeric match: \(currentTokenText(first))")
            return nil
        }
        let operation = try tokenizer.stringValue()
        let operand = try tokenizer.next()
        func number() -> JSONNumber { JSONNumber(validatedText: tokenizer.numberText) }
        switch operation {
        case "=":
            guard operand == .number else {
                report("Value of equals must be numeric")
                return nil
            }
            let value = number()
            guard try tokenizer.next() == .endArray else {
                report("Too many elements in numeric expression")
                return nil
            }
            guard checkComparable(value) else { return nil }
            return .equal(to: value)
        case ">=", ">":
            guard operand == .number else {
                report("Value of \(operation) must be numeric")
                return nil
            }
            let lower = NumericRange.Bound(value: number(), isInclusive: operation == ">=")
            guard checkComparable(lower.value) else { return nil }
            let next = try tokenizer.next()
            if next == .endArray { return NumericRange(lowerBound: lower) }
            return try readUpperBound(after: lower, token: next)
        case "<=", "<":
            guard operand == .number else {
                report("Value of \(operation) must be numeric")
                return nil
            }
            let upper = NumericRange.Bound(value: number(), isInclusive: operation == "<=")
            guard try tokenizer.next() == .endArray else {
                report("Too many elements in numeric expression")
                return nil
            }
            guard checkComparable(upper.value) else { return nil }
            return NumericRange(upperBound: upper)
        default:
            report("Unrecognized numeric range operator: \(operation)")
            return nil
        }
    }

    private mutating func readUpperBound(after lower: NumericRange.Bound, token: JSONTokenizer.Token)
        throws(JSONSyntaxError) -> NumericRange?
    {
        guard token == .string else {
            report("Bad value in numeric range: \(currentTokenText(token))")
            return nil
        }
        let operation = try tokenizer.stringValue()
        guard operation == "<" || operation == "<=" else {
            report("Bad numeric range operator: \(operation)")
            return nil
        }
        guard try tokenizer.next() == .number else {
            report("Value of \(operation) must be numeric")
            return nil
        }
        let upper = NumericRange.Bound(value: JSONNumber(validatedText: tokenizer.numberText), isInclusive: operation == "<=")
        guard try tokenizer.next() == .endArray else {
            report("Too many terms in numeric range expression")
            return nil
        }
        guard checkComparable(upper.value) else { return nil }
        guard lower.value.doubleValue < upper.value.doubleValue else {
            report("Bottom must be less than top")
            return nil
        }
        return NumericRange(lowerBound: lower, upperBound: upper)
    }

    /// event-ruler compares numbers as doubles and refuses one that has no finite double. Its exception carries
    /// no position of its own, so a re-throw adds just one (`positions`).
    private mutating func checkComparable(_ number: JSONNumber, positions: Int? = nil) -> Bool {
        guard number.doubleValue.isFinite else {
            report("Cannot compare number : \(number.text)", positions: positions)
            return false
        }
        return true
    }

    // MARK: anything-but

    private enum AnythingButForm {
        case values, equalsIgnoreCase, prefix, suffix, wildcard
    }

    private mutating func readAnythingBut() throws(JSONSyntaxError) -> Matcher? {
        var form = AnythingButForm.values
        var token = try tokenizer.next()
        if token == .startObject {
            guard try tokenizer.next() == .fieldName else {
                report("Anything-But expression name not found")
                return nil
            }
            switch tokenizer.currentName {
            case "equals-ignore-case": form = .equalsIgnoreCase
            case "prefix": form = .prefix
            case "suffix": form = .suffix
            case "wildcard": form = .wildcard
            default:
                report("Unsupported anything-but pattern: \(tokenizer.currentName)")
                return nil
            }
            token = try tokenizer.next()
        }
        guard token == .startArray || token == .string || token == .number else {
            report("Value of anything-but must be an array or single string/number value.")
            return nil
        }
        let anythingBut: AnythingBut?
        switch (form, token == .startArray) {
        case (.values, true): anythingBut = try readAnythingButList()
        case (.values, false): anythingBut = try readAnythingButSingle(token)
        case (_, true): anythingBut = try readAnythingButOperandList(form)
        case (_, false): anythingBut = try readAnythingButOperand(form, token: token)
        }
        guard let anythingBut else { return nil }
        guard try expectEndOfExpression("Too many elements in numeric expression") else { return nil }
        if form != .values {
            guard try expectEndOfExpression("Too many elements in numeric expression") else { return nil }
        }
        return .anythingBut(anythingBut)
    }

    /// `{"anything-but": ["a", "b"]}` or `[1, 2]`, up to and including the closing bracket.
    private mutating func readAnythingButList() throws(JSONSyntaxError) -> AnythingBut? {
        var strings: [String] = []
        var numbers: [JSONNumber] = []
        // event-ruler catches and re-throws what goes wrong inside the list, which repeats the position.
        let valid = try inRethrowingScope { parser throws(JSONSyntaxError) in
            var valid = true
            while true {
                let token = try parser.tokenizer.next()
                if token == .endArray { return valid }
                switch token {
                case .string:
                    strings.append(try parser.tokenizer.stringValue())
                case .number:
                    let number = JSONNumber(validatedText: parser.tokenizer.numberText)
                    if parser.checkComparable(number, positions: 1) { numbers.append(number) } else { valid = false }
                default:
                    parser.report("Inside anything but list, start|null|boolean is not supported.")
                    valid = false
                    try parser.tokenizer.skipChildren()
                }
            }
        }
        guard valid else { return nil }
        guard strings.isEmpty != numbers.isEmpty else {
            report("Inside anything but list, either all values are number or string, mixed type is not supported")
            return nil
        }
        return strings.isEmpty ? .numbers(numbers) : .strings(strings)
    }

    private mutating func readAnythingButSingle(_ token: JSONTokenizer.Token) throws(JSONSyntaxError) -> AnythingBut? {
        if token == .string { return .strings([try tokenizer.stringValue()]) }
        let number = JSONNumber(validatedText: tokenizer.numberText)
        guard number.doubleValue.isFinite else {
            // Thrown by event-ruler as an IllegalArgumentException here: no position, no retry.
            report("Cannot compare number : \(number.text)", kind: .argument)
            return nil
        }
        return .numbers([number])
    }

    /// The message event-ruler gives when an operand of anything-but's object form is not a string.
    private func operandTypeError(_ form: AnythingButForm) -> String {
        switch form {
        case .equalsIgnoreCase: "Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported."
        case .wildcard: "wildcard match pattern must be a string"
        default: "prefix/suffix match pattern must be a string"
        }
    }

    /// `{"anything-but": {"prefix": ["a", "b"]}}` and its siblings, up to and including the closing bracket.
    private mutating func readAnythingButOperandList(_ form: AnythingButForm) throws(JSONSyntaxError) -> AnythingBut? {
        var values: [String] = []
        let typeError = operandTypeError(form)
        let valid = try inRethrowingScope { parser throws(JSONSyntaxError) in
            var valid = true
            while true {
                let token = try parser.tokenizer.next()
                if token == .endArray { return valid }
                if token == .string {
                    let text = try parser.tokenizer.stringValue()
                    if text.isEmpty && (form == .prefix || form == .suffix) {
                        parser.report("Null prefix/suffix not allowed")
                        valid = false
                    }
                    values.append(text)
                } else {
                    parser.report(typeError)
                    valid = false
                    try parser.tokenizer.skipChildren()
                }
            }
        }
        guard valid, checkWildcards(values, form: form) else { return nil }
        return Self.anythingBut(form, values)
    }

    /// Runs `body` as inside one of event-ruler's `catch (IOException e) { barf(parser, e.getMessage()) }`
    /// blocks: problems found there, JSON syntax errors included, carry the position twice.
    private mutating func inRethrowingScope<Result>(
        _ body: (inout PatternParser) throws(JSONSyntaxError) -> Result
    ) throws(JSONSyntaxError) -> Result {
        rethrowingScopes += 1
        defer { rethrowingScopes -= 1 }
        do throws(JSONSyntaxError) {
            return try body(&self)
        } catch {
            var rethrown = error
            rethrown.isRethrown = true
            throw rethrown
        }
    }

    private mutating func readAnythingButOperand(_ form: AnythingButForm, token: JSONTokenizer.Token)
        throws(JSONSyntaxError) -> AnythingBut?
    {
        guard token == .string else {
            report(operandTypeError(form))
            return nil
        }
        let text = try tokenizer.stringValue()
        if text.isEmpty && (form == .prefix || form == .suffix) {
            report("Null prefix/suffix not allowed")
            return nil
        }
        guard checkWildcards([text], form: form) else { return nil }
        return Self.anythingBut(form, [text])
    }

    private mutating func checkWildcards(_ values: [String], form: AnythingButForm) -> Bool {
        guard form == .wildcard else { return true }
        for value in values {
            if case .failure(let reason) = WildcardPattern.tokens(of: value) {
                report(reason.text)
                return false
            }
        }
        return true
    }

    private static func anythingBut(_ form: AnythingButForm, _ values: [String]) -> AnythingBut {
        switch form {
        case .values: .strings(values)
        case .equalsIgnoreCase: .equalsIgnoreCase(values)
        case .prefix: .prefixes(values)
        case .suffix: .suffixes(values)
        case .wildcard: .wildcards(values)
        }
    }

    // MARK: Helpers

    /// Reads the next token and reports `message` unless it closes the current match expression.
    private mutating func expectEndOfExpression(_ message: String) throws(JSONSyntaxError) -> Bool {
        guard try tokenizer.next() == .endObject else {
            report(message)
            return false
        }
        return true
    }

    /// Skips tokens until the container open at `depth` is closed: recovery after a problem in a match expression.
    private mutating func skip(toDepthBelow depth: Int) throws(JSONSyntaxError) {
        while tokenizer.depth >= depth {
            if try tokenizer.next() == .endOfInput { return }
        }
    }

    /// Jackson's `getText()` for a token that is not a string.
    private func currentTokenText(_ token: JSONTokenizer.Token) -> String {
        switch token {
        case .startObject: "{"
        case .endObject: "}"
        case .startArray: "["
        case .endArray: "]"
        case .number: tokenizer.numberText
        case .trueValue: "true"
        case .falseValue: "false"
        case .null: "null"
        case .fieldName: tokenizer.currentName
        case .string, .endOfInput: ""
        }
    }

    private static func pathComponent(_ key: String) -> String {
        let plain = !key.isEmpty && key.unicodeScalars.allSatisfy { scalar in
            scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-"
                || scalar == "$"
        }
        if plain { return "." + key }
        var quoted = ""
        JSONValue.writeQuoted(key, to: &quoted)
        return "[\(quoted)]"
    }

    private mutating func report(_ reason: String, kind: ProblemKind = .parse, positions: Int? = nil) {
        let location = JSONSourceLocation(offset: tokenizer.position, in: tokenizer.bytes)
        var raw = reason
        if kind == .parse {
            let suffix = "\n at " + tokenizer.sourceReference(at: tokenizer.position)
            raw += String(repeating: suffix, count: positions ?? (1 + min(rethrowingScopes, 1)))
        }
        problems.append(
            Problem(
                problem: PatternProblem(
                    reason: reason,
                    path: path.joined(),
                    line: kind == .parse ? location.line : nil,
                    column: kind == .parse ? location.column : nil
                ),
                kind: kind,
                rawReason: raw
            )
        )
    }

    private mutating func report(_ error: JSONSyntaxError) {
        let location = JSONSourceLocation(offset: error.offset, in: tokenizer.bytes)
        let suffix = "\n at " + tokenizer.sourceReference(at: error.offset)
        problems.append(
            Problem(
                problem: PatternProblem(reason: error.reason, path: path.joined(), line: location.line, column: location.column),
                kind: .parse,
                rawReason: error.reason + String(repeating: suffix, count: error.isRethrown ? 2 : 1)
            )
        )
    }
}
