extension JSONValue {
    /// Parses a JSON text (RFC 8259). Repeated keys keep the last value; nesting deeper than 1,000 levels is
    /// rejected; only whitespace may follow the value.
    public init(parsing text: String) throws(JSONParseError) {
        try self.init(parsingUTF8: Array(text.utf8))
    }

    /// Parses UTF-8 JSON bytes; a leading byte order mark is skipped and invalid UTF-8 is an error.
    public init(parsing bytes: some Collection<UInt8>) throws(JSONParseError) {
        try self.init(parsingUTF8: Array(bytes))
    }

    private init(parsingUTF8 bytes: [UInt8]) throws(JSONParseError) {
        var tokenizer = JSONTokenizer(bytes: bytes, skippingByteOrderMark: true)
        do throws(JSONSyntaxError) {
            self = try JSONValue.read(from: &tokenizer)
            guard try tokenizer.isAtEndOfInput() else {
                throw JSONSyntaxError(
                    reason: "Unexpected content after the JSON value: only whitespace may follow it",
                    offset: tokenizer.position
                )
            }
        } catch {
            throw JSONParseError(error, in: bytes)
        }
    }

    /// One partly built container while reading; the reader keeps its own stack so that deep nesting cannot
    /// overflow the thread's stack.
    private enum OpenContainer {
        case array([JSONValue])
        case object(members: [JSONObject.Member], positions: [String: Int], key: String)
    }

    /// Reads one complete value with the tokenizer.
    static func read(from tokenizer: inout JSONTokenizer) throws(JSONSyntaxError) -> JSONValue {
        var stack: [OpenContainer] = []
        while true {
            var completed: JSONValue
            let token = try tokenizer.next()
            switch token {
            case .startObject:
                stack.append(.object(members: [], positions: [:], key: ""))
                continue
            case .startArray:
                stack.append(.array([]))
                continue
            case .fieldName:
                guard case .object(let members, let positions, _) = stack.removeLast() else { continue }
                stack.append(.object(members: members, positions: positions, key: tokenizer.currentName))
                continue
            case .endObject:
                guard case .object(let members, _, _) = stack.removeLast() else { continue }
                completed = .object(JSONObject(uniqueMembers: members))
            case .endArray:
                guard case .array(let elements) = stack.removeLast() else { continue }
                completed = .array(elements)
            case .string:
                completed = .string(try tokenizer.stringValue())
            case .number:
                completed = .number(JSONNumber(validatedText: tokenizer.numberText))
            case .trueValue:
                completed = .bool(true)
            case .falseValue:
                completed = .bool(false)
            case .null:
                completed = .null
            case .endOfInput:
                throw JSONSyntaxError(reason: "No content to map due to end-of-input", offset: tokenizer.position)
            }
            guard let parent = stack.popLast() else { return completed }
            switch parent {
            case .array(var elements):
                elements.append(completed)
                stack.append(.array(elements))
            case .object(var members, var positions, let key):
                if let existing = positions[key] {
                    members[existing].value = completed
                } else {
                    positions[key] = members.count
                    members.append(JSONObject.Member(key: key, value: completed))
                }
                stack.append(.object(members: members, positions: positions, key: key))
            }
        }
    }
}
