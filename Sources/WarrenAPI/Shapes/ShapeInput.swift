import EventPatterns
import WarrenCore
import struct Foundation.Date

/// Typed access to a request's members once their types were checked: a member that is absent or `null` reads
/// as nil.
struct ShapeInput: Sendable {
    var object: JSONObject

    init(_ object: JSONObject) {
        self.object = object
    }

    func value(_ member: String) -> JSONValue? {
        guard let value = object[member], value != .null else { return nil }
        return value
    }

    func string(_ member: String) -> String? { value(member)?.stringValue }

    /// A string member, with an empty string read as absent (as EventBridge reads `EventPattern: ""`).
    func nonEmptyString(_ member: String) -> String? {
        string(member).flatMap { $0.isEmpty ? nil : $0 }
    }

    func integer(_ member: String) -> Int? { value(member)?.numberValue.flatMap { Int($0.text) } }

    func bool(_ member: String) -> Bool? {
        if case .bool(let flag) = value(member) { return flag }
        return nil
    }

    func strings(_ member: String) -> [String]? {
        value(member)?.arrayValue.map { $0.compactMap(\.stringValue) }
    }

    func structure(_ member: String) -> ShapeInput? { value(member)?.objectValue.map(ShapeInput.init) }

    func structures(_ member: String) -> [ShapeInput]? {
        value(member)?.arrayValue.map { $0.compactMap(\.objectValue).map(ShapeInput.init) }
    }

    /// A timestamp member: epoch seconds, or RFC 3339 text.
    func date(_ member: String) -> Date? {
        switch value(member) {
        case .number(let number): Date(timeIntervalSince1970: number.doubleValue)
        case .string(let text): try? EventTime.parse(text)
        default: nil
        }
    }

    /// The object without its `null` members: what a resource keeps of a definition it returns as sent.
    var withoutNulls: JSONObject {
        JSONObject(object.compactMap { $0.value == .null ? nil : ($0.key, $0.value.withoutNulls) })
    }
}

extension JSONValue {
    /// The value with `null` object members removed at every depth.
    var withoutNulls: JSONValue {
        switch self {
        case .object(let object): .object(ShapeInput(object).withoutNulls)
        case .array(let elements): .array(elements.map(\.withoutNulls))
        default: self
        }
    }
}
