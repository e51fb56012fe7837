/// Why a text is not valid JSON: the parser's message and where it gave up.
///
/// Messages follow Jackson's wording (the parser behind EventBridge), for example
/// `Unexpected character (''' (code 39)): was expecting double-quote to start field name`.
public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, without the position.
    public var message: String
    /// The byte offset in the UTF-8 text where the parser reports the problem.
    public var offset: Int
    /// The 1-based line of `offset`.
    public var line: Int
    /// The 1-based column of `offset`, counted in UTF-16 code units as Jackson counts it.
    public var column: Int

    /// Creates an error.
    public init(message: String, offset: Int, line: Int, column: Int) {
        self.message = message
        self.offset = offset
        self.line = line
        self.column = column
    }

    init(_ error: JSONSyntaxError, in bytes: [UInt8]) {
        let location = JSONSourceLocation(offset: error.offset, in: bytes)
        self.init(message: error.reason, offset: error.offset, line: location.line, column: location.column)
    }

    /// `<message> (line L, column C)`.
    public var description: String {
        "\(message) (line \(line), column \(column))"
    }
}
