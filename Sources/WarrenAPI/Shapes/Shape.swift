/// A member type of the EventBridge service model, with the constraints AWS validates on input.
///
/// The operations' input shapes are generated from botocore's model (`EventBridgeShapes.swift`); requests are
/// checked against them in two passes, as AWS does: member types first (`SerializationException`), then
/// constraints (`ValidationException`, every problem listed).
indirect enum Shape: Sendable {
    case structure(StructureShape)
    case list(ListShape)
    case map(MapShape)
    case string(StringShape)
    case integer(IntegerShape)
    case boolean
    case timestamp
}

/// A structure: named members in the model's order (the order AWS reports problems in).
struct StructureShape: Sendable {
    var name: String
    var members: [ShapeMember]
}

/// One member of a structure.
struct ShapeMember: Sendable {
    /// The member's name on the wire (`EventBusName`).
    var name: String
    var shape: Shape
    var isRequired: Bool

    init(_ name: String, _ shape: Shape, required: Bool = false) {
        self.name = name
        self.shape = shape
        self.isRequired = required
    }

    /// The name in AWS's validation messages: the member name with a lower-case first letter (`eventBusName`).
    var pathName: String { name.prefix(1).lowercased() + name.dropFirst() }
}

struct ListShape: Sendable {
    var member: Shape
    var minimumLength: Int?
    var maximumLength: Int?

    init(member: Shape, minimumLength: Int? = nil, maximumLength: Int? = nil) {
        self.member = member
        self.minimumLength = minimumLength
        self.maximumLength = maximumLength
    }
}

struct MapShape: Sendable {
    var key: Shape
    var value: Shape
    var minimumLength: Int?
    var maximumLength: Int?

    init(key: Shape, value: Shape, minimumLength: Int? = nil, maximumLength: Int? = nil) {
        self.key = key
        self.value = value
        self.minimumLength = minimumLength
        self.maximumLength = maximumLength
    }
}

struct StringShape: Sendable {
    /// In UTF-16 code units, as Java counts a string's length.
    var minimumLength: Int?
    var maximumLength: Int?
    /// A Java regular expression the whole value must match.
    var pattern: String?
    var allowedValues: [String]?

    init(minimumLength: Int? = nil, maximumLength: Int? = nil, pattern: String? = nil, allowedValues: [String]? = nil) {
        self.minimumLength = minimumLength
        self.maximumLength = maximumLength
        self.pattern = pattern
        self.allowedValues = allowedValues
    }
}

struct IntegerShape: Sendable {
    var minimum: Int?
    var maximum: Int?

    init(minimum: Int? = nil, maximum: Int? = nil) {
        self.minimum = minimum
        self.maximum = maximum
    }
}
