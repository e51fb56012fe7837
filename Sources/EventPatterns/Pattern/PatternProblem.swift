/// One problem found in an event pattern: the reason in EventBridge's words and where it is.
public struct PatternProblem: Sendable, Hashable, CustomStringConvertible {
    /// EventBridge's reason text, for example `prefix match pattern must be a string`.
    public var reason: String
    /// Where the problem is, as a JSON path such as `$.detail.state[0].prefix` (`$` for the whole pattern).
    public var path: String
    /// The 1-based line and column where the JSON parser reports the problem (AWS's `line: L, column: C`), when
    /// AWS reports a position for this kind of problem.
    public var line: Int?
    /// See `line`.
    public var column: Int?

    /// Creates a problem.
    public init(reason: String, path: String, line: Int? = nil, column: Int? = nil) {
        self.reason = reason
        self.path = path
        self.line = line
        self.column = column
    }

    /// `<reason> (at <path>, line L, column C)`.
    public var description: String {
        var place = "at \(path)"
        if let line, let column { place += ", line \(line), column \(column)" }
        return "\(reason) (\(place))"
    }
}
