/// Why an event pattern is invalid, with the message EventBridge gives (`InvalidEventPatternException`).
public struct EventPatternError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The message exactly as AWS gives it: `Event pattern is not valid. Reason: <reason>`.
    public var message: String
    /// AWS's reason text.
    public var reason: String
    /// Every problem found, each with its JSON path; the first is the one AWS reports.
    public var problems: [String]
    /// The problems as values.
    public var problemDetails: [PatternProblem]
    /// The message with the parser position AWS appends when it has one, such as
    /// `\n at [Source: (String)"{"int": 42}"; line: 1, column: 11]`.
    public var rawMessage: String

    /// Creates an error whose first problem is AWS's reason.
    init(reason: String, rawReason: String? = nil, problems: [PatternProblem]) {
        self.reason = reason
        self.message = EventPatternError.prefix + reason
        self.rawMessage = EventPatternError.prefix + (rawReason ?? reason)
        let details = problems.isEmpty ? [PatternProblem(reason: reason, path: "$")] : problems
        self.problemDetails = details
        self.problems = details.map(\.description)
    }

    /// The prefix of every AWS message.
    static let prefix = "Event pattern is not valid. Reason: "

    /// AWS's message on the first line, then every problem with its place.
    public var description: String {
        ([message] + problems.map { "  - \($0)" }).joined(separator: "\n")
    }
}
