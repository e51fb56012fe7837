import EventPatterns
import Yams

/// Reads a rule's event pattern, written as a YAML mapping or as a JSON string, and validates it as EventBridge
/// does; every problem is reported with AWS's message at the line it concerns.
struct PatternReader {
    let limits: PatternLimits
    /// The file's lines, to place problems inside a JSON string.
    let lines: [Substring]
    /// CloudFormation functions, in templates.
    let intrinsics: IntrinsicResolver?

    init(yaml: String, limits: PatternLimits, intrinsics: IntrinsicResolver?) {
        self.limits = limits
        self.lines = yaml.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? $0.dropLast() : $0
        }
        self.intrinsics = intrinsics
    }

    /// The pattern in `node`; nil when it is invalid (the problems are in `reader`'s log).
    func read(_ node: Node, what: String, rule: String?, reader: inout DocumentReader) -> EventPattern? {
        if let intrinsics, intrinsics.call(in: node) != nil {
            // The whole pattern from a function: a JSON string such as `!Sub '{"account": ["${AWS::AccountId}"]}'`.
            var assumptions: [String] = []
            let value = intrinsics.evaluate(node, assumptions: &assumptions)
            for assumption in assumptions {
                reader.log.warning(.unresolvedReference, at: node.position, rule: rule, "in \(what), \(assumption)")
            }
            switch value {
            case .text(let text):
                return validate(text, at: node, locate: { _ in nil }, rule: rule, reader: &reader)
            case .unresolvable(let unresolved):
                reader.reportUnresolved(
                    unresolved, at: node.position, rule: rule,
                    "\(what) cannot be evaluated without deploying the template: \(unresolved.reason)")
            case .list, .reference:
                reader.log.error(
                    .wrongType, at: node.position, rule: rule, "\(what) must be a mapping or a JSON string, found a list")
            }
            return nil
        }
        switch node {
        case .mapping where node.localTag == nil:
            var converter = PatternYAMLConverter(intrinsics: intrinsics, work: reader.work)
            let json = converter.convert(node)
            for problem in converter.problems {
                if let unresolved = problem.unresolved {
                    reader.reportUnresolved(unresolved, at: problem.position, rule: rule, problem.message)
                } else if problem.severity == .warning {
                    reader.log.warning(problem.code, at: problem.position, rule: rule, problem.message)
                } else {
                    reader.log.error(problem.code, at: problem.position, rule: rule, problem.message)
                }
            }
            guard let json else { return nil }
            return validate(
                json, at: node, locate: { problem in converter.position(of: problem.path) }, rule: rule,
                reader: &reader)
        case .scalar(let scalar) where !node.isNull && node.localTag == nil:
            let origin = JSONTextOrigin(scalar, lines: lines)
            return validate(scalar.string, at: node, locate: { origin?.position(of: $0) }, rule: rule, reader: &reader)
        default:
            if node.localTag != nil, intrinsics == nil {
                // Warren's format: the tag is the problem.
                reader.log.error(
                    .wrongType, at: node.position, rule: rule,
                    "\(what): the YAML tag \(node.localTag ?? "") is not supported in a Warren rules file")
            } else {
                reader.log.error(
                    .wrongType, at: node.position, rule: rule,
                    "\(what) must be a mapping or a JSON string, found \(node.kindDescription)")
            }
            return nil
        }
    }

    private func validate(
        _ text: String, at node: Node, locate: (PatternProblem) -> SourcePosition?, rule: String?,
        reader: inout DocumentReader
    ) -> EventPattern? {
        reader.work.count()
        do {
            return try EventPattern(parsing: text, limits: limits)
        } catch {
            for (index, problem) in error.problemDetails.enumerated() {
                let message = index == 0 ? error.message : "Event pattern is not valid. Reason: \(problem.reason)"
                reader.log.error(
                    .invalidEventPattern, at: locate(problem) ?? node.position, rule: rule, message)
            }
            return nil
        }
    }
}
