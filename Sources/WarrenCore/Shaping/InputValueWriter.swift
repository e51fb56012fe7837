import EventPatterns

import struct Foundation.Date

/// Writes template values into the output as the spec's substitution table says (§5.3) [aws-verified]:
///
/// | value          | JSON value (`"k": <v>`) | inside a JSON string      | in a quoted-string template |
/// |----------------|-------------------------|---------------------------|-----------------------------|
/// | string         | a JSON string `"abc"`   | raw text                  | raw text                    |
/// | number / bool  | the JSON literal        | raw text                  | raw text                    |
/// | object         | the JSON object         | not delivered             | flattened `{k:v,k2:v2}`     |
/// | array          | the JSON array          | not delivered             | `[A,B]`                     |
/// | missing        | `""`                    | nothing                   | nothing                     |
///
/// Raw text is not escaped, as AWS does not escape it; when it holds a quote, a backslash or a control character
/// the output is parsed once more before it is delivered.
struct InputValueWriter {
    /// The payload so far.
    var output: [UInt8] = []
    /// Whether raw text that could break the JSON was written.
    private var needsCheck = false

    init(capacity: Int) {
        output.reserveCapacity(capacity)
    }

    /// Writes `value` (nil when the path selected nothing) at a placeholder in `position`.
    /// - Returns: the failure when the value cannot go there.
    mutating func write(
        _ value: JSONValue?, placeholder: String, at position: InputTemplate.Position
    ) -> TargetInputFailure? {
        guard position != .jsonValue else {
            if let value {
                output.append(contentsOf: value.serialized().utf8)
            } else {
                output.append(contentsOf: #""""#.utf8)
            }
            return nil
        }
        guard let value else { return nil }
        if position == .insideJSONString {
            switch value {
            case .object: return TargetInputFailure(.containerInsideString(placeholder: placeholder, isArray: false))
            case .array: return TargetInputFailure(.containerInsideString(placeholder: placeholder, isArray: true))
            default: break
            }
        }
        let start = output.count
        writeRaw(value)
        if !needsCheck {
            needsCheck = output[start...].contains { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 < 0x20 }
        }
        return nil
    }

    /// The payload, or why it is not JSON.
    func finished() -> Result<[UInt8], TargetInputFailure> {
        if needsCheck {
            do {
                _ = try JSONValue(parsing: output)
            } catch {
                return .failure(TargetInputFailure(.outputNotJSON(parserMessage: error.description)))
            }
        }
        return .success(output)
    }

    /// A value as raw text: strings unquoted and unescaped, containers flattened (`{k:v,k2:v2}`, `[A,B]`).
    private mutating func writeRaw(_ value: JSONValue) {
        switch value {
        case .string(let text):
            output.append(contentsOf: text.utf8)
        case .number(let number):
            output.append(contentsOf: number.text.utf8)
        case .bool(let flag):
            output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .null:
            output.append(contentsOf: "null".utf8)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                writeRaw(element)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            output.append(UInt8(ascii: "{"))
            for (index, member) in object.members.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                output.append(contentsOf: member.key.utf8)
                output.append(UInt8(ascii: ":"))
                writeRaw(member.value)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    /// `<aws.events.event>`: the envelope without `detail`, `detail-type` as `detailType` and `time` the ingestion
    /// time, in the order AWS wrote it [aws-verified, LocalStack `test_input_transformer_predefined_variables`].
    static func eventSummary(of event: JSONValue, ingestionTime: Date) -> JSONValue {
        let fields = event.objectValue ?? JSONObject()
        var summary: [(String, JSONValue)] = []
        for (key, name) in [("id", "id"), ("account", "account"), ("detail-type", "detailType")] {
            if let value = fields[key] { summary.append((name, value)) }
        }
        summary.append(("time", .string(EventTime.format(ingestionTime))))
        for key in ["source", "region", "resources", "version"] {
            if let value = fields[key] { summary.append((key, value)) }
        }
        return .object(JSONObject(summary))
    }
}
