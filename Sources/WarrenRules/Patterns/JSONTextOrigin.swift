import EventPatterns
import Yams

/// Where the text of a JSON-string pattern sits in the file, to turn a JSON line and column into the file's.
///
/// Known for literal block scalars (`|`, each JSON line is a file line) and for one-line scalars written without
/// escapes; otherwise problems are reported at the scalar.
struct JSONTextOrigin {
    /// The file line of the JSON text's first line.
    var firstLine: Int
    /// Added to a JSON column to give the file column.
    var columnOffset: Int
    /// Whether the text spans lines (then only its first line is known for inline scalars).
    var isBlock: Bool

    init?(_ scalar: Node.Scalar, lines: [Substring]) {
        guard let mark = scalar.mark else { return nil }
        switch scalar.style {
        case .literal:
            // Content starts on the line after the `|` indicator; its indentation is that of its first
            // non-blank line.
            let contentLines = lines.dropFirst(mark.line)
            guard let first = contentLines.first(where: { !$0.allSatisfy(\.isWhitespace) }) else { return nil }
            firstLine = mark.line + 1
            columnOffset = first.prefix { $0 == " " }.count
            isBlock = true
        case .plain, .singleQuoted, .doubleQuoted:
            guard !scalar.string.contains("\n"), mark.line - 1 < lines.count else { return nil }
            let line = lines[mark.line - 1].unicodeScalars
            let quote = scalar.style == .plain ? 0 : 1
            let start = line.dropFirst(mark.column - 1 + quote)
            // Only when the source holds the text as is (no escapes), so columns line up.
            guard start.starts(with: scalar.string.unicodeScalars) else { return nil }
            firstLine = mark.line
            columnOffset = mark.column - 1 + quote
            isBlock = false
        default:
            return nil
        }
    }

    func position(of problem: PatternProblem) -> SourcePosition? {
        guard let line = problem.line, let column = problem.column, column > 0 else { return nil }
        if !isBlock && line != 1 { return nil }
        return SourcePosition(line: firstLine + line - 1, column: columnOffset + column)
    }
}
