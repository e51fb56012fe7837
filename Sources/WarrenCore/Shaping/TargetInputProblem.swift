/// A field of a target's input options, as a rules file and the PutTargets API name it.
public enum TargetInputField: String, Sendable, Hashable, CaseIterable {
    case input = "Input"
    case inputPath = "InputPath"
    case inputTransformer = "InputTransformer"
    case inputPathsMap = "InputTransformer.InputPathsMap"
    case inputTemplate = "InputTransformer.InputTemplate"

    /// The member name AWS's request validation uses (`inputTransformer.inputTemplate`).
    var requestMember: String {
        switch self {
        case .input: "input"
        case .inputPath: "inputPath"
        case .inputTransformer: "inputTransformer"
        case .inputPathsMap: "inputTransformer.inputPathsMap"
        case .inputTemplate: "inputTransformer.inputTemplate"
        }
    }
}

/// One thing PutTargets (or a rules file) refuses in a target's input options: which field, what kind of
/// problem, and the message, AWS's own where it is known.
public struct TargetInputProblem: Sendable, Hashable, CustomStringConvertible {
    /// The kind of problem, stable across releases (match on it rather than on `message`).
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        /// The code's name, such as `invalidPlaceholder`.
        public let rawValue: String

        /// Creates a code; the static members are the codes the validation uses.
        public init(_ rawValue: String) {
            self.rawValue = rawValue
        }

        /// A length, count or pattern constraint of the API model. AWS checks these first and words them
        /// `1 validation error detected: Value '...' at '...' failed to satisfy constraint: ...`.
        public static let constraint = Code("constraint")
        /// More than one of Input, InputPath and InputTransformer [AWS text, aws-verified].
        public static let moreThanOneInput = Code("moreThanOneInput")
        /// `Input` that is not JSON [AWS text].
        public static let inputNotJSON = Code("inputNotJSON")
        /// A JSONPath Warren cannot read or does not support [Warren's text].
        public static let invalidJSONPath = Code("invalidJSONPath")
        /// An `InputPathsMap` name starting with `aws.`, the reserved prefix [Warren's text].
        public static let reservedVariableName = Code("reservedVariableName")
        /// A template placeholder that is neither defined nor reserved [AWS text, aws-verified].
        public static let invalidPlaceholder = Code("invalidPlaceholder")
        /// A placeholder used as (or inside) an object key of a JSON template [Warren's text].
        public static let placeholderAsObjectKey = Code("placeholderAsObjectKey")
        /// `<aws.events.event>` or `<aws.events.event.json>` inside a string [Warren's text].
        public static let jsonOnlyVariableInString = Code("jsonOnlyVariableInString")
        /// A template that starts with `{` or `[` but is not JSON [Warren's text].
        public static let templateNotJSON = Code("templateNotJSON")

        /// The code's name.
        public var description: String { rawValue }
    }

    /// The field the problem is in.
    public var field: TargetInputField
    /// What kind of problem this is.
    public var code: Code
    /// What is wrong, in one line: for the HTTP API a `ValidationException`'s message.
    public var message: String

    /// Creates a problem.
    public init(field: TargetInputField, code: Code, message: String) {
        self.field = field
        self.code = code
        self.message = message
    }

    /// A failed constraint of the API model, in AWS's words.
    static func constraint(
        _ field: TargetInputField, value: String, constraint: String, requestPath: String?
    ) -> TargetInputProblem {
        let member = requestPath.map { "\($0).\(field.requestMember)" } ?? field.rawValue
        return TargetInputProblem(
            field: field, code: .constraint,
            message:
                "1 validation error detected: Value '\(value)' at '\(member)' failed to satisfy constraint: \(constraint)"
        )
    }

    /// A value longer than the API model allows.
    static func tooLong(
        _ field: TargetInputField, value: String, maximum: Int, requestPath: String?
    ) -> TargetInputProblem {
        .constraint(
            field, value: value, constraint: "Member must have length less than or equal to \(maximum)",
            requestPath: requestPath)
    }

    /// The message.
    public var description: String { message }
}

/// A target's input options that cannot be accepted, with every problem found.
public struct TargetInputValidationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The problems, in the order AWS checks; the first is what PutTargets reports.
    public var problems: [TargetInputProblem]

    /// Creates the error.
    public init(problems: [TargetInputProblem]) {
        self.problems = problems
    }

    /// The messages, one per line.
    public var description: String { problems.map(\.message).joined(separator: "\n") }
}
