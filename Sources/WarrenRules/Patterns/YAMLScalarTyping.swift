import EventPatterns
import Yams

/// The JSON value of a YAML scalar in an event pattern, typed as YAML 1.2's core schema types it.
///
/// Unquoted `true`/`false` are booleans, `null`, `~` and nothing are null, integers and floats are numbers that
/// keep their text (`1.50` stays `1.50`); anything quoted, and block scalars, are strings. So `[25]` matches the
/// number 25 and `['25']` the string "25" (CloudFormation once turned both into strings). YAML 1.1 spellings
/// such as `yes`, `off` or `1_000` are strings. Explicit tags (`!!str 25`, `!!int "25"`) win over the style.
enum YAMLScalarTyping {
    static let stringTag = "tag:yaml.org,2002:str"
    static let intTag = "tag:yaml.org,2002:int"
    static let floatTag = "tag:yaml.org,2002:float"
    static let boolTag = "tag:yaml.org,2002:bool"
    static let nullTag = "tag:yaml.org,2002:null"

    /// The JSON value of a scalar; the error text when it has none (`.inf`, a tag that does not fit).
    static func jsonValue(of scalar: Node.Scalar) -> Result<JSONValue, ScalarTypingError> {
        let text = scalar.string
        switch scalar.tag.rawValue {
        case "":
            // Untagged: only plain scalars are typed by their text.
            guard scalar.style == .plain else { return .success(.string(text)) }
            if isSpecialFloat(text) { return .failure(ScalarTypingError(text: text, problem: .noJSONForm)) }
            return .success(implicitValue(of: text))
        case stringTag, "!":
            return .success(.string(text))
        case intTag, floatTag:
            if let number = number(text) { return .success(.number(number)) }
            if isSpecialFloat(text) { return .failure(ScalarTypingError(text: text, problem: .noJSONForm)) }
            return .failure(ScalarTypingError(text: text, problem: .notOfTag(scalar.tag.rawValue)))
        case boolTag:
            if let value = boolean(text) { return .success(.bool(value)) }
            return .failure(ScalarTypingError(text: text, problem: .notOfTag(boolTag)))
        case nullTag:
            return .success(.null)
        case let tag:
            return .failure(ScalarTypingError(text: text, problem: .unsupportedTag(tag)))
        }
    }

    /// YAML 1.2 core schema resolution of an unquoted scalar.
    static func implicitValue(of text: String) -> JSONValue {
        if isNull(text) { return .null }
        if let value = boolean(text) { return .bool(value) }
        if let number = number(text) { return .number(number) }
        return .string(text)
    }

    static func isNull(_ text: String) -> Bool {
        text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL"
    }

    static func boolean(_ text: String) -> Bool? {
        switch text {
        case "true", "True", "TRUE": true
        case "false", "False", "FALSE": false
        default: nil
        }
    }

    /// `.inf`, `-.Inf`, `.NaN` and the like: floats in YAML, with no JSON form.
    static func isSpecialFloat(_ text: String) -> Bool {
        let unsigned = text.hasPrefix("+") || text.hasPrefix("-") ? String(text.dropFirst()) : text
        return [".inf", ".Inf", ".INF"].contains(unsigned) || [".nan", ".NaN", ".NAN"].contains(text)
    }

    /// The JSON number of a YAML core-schema integer or float: its text when that is valid JSON, otherwise the
    /// closest JSON writing (`+5` → `5`, `007` → `7`, `.5` → `0.5`, `5.` → `5.0`, `0x1F` → `31`,
    /// `0o17` → `15`).
    static func number(_ text: String) -> JSONNumber? {
        let bytes = Array(text.utf8)
        if bytes.count > 2, bytes[0] == UInt8(ascii: "0"), bytes[2] != UInt8(ascii: "+"), bytes[2] != UInt8(ascii: "-")
        {
            if bytes[1] == UInt8(ascii: "x"), let value = UInt64(String(text.dropFirst(2)), radix: 16) {
                return JSONNumber(String(value))
            }
            if bytes[1] == UInt8(ascii: "o"), let value = UInt64(String(text.dropFirst(2)), radix: 8) {
                return JSONNumber(String(value))
            }
        }
        guard let parts = DecimalParts(bytes) else { return nil }
        if let number = JSONNumber(text) { return number }
        return JSONNumber(parts.jsonText)
    }

    /// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, split into its parts.
    private struct DecimalParts {
        var negative = false
        var integer = ""
        var fraction: String?
        var exponent: String?

        init?(_ bytes: [UInt8]) {
            var index = 0
            func digits() -> String {
                let start = index
                while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
                return String(decoding: bytes[start..<index], as: UTF8.self)
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
                negative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            integer = digits()
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                fraction = digits()
            }
            if integer.isEmpty && (fraction ?? "").isEmpty { return nil }
            if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
                index += 1
                var sign = ""
                if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
                    sign = String(UnicodeScalar(bytes[index]))
                    index += 1
                }
                let power = digits()
                if power.isEmpty { return nil }
                exponent = sign + power
            }
            if index != bytes.count { return nil }
        }

        var jsonText: String {
            var trimmed = integer.drop { $0 == "0" }
            if trimmed.isEmpty { trimmed = "0" }
            var text = (negative ? "-" : "") + trimmed
            if let fraction { text += "." + (fraction.isEmpty ? "0" : fraction) }
            if let exponent { text += "e" + exponent }
            return text
        }
    }
}
