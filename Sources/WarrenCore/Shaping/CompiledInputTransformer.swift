import EventPatterns

/// An `InputTransformer` compiled once: the template's literal byte ranges and placeholders, and the paths of the
/// variables it uses.
struct CompiledInputTransformer: Sendable {
    /// What a placeholder stands for.
    enum Variable: Sendable, Hashable {
        /// The value of `paths[index]`.
        case path(Int)
        case reserved(ReservedInputVariable)
    }

    /// A piece of the template.
    enum Segment: Sendable, Hashable {
        case literal(Range<Int>)
        case placeholder(name: String, variable: Variable, position: InputTemplate.Position)
    }

    let template: [UInt8]
    let shape: InputTemplate.Shape
    let segments: [Segment]
    /// The paths of the variables the template uses, each once.
    let paths: [EventJSONPath]

    /// Validates and compiles `transformer`.
    /// - Throws: every problem, constraints first.
    init(_ transformer: InputTransformer, targetID: String, requestPath: String?) throws(TargetInputValidationError) {
        var check = Check(targetID: targetID, requestPath: requestPath)
        let paths = check.pathsMap(transformer.inputPathsMap)
        guard let template = check.template(transformer.inputTemplate, definedNames: transformer.inputPathsMap)
        else { throw check.error }
        guard check.isClean else { throw check.error }

        // Each used path once, in order of first use.
        var usedPaths: [EventJSONPath] = []
        var pathIndex: [String: Int] = [:]
        var segments: [Segment] = []
        var literalStart = 0
        for placeholder in template.placeholders {
            guard let position = placeholder.position else { continue }  // only an unshaped template has none
            let variable: Variable
            if let reserved = ReservedInputVariable(rawValue: placeholder.name) {
                variable = .reserved(reserved)
            } else if let index = pathIndex[placeholder.name] {
                variable = .path(index)
            } else {
                pathIndex[placeholder.name] = usedPaths.count
                variable = .path(usedPaths.count)
                // Always defined: an undefined name was refused above.
                usedPaths.append(paths[placeholder.name] ?? EventJSONPath.wholeEvent)
            }
            if placeholder.range.lowerBound > literalStart {
                segments.append(.literal(literalStart..<placeholder.range.lowerBound))
            }
            segments.append(.placeholder(name: placeholder.name, variable: variable, position: position))
            literalStart = placeholder.range.upperBound
        }
        if literalStart < template.bytes.count { segments.append(.literal(literalStart..<template.bytes.count)) }
        self.template = template.bytes
        self.shape = template.shape
        self.segments = segments
        self.paths = usedPaths
    }

    /// The checks of an `InputTransformer`, collecting AWS's constraint failures apart from the other problems,
    /// since AWS reports the constraints first.
    private struct Check {
        let targetID: String
        let requestPath: String?
        var constraints: [TargetInputProblem] = []
        var problems: [TargetInputProblem] = []

        init(targetID: String, requestPath: String?) {
            self.targetID = targetID
            self.requestPath = requestPath
        }

        var isClean: Bool { constraints.isEmpty && problems.isEmpty }
        var error: TargetInputValidationError { TargetInputValidationError(problems: constraints + problems) }

        /// Checks the names and paths of `map` (in name order, so problems come in a stable order); the paths that
        /// parse.
        mutating func pathsMap(_ map: [String: String]) -> [String: EventJSONPath] {
            let names = map.keys.sorted()
            // AWS's validation shows the whole map, as Java prints one.
            let shownMap = "{" + names.map { "\($0)=\(map[$0] ?? "")" }.joined(separator: ", ") + "}"
            if map.count > TargetInputLimits.maximumVariables {
                constraint(
                    "Member must have length less than or equal to \(TargetInputLimits.maximumVariables)", shownMap)
            }
            var paths: [String: EventJSONPath] = [:]
            for name in names {
                let length = TargetInputLimits.length(name)
                if name.lowercased().hasPrefix(ReservedInputVariable.reservedPrefix) {
                    // The name pattern refuses these too (a dot); saying they are reserved says why.
                    problem(
                        .inputPathsMap, .reservedVariableName,
                        "InputPathsMap for target \(targetID) contains reserved name \(name): names may not start with \"aws.\"."
                    )
                } else if length == 0 {
                    constraint(
                        "Map keys must satisfy constraint: [Member must have length greater than or equal to 1]",
                        shownMap)
                } else if length > TargetInputLimits.maximumVariableNameLength {
                    constraint(
                        "Map keys must satisfy constraint: [Member must have length less than or equal to \(TargetInputLimits.maximumVariableNameLength)]",
                        shownMap)
                } else if !name.utf8.allSatisfy(TargetInputLimits.isVariableNameByte) {
                    constraint(
                        "Map keys must satisfy constraint: [Member must satisfy regular expression pattern: \(TargetInputLimits.variableNamePattern)]",
                        shownMap)
                }
                let pathText = map[name] ?? ""
                guard TargetInputLimits.length(pathText) <= TargetInputLimits.maximumPathLength else {
                    constraint(
                        "Map value must satisfy constraint: [Member must have length less than or equal to \(TargetInputLimits.maximumPathLength)]",
                        shownMap)
                    continue
                }
                do {
                    paths[name] = try EventJSONPath(parsing: pathText)
                } catch {
                    problem(
                        .inputPathsMap, .invalidJSONPath,
                        "InputPathsMap for target \(targetID) has an invalid JSON path for \(name): \(error).")
                }
            }
            return paths
        }

