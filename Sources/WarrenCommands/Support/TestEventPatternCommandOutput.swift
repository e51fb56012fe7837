/// What `warren test-event-pattern` writes and returns, computed without touching the terminal or the file system
/// so that it can be tested as a function.
public struct TestEventPatternCommandOutput: Sendable, Hashable {
    /// What goes to standard output.
    public var standardOutput: String
    /// What goes to standard error.
    public var standardError: String
    /// The exit status: 0 for a verdict, 2 for an invalid pattern or event (AWS's message on standard error), 1
    /// when an argument file cannot be read.
    public var exitCode: Int32

    /// Creates an output.
    public init(standardOutput: String = "", standardError: String = "", exitCode: Int32) {
        self.standardOutput = standardOutput
        self.standardError = standardError
        self.exitCode = exitCode
    }
}
