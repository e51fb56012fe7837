import EventPatterns
import WarrenCore

/// A rule as read from a file, before the checks that span rules: its values and where each was written.
struct RuleDraft {
    var name: String
    var namePosition: SourcePosition
    var bus: String
    var busPosition: SourcePosition
    /// Whether the bus must be one the file declares: in Warren's format, where an undeclared bus is a typo; a
    /// template's rules may name buses that exist outside it.
    var busMustBeDeclared: Bool
    var description: String?
    var descriptionPosition: SourcePosition?
    var state: RuleState
    /// Nil when the pattern is missing or invalid (already reported).
    var pattern: EventPattern?
    var targets: [TargetDraft]
}
