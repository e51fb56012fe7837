public import EventPatterns
import Foundation
import WarrenCore
import Yams

/// Loads rules files in either of their two shapes, validating everything and reporting every problem at once.
///
/// - **Warren's YAML** (a top-level `rules:` list): `buses`, and rules with `name`, `bus`, `description`, `state`,
///   `eventPattern` (a YAML mapping or a JSON string) and `targets` (`id`, `retryPolicy`, `deadLetterQueue`,
///   `queueType`, `maximumDeliveries`, `acceptRawPublishes`).
/// - **An AWS CloudFormation / SAM template** (a top-level `Resources:` mapping): `AWS::Events::Rule` resources,
///   `AWS::Events::EventBus` resources, and the rules SAM makes for `CloudWatchEvent` and `EventBridgeRule`
///   events of `AWS::Serverless::Function`s (the function becomes the target).
///
/// Patterns written as YAML keep YAML's types: unquoted `true`, `null`, `25` and `1.5` are JSON booleans, null
/// and numbers, quoted values are strings. Every pattern is validated with `EventPattern(parsing:limits:)`, and an
/// invalid one is reported with AWS's message at the line of the offending value. `docs/rules-file.md` describes
/// both formats.
///
/// A template is evaluated in a `TemplateContext`: its account, region and stack name stand for the pseudo
/// parameters and build the ARNs of its resources, and its parameter overrides win over `Default`s.
///
/// YAML aliases may add at most 10,000 nodes to a file in all, checked before the file is composed, so that a
/// small hostile file cannot take unbounded memory or time.
///
/// Loading is synchronous and pure apart from reading the file; call it from any thread.
public enum RulesFileLoader {
    /// Reads and loads the file at `path`.
    ///
    /// - Throws: `RulesFileError` with every problem found, each with its line, column and rule.
    public static func load(
        path: String, context: TemplateContext = TemplateContext(), limits: PatternLimits = PatternLimits()
    ) throws(RulesFileError) -> RulesFile {
        let text: String
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            guard let decoded = String(data: data, encoding: .utf8) else {
                throw RulesFileError(
                    file: path,
                    problems: [
                        RulesFileProblem(
                            code: .unreadableFile, file: path, line: 0, column: 0, message: "the file is not UTF-8 text"
                        )
                    ])
            }
            text = decoded
        } catch let error as RulesFileError {
            throw error
        } catch {
            let reason = (error as NSError).localizedFailureReason ?? error.localizedDescription
            throw RulesFileError(
                file: path,
                problems: [
                    RulesFileProblem(
                        code: .unreadableFile, file: path, line: 0, column: 0,
                        message: "cannot read the file: \(reason)")
                ])
        }
        return try parse(yaml: text, path: path, context: context, limits: limits)
    }

    /// Loads rules from YAML text; `path` names the file in problems (and gives the default stack name).
    ///
    /// - Throws: `RulesFileError` with every problem found, each with its line, column and rule.
    public static func parse(
        yaml: String, path: String, context: TemplateContext = TemplateContext(), limits: PatternLimits = PatternLimits()
    ) throws(RulesFileError) -> RulesFile {
        try parse(yaml: yaml, path: path, context: context, limits: limits, work: LoadWork())
    }

    /// `parse`, counting its steps in `work` (for the tests that check the work grows linearly with the file).
    static func parse(
        yaml: String, path: String, context: TemplateContext, limits: PatternLimits, work: LoadWork
    ) throws(RulesFileError) -> RulesFile {
        var log = ProblemLog(file: path, work: work)
        do {
            try YAMLAliasBudget.check(yaml, work: work)
        } catch {
            switch error {
            case .invalidYAML(let yamlError):
                let (position, message) = describe(yamlError, in: yaml)
                log.error(.invalidYAML, at: position, rule: nil, message)
            case .tooLarge(_, let position, let message):
                log.error(.invalidYAML, at: position, rule: nil, message)
            }
            throw log.failure
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml, .basic)
        } catch {
            let (position, message) = describe(error, in: yaml)
            log.error(.invalidYAML, at: position, rule: nil, message)
            throw log.failure
        }
        guard let root, case .mapping(let rootMapping) = root else {
            let found = root.map { "found \($0.kindDescription)" } ?? "the file is empty"
            log.error(
                .unknownShape, at: root?.position ?? .start, rule: nil,
                "expected a mapping with 'rules:' (Warren's format) or 'Resources:' (a CloudFormation template); "
                    + found)
            throw log.failure
        }
        let top = YAMLMapping(rootMapping, at: root.position, work: work)
        let shape: RulesFile.Shape
        switch (top["rules"] != nil, top["Resources"] != nil) {
        case (true, false):
            shape = .warren
        case (false, true):
            shape = .cloudFormation
        case (true, true):
            log.error(
                .unknownShape, at: root.position, rule: nil,
                "the file has both 'rules:' (Warren's format) and 'Resources:' (a CloudFormation template); use one")
            throw log.failure
        case (false, false):
            let known = Set(WarrenRulesReader.topLevelKeys + TemplateVocabulary.topLevelKeys)
            let hint = top.entries.lazy.filter { !known.contains($0.key) }.compactMap { entry in
                KeySuggestion.closest(to: entry.key, among: ["rules", "Resources"], work: work).map { (entry, $0) }
            }.first
            if let (entry, suggestion) = hint {
                log.error(
                    .unknownKey, at: entry.keyPosition, rule: nil,
                    "unknown key '\(entry.key)'; did you mean '\(suggestion)'?")
            } else {
                log.error(
                    .unknownShape, at: root.position, rule: nil,
                    "expected 'rules:' (Warren's format) or 'Resources:' (a CloudFormation template) at the top level")
            }
            throw log.failure
        }

        let declared: [DeclaredBus]
        let drafts: [RuleDraft]
        var reader: DocumentReader
        switch shape {
        case .warren:
            reader = DocumentReader(file: path, rejectsLocalTags: true, work: work)
            if !context.parameterOverrides.isEmpty {
                reader.log.warning(
                    .unsupported, at: SourcePosition(line: 0, column: 0), rule: nil,
                    "parameter overrides are ignored: this is a Warren rules file, not a template")
            }
            let patterns = PatternReader(yaml: yaml, limits: limits, intrinsics: nil)
            (declared, drafts) = WarrenRulesReader(patterns: patterns).read(top, reader: &reader)
        case .cloudFormation:
            reader = DocumentReader(file: path, rejectsLocalTags: false, work: work)
            let stackName = context.stackName ?? TemplateContext.defaultStackName(forPath: path)
            let resolver = TemplateReader.resolver(for: top, context: context, stackName: stackName, work: work)
            let patterns = PatternReader(yaml: yaml, limits: limits, intrinsics: resolver)
            (declared, drafts) = TemplateReader(resolver: resolver, patterns: patterns).read(top, reader: &reader)
        }
        let assembly = RuleAssembler.assemble(
            drafts, declaredBuses: declared, addsUndeclaredBuses: shape == .cloudFormation, log: &reader.log)
        if reader.log.hasErrors { throw reader.log.failure }
        return RulesFile(
            path: path, shape: shape, buses: assembly.buses, rules: assembly.rules, origins: assembly.origins,
            warnings: reader.log.warnings.enumerated()
                .sorted { ($0.element.line, $0.element.column, $0.offset) < ($1.element.line, $1.element.column, $1.offset) }
                .map(\.element))
    }

    /// The place and one-line message of a YAML error.
    private static func describe(_ error: any Error, in yaml: String) -> (SourcePosition, String) {
        guard let error = error as? YamlError else { return (.start, "invalid YAML: \(error)") }
        func contextText(_ context: YamlError.Context?) -> String {
            context.map { " (\($0.text) at line \($0.mark.line), column \($0.mark.column))" } ?? ""
        }
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            return (SourcePosition(mark), "invalid YAML: \(problem)\(contextText(context))")
        case .reader(let problem, let offset, _, _):
            return (position(ofCharacter: offset ?? 0, in: yaml), "invalid YAML: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return (SourcePosition(context.mark), "invalid YAML: duplicate key \(keys) in a mapping")
        default:
            return (.start, "invalid YAML: \(error)")
        }
    }

    private static func position(ofCharacter offset: Int, in text: String) -> SourcePosition {
        var line = 1
        var column = 1
        for character in text.prefix(offset) {
            if character == "\n" || character == "\r\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return SourcePosition(line: line, column: column)
    }
}
