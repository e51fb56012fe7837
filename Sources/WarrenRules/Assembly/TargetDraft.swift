import WarrenCore

/// A target as read from a file, with where its checked values were written.
struct TargetDraft {
    var target: RuleTarget
    /// Where the target's entry starts.
    var position: SourcePosition
    var idPosition: SourcePosition
    var retryAttemptsPosition: SourcePosition?
    var eventAgePosition: SourcePosition?
    var deadLetterQueuePosition: SourcePosition?
    var maximumDeliveriesPosition: SourcePosition?
    /// The template resource the target stands for.
    var origin: TargetOrigin?
}
