/// What a rule target receives for each matching event: EventBridge's mutually exclusive `Input`, `InputPath` and
/// `InputTransformer` options (spec §5.2, §5.3), as written in a rules file or a PutTargets request.
///
/// The texts are kept as written, so the target can be described back exactly; `CompiledTargetInput` validates
/// them and prepares them for delivery.
public enum TargetInput: Sendable, Hashable {
    /// No option: the whole event, as it was put on the bus.
    case event
    /// `Input`: this constant JSON text instead of the event.
    case constant(String)
    /// `InputPath`: the part of the event this JSONPath selects, as JSON (a string becomes `"baz"`).
    case path(String)
    /// `InputTransformer`: values picked from the event and put into a template.
    case transformer(InputTransformer)
}

/// EventBridge's `InputTransformer`: variables picked from the event by JSONPath, and the template they fill.
public struct InputTransformer: Sendable, Hashable {
    /// Variable name to JSONPath; at most 100 entries. Names match `[A-Za-z0-9_-]+` and may not start with `aws.`.
    public var inputPathsMap: [String: String]
    /// 1 to 8,192 characters with `<name>` placeholders for the variables and the reserved `<aws.events...>` ones.
    public var inputTemplate: String

    /// Creates a transformer.
    public init(inputPathsMap: [String: String] = [:], inputTemplate: String) {
        self.inputPathsMap = inputPathsMap
        self.inputTemplate = inputTemplate
    }
}

extension TargetInput {
    /// The target's input from its three optional fields, checked as PutTargets checks them.
    ///
    /// - Parameters:
    ///   - targetID: the target's `Id`, which AWS's messages name.
    ///   - requestPath: where the target is in a PutTargets request (`targets.1.member`), for the wording of
    ///     constraint failures; `nil` names the fields as a rules file does (`InputPath`).
    /// - Throws: every problem, in the order AWS checks: length and count constraints, then that only one option
    ///   is given, then the options' contents.
    public init(
        input: String?, inputPath: String?, inputTransformer: InputTransformer?, targetID: String,
        requestPath: String? = nil
    ) throws(TargetInputValidationError) {
        var given: [(field: TargetInputField, input: TargetInput)] = []
        if let input { given.append((.input, .constant(input))) }
        if let inputPath { given.append((.inputPath, .path(inputPath))) }
        if let inputTransformer { given.append((.inputTransformer, .transformer(inputTransformer))) }
        guard given.count > 1 else {
            let chosen = given.first?.input ?? .event
            try chosen.validate(targetID: targetID, requestPath: requestPath)
            self = chosen
            return
        }
        let problems = given.flatMap { $0.input.problems(targetID: targetID, requestPath: requestPath) }
        let exclusivity = TargetInputProblem(
            field: given[1].field, code: .moreThanOneInput,
            message: "Only one of Input, InputPath, or InputTransformer must be provided for target \(targetID).")
        throw TargetInputValidationError(
            problems: problems.filter { $0.code == .constraint } + [exclusivity]
                + problems.filter { $0.code != .constraint })
    }

    /// Everything PutTargets would refuse in this input; empty when it is valid.
    public func problems(targetID: String, requestPath: String? = nil) -> [TargetInputProblem] {
        do {
            _ = try CompiledTargetInput(self, targetID: targetID, requestPath: requestPath)
            return []
        } catch {
            return error.problems
        }
    }

    /// Checks the input as PutTargets does.
    /// - Throws: every problem found.
    public func validate(targetID: String, requestPath: String? = nil) throws(TargetInputValidationError) {
        _ = try CompiledTargetInput(self, targetID: targetID, requestPath: requestPath)
    }
}
