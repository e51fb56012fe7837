/// A compiled `wildcard` glob: literal byte runs separated by `*`.
///
/// `*` matches any run of characters (it is greedy and crosses `/`); `\*` is a literal star and `\\` a literal
/// backslash; any other backslash is an error, as are two stars in a row.
struct WildcardPattern: Sendable, Hashable {
    /// The literal runs between stars, unescaped UTF-8.
    let segments: [[UInt8]]
    /// Whether the glob starts with `*`.
    let startsWithStar: Bool
    /// Whether the glob ends with `*`.
    let endsWithStar: Bool

    /// One element of a glob.
    enum Token: Hashable {
        case byte(UInt8)
        case star
    }

    /// Parses a glob, or gives event-ruler's reason (positions are 1-based byte indexes, as event-ruler counts in
    /// the quoted value).
    static func parse(_ text: String) -> Result<WildcardPattern, PatternReason> {
        tokens(of: text).map { WildcardPattern(tokens: $0) }
    }

    /// The glob's tokens, or event-ruler's reason for refusing it.
    static func tokens(of text: String) -> Result<[Token], PatternReason> {
        let bytes = Array(text.utf8)
        var tokens: [Token] = []
        tokens.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "*") {
                if index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "*") {
                    return .failure(PatternReason("Consecutive wildcard characters at pos \(index + 1)"))
                }
                tokens.append(.star)
            } else if byte == UInt8(ascii: "\\") {
                guard index + 1 < bytes.count,
                    bytes[index + 1] == UInt8(ascii: "*") || bytes[index + 1] == UInt8(ascii: "\\")
                else {
                    return .failure(PatternReason("Invalid escape character at pos \(index + 1)"))
                }
                tokens.append(.byte(bytes[index + 1]))
                index += 1
            } else {
                tokens.append(.byte(byte))
            }
            index += 1
        }
        return .success(tokens)
    }

    private init(tokens: [Token]) {
        var segments: [[UInt8]] = [[]]
        for token in tokens {
            switch token {
            case .star: segments.append([])
            case .byte(let byte): segments[segments.count - 1].append(byte)
            }
        }
        self.startsWithStar = tokens.first == .star
        self.endsWithStar = tokens.last == .star
        if startsWithStar { segments.removeFirst() }
        if endsWithStar, !segments.isEmpty { segments.removeLast() }
        self.segments = segments
    }

    /// Whether the string value (UTF-8 bytes) matches the glob.
    func matches(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        let hasStar = startsWithStar || endsWithStar || segments.count > 1
        guard hasStar else {
            return segments.first.map { value.elementsEqual($0) } ?? value.isEmpty
        }
        var position = 0
        var end = value.count
        var first = 0
        var last = segments.count
        if !startsWithStar {
            let prefix = segments[0]
            guard prefix.count <= end, value[0..<prefix.count].elementsEqual(prefix) else { return false }
            position = prefix.count
            first = 1
        }
        if !endsWithStar && last > first {
            let suffix = segments[last - 1]
            guard suffix.count <= end - position, value[(end - suffix.count)..<end].elementsEqual(suffix) else {
                return false
            }
            end -= suffix.count
            last -= 1
        }
        for index in first..<max(first, last) {
            guard let found = Self.firstOccurrence(of: segments[index], in: value, from: position, to: end) else {
                return false
            }
            position = found + segments[index].count
        }
        return true
    }

    private static func firstOccurrence(of needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>, from start: Int,
        to end: Int) -> Int?
    {
        guard let first = needle.first else { return start }
        var candidate = start
        let lastStart = end - needle.count
        while candidate <= lastStart {
            if haystack[candidate] == first {
                var offset = 1
                while offset < needle.count && haystack[candidate + offset] == needle[offset] { offset += 1 }
                if offset == needle.count { return candidate }
            }
            candidate += 1
        }
        return nil
    }
}
