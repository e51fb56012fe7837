/// The position of a byte offset in a text as Jackson reports it: 1-based line and column, the column counted in
/// UTF-16 code units like a Java `String` index.
struct JSONSourceLocation: Sendable, Equatable {
    /// The 1-based line.
    var line: Int
    /// The 1-based column.
    var column: Int

    /// Creates a location from its parts.
    init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// Locates `offset` in `bytes`. Lines end at `\n`, at `\r` and at `\r\n`, as in Jackson.
    init(offset: Int, in bytes: [UInt8]) {
        var line = 1
        var lineStart = 0
        var index = 0
        let end = min(offset, bytes.count)
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") {
                line += 1
                lineStart = index + 1
            } else if byte == UInt8(ascii: "\r") {
                if index + 1 < end && bytes[index + 1] == UInt8(ascii: "\n") { index += 1 }
                line += 1
                lineStart = index + 1
            }
            index += 1
        }
        var column = 1
        var cursor = lineStart
        while cursor < end {
            let byte = bytes[cursor]
            // A 4-byte sequence is a surrogate pair in UTF-16; continuation bytes add nothing.
            if byte & 0xC0 != 0x80 { column += byte >= 0xF0 ? 2 : 1 }
            cursor += 1
        }
        self.line = line
        self.column = column + max(0, offset - end)
    }
}

extension JSONSourceLocation {
    /// Jackson shows at most this many characters of the source in an error location.
    static let maximumQuotedSourceLength = 500

    /// Jackson's location suffix body: `[Source: (String)"{...}"; line: 1, column: 17]`.
    ///
    /// An offset of -1 stands for Jackson's root context, which reports column 0.
    static func sourceReference(for bytes: [UInt8], at offset: Int) -> String {
        let location = offset < 0 ? JSONSourceLocation(line: 1, column: 0) : JSONSourceLocation(offset: offset, in: bytes)
        let units = Array(String(decoding: bytes, as: UTF8.self).utf16)
        var quoted = "\"" + String(decoding: units.prefix(maximumQuotedSourceLength), as: UTF16.self) + "\""
        if units.count > maximumQuotedSourceLength {
            quoted += "[truncated \(units.count - maximumQuotedSourceLength) chars]"
        }
        return "[Source: (String)\(quoted); line: \(location.line), column: \(location.column)]"
    }
}
