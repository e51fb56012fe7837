import WarrenCore

/// A target's `Input`, `InputPath` and `InputTransformer` as read from a file (either format), each with the place
/// of its key, before validation.
struct TargetInputDraft {
    /// A value and the place of the key that gave it.
    struct Keyed {
        var value: String
        var keyPosition: SourcePosition
    }

    /// One `InputPathsMap` entry.
    struct Variable {
        var name: String
        var path: String
        var keyPosition: SourcePosition
    }

    /// An `InputTransformer` as read; `template` is nil when the key is missing (the reader reported it).
    struct Transformer {
        var keyPosition: SourcePosition
        var pathsMapKeyPosition: SourcePosition?
        var variables: [Variable] = []
        var template: Keyed?
    }

    var input: Keyed?
    var inputPath: Keyed?
    var transformer: Transformer?

    /// The target's input, validated as PutTargets validates it (`TargetInput`): each problem is an error at the
    /// key it concerns, with AWS's message; a template every delivery of which would fail is a warning. Nil when
    /// the options are invalid (the target then keeps `.event`, and the file does not load).
    func resolve(targetID: String, rule: String?, log: inout ProblemLog) -> TargetInput? {
        let inputTransformer = transformer.flatMap { transformer in
            transformer.template.map { template in
                InputTransformer(
                    inputPathsMap: Dictionary(
                        transformer.variables.map { ($0.name, $0.path) }, uniquingKeysWith: { _, last in last }),
                    inputTemplate: template.value)
            }
        }
        let resolved: TargetInput
        do {
            resolved = try TargetInput(
                input: input?.value, inputPath: inputPath?.value, inputTransformer: inputTransformer,
                targetID: targetID)
        } catch {
            for problem in error.problems {
                log.error(.invalidTargetInput, at: position(of: problem, targetID: targetID), rule: rule, problem.message)
            }
            return nil
        }
        if let reason = (try? CompiledTargetInput(resolved, targetID: targetID))?.undeliverableReason {
            log.warning(
                .undeliverableInput, at: transformer?.template?.keyPosition ?? transformer?.keyPosition ?? .start,
                rule: rule,
                "target '\(targetID)': \(reason.message); every matching event will go to the dead-letter queue with "
                    + "ERROR_CODE \(reason.code)")
        }
        return resolved
    }

    /// The key a problem concerns: the option's key, the template's, or the `InputPathsMap` variable's.
    private func position(of problem: TargetInputProblem, targetID: String) -> SourcePosition {
        let transformerKey = transformer?.keyPosition
        switch problem.field {
        case .input: return input?.keyPosition ?? .start
        case .inputPath: return inputPath?.keyPosition ?? .start
        case .inputTransformer: return transformerKey ?? .start
        case .inputTemplate: return transformer?.template?.keyPosition ?? transformerKey ?? .start
        case .inputPathsMap:
            // A problem of one variable is at its name: the one that, checked alone, has a problem of this kind.
            if problem.code != .constraint, let variable = transformer?.variables.first(where: { variable in
                let alone = InputTransformer(inputPathsMap: [variable.name: variable.path], inputTemplate: "{}")
                return TargetInput.transformer(alone).problems(targetID: targetID).contains { $0.code == problem.code }
            }) {
                return variable.keyPosition
            }
            return transformer?.pathsMapKeyPosition ?? transformerKey ?? .start
        }
    }
}
