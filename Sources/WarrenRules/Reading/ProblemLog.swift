/// Collects the problems found while one file is read, so that every problem is reported, not only the first.
struct ProblemLog {
    let file: String
    let work: LoadWork
    private(set) var errors: [RulesFileProblem] = []
    private(set) var warnings: [RulesFileProblem] = []
    /// Each error's rule and message, for `hasReported`.
    private var reported: Set<[String?]> = []

    init(file: String, work: LoadWork) {
        self.file = file
        self.work = work
    }

    var hasErrors: Bool { !errors.isEmpty }

    mutating func error(_ code: RulesFileProblem.Code, at position: SourcePosition, rule: String?, _ message: String) {
        errors.append(problem(code, .error, at: position, rule: rule, message))
        reported.insert([rule, message])
    }

    mutating func warning(_ code: RulesFileProblem.Code, at position: SourcePosition, rule: String?, _ message: String)
    {
        warnings.append(problem(code, .warning, at: position, rule: rule, message))
    }

    /// Whether an error with this message was already reported for this rule (anywhere).
    func hasReported(_ message: String, rule: String?) -> Bool {
        reported.contains([rule, message])
    }

    /// The error to throw: every problem, sorted by place.
    var failure: RulesFileError {
        RulesFileError(file: file, problems: errors)
    }

    private func problem(
        _ code: RulesFileProblem.Code, _ severity: RulesFileProblem.Severity, at position: SourcePosition,
        rule: String?, _ message: String
    ) -> RulesFileProblem {
        work.count()
        return RulesFileProblem(
            code: code, severity: severity, file: file, line: position.line, column: position.column, rule: rule,
            message: message)
    }
}
