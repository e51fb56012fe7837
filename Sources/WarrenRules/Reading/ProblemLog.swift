/// Collects the problems found while one file is read, so that every problem is reported, not only the first.
struct ProblemLog {
    let file: String
    private(set) var errors: [RulesFileProblem] = []
    private(set) var warnings: [RulesFileProblem] = []

    init(file: String) {
        self.file = file
    }

    var hasErrors: Bool { !errors.isEmpty }

    mutating func error(_ code: RulesFileProblem.Code, at position: SourcePosition, rule: String?, _ message: String) {
        errors.append(problem(code, at: position, rule: rule, message))
    }

    mutating func warning(_ code: RulesFileProblem.Code, at position: SourcePosition, rule: String?, _ message: String)
    {
        warnings.append(problem(code, at: position, rule: rule, message))
    }

    /// Whether an error with this message was already reported for this rule (anywhere).
    func hasReported(_ message: String, rule: String?) -> Bool {
        errors.contains { $0.rule == rule && $0.message == message }
    }

    /// The error to throw: every problem, sorted by place.
    var failure: RulesFileError {
        RulesFileError(file: file, problems: errors)
    }

    private func problem(_ code: RulesFileProblem.Code, at position: SourcePosition, rule: String?, _ message: String)
        -> RulesFileProblem
    {
        RulesFileProblem(
            code: code, file: file, line: position.line, column: position.column, rule: rule, message: message)
    }
}
