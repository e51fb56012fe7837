import Yams

/// A 1-based line and column in a rules file (columns count Unicode scalars, as libyaml does).
struct SourcePosition: Sendable, Hashable, Comparable {
    var line: Int
    var column: Int

    /// The start of the file.
    static let start = SourcePosition(line: 1, column: 1)

    init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    init(_ mark: Mark) {
        self.init(line: mark.line, column: mark.column)
    }

    static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }
}
