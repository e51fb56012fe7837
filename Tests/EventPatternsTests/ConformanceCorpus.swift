import EventPatterns
import Foundation
import Testing

/// One case of `Fixtures/aws-patterns.jsonl`: a pattern and an event checked against real EventBridge.
struct ConformanceCase: Sendable, CustomTestStringConvertible {
    enum Expectation: String, Sendable {
        case match, noMatch = "no-match", invalidPattern = "invalid-pattern", invalidEvent = "invalid-event"
    }

    var name: String
    var pattern: String
    var event: String
    var expected: Expectation
    /// AWS's message for invalid patterns and events.
    var error: String?
    /// AWS's message with the JSON parser's position, when it gave one.
    var errorRaw: String?

    var testDescription: String { name }

    /// Every case of the corpus, in file order.
    static let all: [ConformanceCase] = {
        let url = Bundle.module.url(forResource: "aws-patterns", withExtension: "jsonl", subdirectory: "Fixtures")!
        let text = try! String(contentsOf: url, encoding: .utf8)
        return text.split(separator: "\n").map { line in
            let value = try! JSONValue(parsing: String(line))
            let isRaw = value["raw_strings"] == .bool(true)
            func text(_ key: String) -> String {
                switch value[key] {
                case .string(let string)? where isRaw || key != "pattern" && key != "event": return string
                case let other?: return pythonJSONText(other)
                case nil: return ""
                }
            }
            return ConformanceCase(
                name: text("name"),
                pattern: text("pattern"),
                event: text("event"),
                expected: Expectation(rawValue: text("expected"))!,
                error: value["error"]?.stringValue,
                errorRaw: value["error_raw"]?.stringValue
            )
        }
    }()
}

/// Loads a fixture file as JSON.
func loadFixture(_ name: String, withExtension fileExtension: String) -> JSONValue {
    let url = Bundle.module.url(forResource: name, withExtension: fileExtension, subdirectory: "Fixtures")!
    let data = try! Data(contentsOf: url)
    return try! JSONValue(parsing: [UInt8](data))
}

/// The text Python's `json.dumps` gives (`", "` and `": "` separators, non-ASCII escaped): what the corpus's
/// recorder sent to AWS for patterns and events stored as JSON, and so what AWS's error positions refer to.
func pythonJSONText(_ value: JSONValue) -> String {
    switch value {
    case .null: return "null"
    case .bool(let flag): return flag ? "true" : "false"
    case .number(let number): return number.text
    case .string(let string): return pythonQuoted(string)
    case .array(let elements): return "[" + elements.map(pythonJSONText).joined(separator: ", ") + "]"
    case .object(let object):
        return "{" + object.members.map { pythonQuoted($0.key) + ": " + pythonJSONText($0.value) }
            .joined(separator: ", ") + "}"
    }
}

private func pythonQuoted(_ string: String) -> String {
    var output = "\""
    for unit in string.utf16 {
        switch unit {
        case 0x22: output += "\\\""
        case 0x5C: output += "\\\\"
        case 0x0A: output += "\\n"
        case 0x0D: output += "\\r"
        case 0x09: output += "\\t"
        case 0x08: output += "\\b"
        case 0x0C: output += "\\f"
        case 0x20...0x7E: output.unicodeScalars.append(Unicode.Scalar(unit)!)
        default:
            let hex = String(unit, radix: 16)
            output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        }
    }
    return output + "\""
}
