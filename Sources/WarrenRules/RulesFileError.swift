/// Why a rules file could not be loaded: every problem found in it, in file order.
///
/// The loader does not stop at the first problem; fix them all and load again. `description` has one line per
/// problem, each starting with `file:line:column:`.
public struct RulesFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file's path as it was given to the loader.
    public var file: String
    /// Every problem, sorted by line and column; never empty.
    public var problems: [RulesFileProblem]

    /// Creates an error; `problems` are sorted by position (problems on one spot keep their order).
    public init(file: String, problems: [RulesFileProblem]) {
        self.file = file
        self.problems = problems.enumerated()
            .sorted {
                ($0.element.line, $0.element.column, $0.offset) < ($1.element.line, $1.element.column, $1.offset)
            }
            .map(\.element)
    }

    /// Whether loading the same path again can succeed without editing it: only when the file could not be read
    /// (it may appear, or become readable). A file with problems fails the same way until it is changed.
    public var isRetryable: Bool {
        problems.allSatisfy { $0.code == .unreadableFile }
    }

    /// One line per problem.
    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}