        /// Checks the template's length, placeholders and shape; the template, unless its length is wrong.
        mutating func template(_ text: String, definedNames: [String: String]) -> InputTemplate? {
            let length = TargetInputLimits.length(text)
            guard length >= 1 else {
                constraint(.inputTemplate, "Member must have length greater than or equal to 1", text)
                return nil
            }
            guard length <= TargetInputLimits.maximumTemplateLength else {
                constraints.append(
                    .tooLong(
                        .inputTemplate, value: text, maximum: TargetInputLimits.maximumTemplateLength,
                        requestPath: requestPath))
                return nil
            }
            let template = InputTemplate(text)
            var reported: Set<String> = []
            // Every `<name>`, wherever it is, as AWS looks for them.
            for placeholder in InputTemplate.placeholders(in: template.bytes)
            where definedNames[placeholder.name] == nil && ReservedInputVariable(rawValue: placeholder.name) == nil
                && reported.insert(placeholder.name).inserted
            {
                problem(
                    .inputTemplate, .invalidPlaceholder,
                    "InputTemplate for target \(targetID) contains invalid placeholder \(placeholder.name).")
            }
            for shapeProblem in template.problems {
                problems.append(CompiledInputTransformer.problem(shapeProblem, targetID: targetID))
            }
            return template
        }

        private mutating func constraint(_ constraint: String, _ shownMap: String) {
            self.constraint(.inputPathsMap, constraint, shownMap)
        }

        private mutating func constraint(_ field: TargetInputField, _ constraint: String, _ value: String) {
            constraints.append(.constraint(field, value: value, constraint: constraint, requestPath: requestPath))
        }

        private mutating func problem(_ field: TargetInputField, _ code: TargetInputProblem.Code, _ message: String) {
            problems.append(TargetInputProblem(field: field, code: code, message: message))
        }
    }

    private static func problem(_ problem: InputTemplate.Problem, targetID: String) -> TargetInputProblem {
        switch problem.kind {
        case .placeholderAsKey:
            TargetInputProblem(
                field: .inputTemplate, code: .placeholderAsObjectKey,
                message:
                    "InputTemplate for target \(targetID) uses placeholder \(problem.detail) in an object key; a placeholder cannot be used as an object key."
            )
        case .jsonOnlyVariableInString:
            TargetInputProblem(
                field: .inputTemplate, code: .jsonOnlyVariableInString,
                message:
                    "InputTemplate for target \(targetID) uses \(problem.detail) inside a string; it can only be used as a value for a JSON field."
            )
        case .notJSON:
            TargetInputProblem(
                field: .inputTemplate, code: .templateNotJSON,
                message:
                    "InputTemplate for target \(targetID) starts like JSON but is not valid JSON: \(problem.detail).")
        }
    }

    /// Fills the template for `event`.
    func payload(
        forEvent event: JSONValue, eventBytes: [UInt8]?, context: TargetInputContext
    ) -> Result<[UInt8], TargetInputFailure> {
        guard shape != .unshaped else { return .failure(TargetInputFailure(.templateNeitherJSONNorString)) }
        let values = paths.map { $0.select(in: event) }
        var writer = InputValueWriter(capacity: template.count + 64 * paths.count)
        for segment in segments {
            switch segment {
            case .literal(let range):
                writer.output.append(contentsOf: template[range])
            case .placeholder(let name, let variable, let position):
                let value: JSONValue?
                switch variable {
                case .path(let index):
                    value = values[index]
                case .reserved(.ruleARN):
                    value = .string(context.ruleARN)
                case .reserved(.ruleName):
                    value = .string(context.ruleName)
                case .reserved(.ingestionTime):
                    value = .string(EventTime.format(context.ingestionTime))
                case .reserved(.event):
                    value = InputValueWriter.eventSummary(of: event, ingestionTime: context.ingestionTime)
                case .reserved(.eventJSON):
                    // Only ever a JSON value (checked when compiled): the event exactly as delivered.
                    writer.output.append(contentsOf: eventBytes ?? Array(event.serialized().utf8))
                    continue
                }
                if let failure = writer.write(value, placeholder: name, at: position) { return .failure(failure) }
            }
        }
        return writer.finished()
    }
}
