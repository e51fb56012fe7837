/// A reason EventBridge gives for refusing a pattern, in its exact words, for example `Empty arrays are not allowed`.
struct PatternReason: Error, Sendable, Hashable {
    /// The reason text.
    var text: String

    init(_ text: String) {
        self.text = text
    }
}
