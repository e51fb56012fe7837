import EventPatterns
import WarrenCore

extension Shape {
    /// How AWS's Java service prints a value in a validation message: strings as they are, lists as
    /// `[a, b]`, structures as `Name(member=value, ...)` with every member (`null` when absent), maps as `{k=v}`.
    func awsDescription(of value: JSONValue) -> String {
        switch (self, value) {
        case (_, .null): return "null"
        case (_, .string(let text)): return text
        case (_, .number(let number)): return number.text
        case (_, .bool(let flag)): return flag ? "true" : "false"
        case (.list(let list), .array(let elements)):
            return "[\(elements.map { list.member.awsDescription(of: $0) }.joined(separator: ", "))]"
        case (.map(let map), .object(let object)):
            return "{\(object.map { "\($0.key)=\(map.value.awsDescription(of: $0.value))" }.joined(separator: ", "))}"
        case (.structure(let structure), .object(let object)):
            if structure.name == StructureShape.putEventsRequestEntry.name {
                // PutEvents' own validator prints entries exactly as EventBridge does.
                return PutEventsValidator.awsDescription(PutEventsRequestEntry(shapeInput: ShapeInput(object)))
            }
            let members = structure.members.map { member in
                "\(member.pathName)=\(member.shape.awsDescription(of: object[member.name] ?? .null))"
            }
            return "\(structure.name)(\(members.joined(separator: ", ")))"
        case (_, .array(let elements)):
            return "[\(elements.map { Shape.boolean.awsDescription(of: $0) }.joined(separator: ", "))]"
        case (_, .object):
            return value.serialized()
        }
    }
}
