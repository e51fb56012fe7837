/// Why an event cannot be delivered in the shape its target asks for. AWS silently drops such events; Warren
/// dead-letters them with `code` and `message` as `ERROR_CODE` and `ERROR_MESSAGE`.
public struct TargetInputFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Reason: Sendable, Hashable {
        /// `InputPath` selects nothing in the event.
        case pathSelectsNothing(path: String)
        /// The template is neither JSON nor one quoted string (`<v> single list item`).
        case templateNeitherJSONNorString
        /// A variable holding an object or array sits inside a string of a JSON template.
        case containerInsideString(placeholder: String, isArray: Bool)
        /// A value inserted unescaped (as AWS inserts values) made the output invalid JSON.
        case outputNotJSON(parserMessage: String)
    }

    /// The dead-letter `ERROR_CODE`s of input shaping.
    public enum ErrorCode {
        /// `InputPath` selects nothing.
        public static let inputPathNotFound = "INPUT_PATH_NOT_FOUND"
        /// The template can never produce JSON.
        public static let inputTemplateNotJSON = "INPUT_TEMPLATE_NOT_JSON"
        /// This event's values made the template's output invalid.
        public static let invalidTransformedInput = "INVALID_TRANSFORMED_INPUT"
    }

    /// What went wrong.
    public let reason: Reason

    /// Creates a failure.
    public init(_ reason: Reason) {
        self.reason = reason
    }

    /// The dead-letter `ERROR_CODE`.
    public var code: String {
        switch reason {
        case .pathSelectsNothing: ErrorCode.inputPathNotFound
        case .templateNeitherJSONNorString: ErrorCode.inputTemplateNotJSON
        case .containerInsideString, .outputNotJSON: ErrorCode.invalidTransformedInput
        }
    }

    /// The dead-letter `ERROR_MESSAGE`: what was wrong with this event's input, in one line.
    public var message: String {
        switch reason {
        case .pathSelectsNothing(let path):
            "InputPath \(path) selects nothing in the event, so there is no input to deliver"
        case .templateNeitherJSONNorString:
            "InputTemplate is neither JSON nor a quoted string, so it cannot produce input to deliver"
        case .containerInsideString(let placeholder, let isArray):
            "placeholder <\(placeholder)> holds \(isArray ? "an array" : "an object"), which cannot be inserted inside a JSON string"
        case .outputNotJSON(let parserMessage):
            "the transformed input is not valid JSON (values from the event are inserted unescaped): \(parserMessage)"
        }
    }

    /// `<code>: <message>`.
    public var description: String { "\(code): \(message)" }
}
