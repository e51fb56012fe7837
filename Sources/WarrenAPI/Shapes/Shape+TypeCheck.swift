import EventPatterns
import WarrenCore

extension StructureShape {
    /// Checks a request body's member types, as AWS's deserializer does before any validation.
    ///
    /// `null` members and members the shape does not have are ignored, as AWS ignores them.
    /// - Throws: `SerializationException` with AWS's text for the first member of the wrong type.
    func checkTypes(ofBody body: JSONValue) throws(EventBridgeError) {
        try Shape.structure(self).checkType(of: body)
    }
}

extension Shape {
    /// Checks that `value` has this shape's JSON type, recursively.
    func checkType(of value: JSONValue) throws(EventBridgeError) {
        if case .null = value { return }
        switch self {
        case .string:
            guard case .string = value else { throw Self.mismatch(value, expected: "a String") }
        case .integer:
            guard case .number(let number) = value, Self.isInteger(number) else {
                throw Self.mismatch(value, expected: "an Integer")
            }
        case .boolean:
            guard case .bool = value else { throw Self.mismatch(value, expected: "a Boolean") }
        case .timestamp:
            // botocore sends epoch seconds; RFC 3339 text is accepted too, as the AWS CLI's own files use it.
            switch value {
            case .number: return
            case .string(let text) where (try? EventTime.parse(text)) != nil: return
            default: throw Self.mismatch(value, expected: "a Timestamp")
            }
        case .list(let list):
            guard case .array(let elements) = value else { throw Self.containerMismatch(value, expected: "list") }
            for element in elements { try list.member.checkType(of: element) }
        case .map(let map):
            guard case .object(let object) = value else { throw Self.containerMismatch(value, expected: "map") }
            for (_, member) in object { try map.value.checkType(of: member) }
        case .structure(let structure):
            guard case .object(let object) = value else { throw Self.containerMismatch(value, expected: "structure") }
            for member in structure.members {
                if let memberValue = object[member.name] { try member.shape.checkType(of: memberValue) }
            }
        }
    }

    /// Whole numbers only: `5`, not `5.0` or `5e0`.
    static func isInteger(_ number: JSONNumber) -> Bool {
        !number.text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" })
    }

    /// AWS's texts for a scalar member of the wrong type.
    private static func mismatch(_ value: JSONValue, expected: String) -> EventBridgeError {
        let message =
            switch value {
            case .array: "Start of list found where not expected"
            case .object: "Start of structure or map found where not expected."
            case .string: "STRING_VALUE can not be converted to \(expected)"
            case .number: "NUMBER_VALUE can not be converted to \(expected)"
            case .bool(true): "TRUE_VALUE can not be converted to \(expected)"
            case .bool(false): "FALSE_VALUE can not be converted to \(expected)"
            case .null: "null can not be converted to \(expected)"
            }
        return EventBridgeError(.serialization, message)
    }

    /// AWS's texts for a list, map or structure member of the wrong type.
    private static func containerMismatch(_ value: JSONValue, expected: String) -> EventBridgeError {
        switch (value, expected) {
        case (.array, _): EventBridgeError(.serialization, "Start of list found where not expected")
        case (.object, _): EventBridgeError(.serialization, "Start of structure or map found where not expected.")
        case (_, "list"): EventBridgeError(.serialization, "Expected list or null")
        case (_, "map"): EventBridgeError(.serialization, "Expected map or null")
        default: EventBridgeError(.serialization, "Expected null")
        }
    }
}
