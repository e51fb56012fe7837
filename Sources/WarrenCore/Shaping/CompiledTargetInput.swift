public import EventPatterns

// Design note: shaping what a target receives.
//
// Parse, validate, compile, then apply per delivery. `TargetInput` keeps the options as written (for describing
// the target back); compiling validates them with AWS's checks and messages (`TargetInputProblem`) and prepares
// them once per target: `Input` becomes its bytes, `InputPath` an `EventJSONPath`, and an `InputTemplate` a list
// of literal byte ranges and placeholders, each placeholder knowing where it sits (a JSON value, inside a string
// of a JSON template, or inside a template that is one quoted string). Applying walks that list and writes into
// one byte buffer: no template is parsed per delivery, each path is evaluated once, and the output is only parsed
// again when an unescaped value could have broken it (a quote, backslash or control character inside a string).
//
// Substitution follows the spec's table (§5.3) [aws-verified]. Where the spec is silent, Warren decides:
// - a missing value is the empty string in every position: `"command": <command>` gives `"command": ""`, as
//   LocalStack's AWS snapshot `test_put_events_with_input_transformer_input_template_json` recorded;
// - `null` is written as `null`, like a number or a boolean;
// - output that is not valid JSON is not delivered (AWS would pass it to the target, or drop it); the consumer
//   dead-letters the event with the failure's code and message, never drops it;
// - a template that starts with `{` or `[` must be JSON when the target is put (AWS parses such templates to
//   refuse placeholder keys); any other template that is neither JSON nor one quoted string is accepted, as AWS
//   accepts it, and every delivery of it fails with `INPUT_TEMPLATE_NOT_JSON` (`undeliverableReason` says so
//   up front);
// - templates and `Input` are delivered as written, whitespace included, so a template without placeholders
//   yields itself.

/// A target's input options, validated and compiled once, ready to shape each delivery.
public struct CompiledTargetInput: Sendable {
    enum Form: Sendable {
        case event
        case constant([UInt8])
        case path(EventJSONPath)
        case transformer(CompiledInputTransformer)
    }

    /// The options as written.
    public let input: TargetInput
    let form: Form

    /// The whole event, as it was put on the bus: what a target without input options receives.
    public static let event = CompiledTargetInput(input: .event, form: .event)

    private init(input: TargetInput, form: Form) {
        self.input = input
        self.form = form
    }

    /// Validates and compiles `input`.
    /// - Parameters:
    ///   - targetID: the target's `Id`, which AWS's messages name.
    ///   - requestPath: where the target is in a PutTargets request (`targets.1.member`), for the wording of
    ///     constraint failures; `nil` names the fields as a rules file does.
    /// - Throws: every problem PutTargets would report, in AWS's order.
    public init(_ input: TargetInput, targetID: String, requestPath: String? = nil) throws(TargetInputValidationError) {
        self.input = input
        switch input {
        case .event:
            form = .event
        case .constant(let text):
            form = .constant(try Self.compileConstant(text, targetID: targetID, requestPath: requestPath))
        case .path(let text):
            form = .path(try Self.compilePath(text, targetID: targetID, requestPath: requestPath))
        case .transformer(let transformer):
            form = .transformer(
                try CompiledInputTransformer(transformer, targetID: targetID, requestPath: requestPath))
        }
    }

    /// The failure every delivery will have, when the options can never produce input (a template that is neither
    /// JSON nor a quoted string, which AWS accepts); `nil` otherwise. A rules-file loader may warn about it.
    public var undeliverableReason: TargetInputFailure? {
        guard case .transformer(let transformer) = form, transformer.shape == .unshaped else { return nil }
        return TargetInputFailure(.templateNeitherJSONNorString)
    }

    /// What the target receives for `event`.
    ///
    /// - Parameters:
    ///   - event: the event as delivered, parsed.
    ///   - eventBytes: the event's JSON text as delivered, when the caller has it: the whole event is then passed
    ///     on byte for byte rather than serialized again.
    ///   - context: the rule and the ingestion time, for the reserved template variables.
    /// - Returns: the payload's bytes, or why the event cannot be delivered in this shape.
    public func payload(
        forEvent event: JSONValue, eventBytes: [UInt8]? = nil, context: TargetInputContext
    ) -> Result<[UInt8], TargetInputFailure> {
        switch form {
        case .event:
            return .success(eventBytes ?? Array(event.serialized().utf8))
        case .constant(let bytes):
            return .success(bytes)
        case .path(let path):
            if path.isWholeEvent, let eventBytes { return .success(eventBytes) }
            guard let value = path.select(in: event) else {
                return .failure(TargetInputFailure(.pathSelectsNothing(path: path.text)))
            }
            return .success(Array(value.serialized().utf8))
        case .transformer(let transformer):
            return transformer.payload(forEvent: event, eventBytes: eventBytes, context: context)
        }
    }

    private static func compileConstant(
        _ text: String, targetID: String, requestPath: String?
    ) throws(TargetInputValidationError) -> [UInt8] {
        if TargetInputLimits.length(text) > TargetInputLimits.maximumInputLength {
            throw TargetInputValidationError(problems: [
                .tooLong(.input, value: text, maximum: TargetInputLimits.maximumInputLength, requestPath: requestPath)
            ])
        }
        let bytes = Array(text.utf8)
        guard (try? JSONValue(parsing: bytes)) != nil else {
            throw TargetInputValidationError(problems: [
                TargetInputProblem(
                    field: .input, code: .inputNotJSON,
                    message: "Input for target \(targetID) is not a valid JSON text.")
            ])
        }
        return bytes
    }

    private static func compilePath(
        _ text: String, targetID: String, requestPath: String?
    ) throws(TargetInputValidationError) -> EventJSONPath {
        if TargetInputLimits.length(text) > TargetInputLimits.maximumPathLength {
            throw TargetInputValidationError(problems: [
                .tooLong(
                    .inputPath, value: text, maximum: TargetInputLimits.maximumPathLength, requestPath: requestPath)
            ])
        }
        do {
            return try EventJSONPath(parsing: text)
        } catch {
            throw TargetInputValidationError(problems: [
                TargetInputProblem(
                    field: .inputPath, code: .invalidJSONPath,
                    message: "InputPath for target \(targetID) is not a valid JSON path: \(error).")
            ])
        }
    }
}
