import EventPatterns
import Testing
import WarrenRules

/// Loads YAML text as `rules.yaml`.
func loadRules(_ yaml: String, limits: PatternLimits = PatternLimits()) throws(RulesFileError) -> RulesFile {
    try RulesFileLoader.parse(yaml: yaml, path: "rules.yaml", limits: limits)
}

/// The problems of YAML text that must fail to load (an empty list, and a recorded issue, when it loads).
func problems(
    _ yaml: String, limits: PatternLimits = PatternLimits(), sourceLocation: SourceLocation = #_sourceLocation
) -> [RulesFileProblem] {
    do {
        _ = try loadRules(yaml, limits: limits)
        Issue.record("the file loaded, but problems were expected", sourceLocation: sourceLocation)
        return []
    } catch {
        return error.problems
    }
}

/// The problems of YAML text that must fail to load, as `file:line:column: rule 'x': message` lines.
func problemLines(_ yaml: String, sourceLocation: SourceLocation = #_sourceLocation) -> [String] {
    problems(yaml, sourceLocation: sourceLocation).map(\.description)
}

/// A pattern from JSON text, for comparisons.
func pattern(_ json: String) throws -> EventPattern {
    try EventPattern(parsing: json)
}
