/// The strict JSON grammar at the byte level (RFC 8259, UTF-8 validated), as static functions over a pointer and
/// an end index: shared by the event scanner (for the values it reads) and the event validator (for everything).
///
/// Every function returns an index into the buffer or -1 for invalid input, never reads outside `0..<end`, and
/// uses unchecked arithmetic because indexes never exceed the buffer's size.
enum StrictJSON {
    /// Skips a key (at `index`, possibly after whitespace), the colon and the whitespace after it; -1 when invalid.
    @inline(__always)
    static func skipKeyAndColon(_ bytes: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        var index = start
        if index < end && bytes[index] <= UInt8(ascii: " ") { index = skipWhitespace(bytes, index, end) }
        // The commonest key shape in bulk data: one plain character, then the colon (`"x":`).
        if index &+ 4 <= end {
            let word = UnsafeRawPointer(bytes + index).loadUnaligned(as: UInt32.self)
            let middle = UInt8(truncatingIfNeeded: word >> 8)
            if word & 0xFFFF_00FF == 0x3A22_0022 && middle >= 0x20 && middle < 0x80 && middle != UInt8(ascii: "\"")
                && middle != UInt8(ascii: "\\")
            {
                index &+= 4
                if index < end && bytes[index] <= UInt8(ascii: " ") { index = skipWhitespace(bytes, index, end) }
                return index
            }
        }
        guard index < end, bytes[index] == UInt8(ascii: "\"") else { return -1 }
        let closing = stringEnd(bytes, index &+ 1, end)
        guard closing >= 0 else { return -1 }
        var next = closing &+ 1
        if next < end && bytes[next] == UInt8(ascii: ":") {
            next &+= 1
        } else {
            next = skipWhitespace(bytes, next, end)
            guard next < end, bytes[next] == UInt8(ascii: ":") else { return -1 }
            next &+= 1
        }
        if next < end && bytes[next] <= UInt8(ascii: " ") { next = skipWhitespace(bytes, next, end) }
        return next
    }

    /// The index of the first non-whitespace byte at or after `index` (or `end`).
    @inline(__always)
    static func skipWhitespace(_ bytes: UnsafePointer<UInt8>, _ index: Int, _ end: Int) -> Int {
        var index = index
        while index < end {
            let byte = bytes[index]
            guard byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
                || byte == UInt8(ascii: "\t")
            else { return index }
            index &+= 1
        }
        return index
    }

    /// The index after a valid JSON number starting at `index`, or -1.
    @inline(__always)
    static func numberEnd(_ bytes: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        var index = start
        if bytes[index] == UInt8(ascii: "-") {
            index &+= 1
            guard index < end else { return -1 }
        }
        let first = bytes[index] &- UInt8(ascii: "0")
        guard first < 10 else { return -1 }
        index &+= 1
        if first != 0 { index = digitsEnd(bytes, index, end) }
        guard index < end else { return index }
        if bytes[index] == UInt8(ascii: ".") {
            index &+= 1
            guard index < end && bytes[index] &- UInt8(ascii: "0") < 10 else { return -1 }
            index = digitsEnd(bytes, index &+ 1, end)
            guard index < end else { return index }
        }
        if bytes[index] | 0x20 == UInt8(ascii: "e") {
            index &+= 1
            if index < end && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) { index &+= 1 }
            guard index < end && bytes[index] &- UInt8(ascii: "0") < 10 else { return -1 }
            index = digitsEnd(bytes, index &+ 1, end)
        }
        return index
    }

    /// The index of the first non-digit at or after `index` (or `end`), eight bytes at a time.
    @inline(__always)
    static func digitsEnd(_ bytes: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        var index = start
        while index &+ 8 <= end {
            let word = UInt64(littleEndian: UnsafeRawPointer(bytes + index).loadUnaligned(as: UInt64.self))
            // A byte is a digit when its high nibble is 3 and its low nibble at most 9.
            let highNibbleWrong = (word & 0xF0F0_F0F0_F0F0_F0F0) ^ 0x3030_3030_3030_3030
            let lowNibbleTooBig = ((word & 0x0F0F_0F0F_0F0F_0F0F) &+ 0x0606_0606_0606_0606) & 0x1010_1010_1010_1010
            let wrong = highNibbleWrong | lowNibbleTooBig
            let wrongBytes = (((wrong & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | wrong) & 0x8080_8080_8080_8080
            if wrongBytes != 0 { return index &+ wrongBytes.trailingZeroBitCount &>> 3 }
            index &+= 8
        }
        while index < end && bytes[index] &- UInt8(ascii: "0") < 10 { index &+= 1 }
        return index
    }

    /// The index of the closing quote of string content starting at `start`, validating it; -1 when invalid.
    @inline(__always)
    static func stringEnd(_ bytes: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        var hasEscapes = false
        return stringEnd(bytes, start, end, &hasEscapes)
    }

    /// As `stringEnd`, also telling whether the content has escapes.
    ///
    /// Most strings in events are short keys and values, so the first bytes are looked at one by one; long runs
    /// of plain ASCII then go eight bytes at a time.
    @inline(__always)
    static func stringEnd(_ bytes: UnsafePointer<UInt8>, _ start: Int, _ end: Int, _ hasEscapes: inout Bool)
        -> Int
    {
        var index = start
        let shortEnd = min(end, start &+ 16)
        while index < shortEnd {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") { return index }
            if byte == UInt8(ascii: "\\") || byte < 0x20 || byte >= 0x80 { break }
            index &+= 1
        }
        return longStringEnd(bytes, index, end, &hasEscapes)
    }

    /// The general case of `stringEnd`: escapes, non-ASCII, long runs.
    static func longStringEnd(_ bytes: UnsafePointer<UInt8>, _ start: Int, _ end: Int, _ hasEscapes: inout Bool)
        -> Int
    {
        var index = start
        while true {
            while index + 8 <= end {
                let word = UnsafeRawPointer(bytes + index).loadUnaligned(as: UInt64.self)
                if hasSpecialByte(word) { break }
                index += 8
            }
            guard index < end else { return -1 }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") { return index }
            if byte == UInt8(ascii: "\\") {
                index = escapeEnd(bytes, index + 1, end)
                guard index >= 0 else { return -1 }
                hasEscapes = true
            } else if byte < 0x20 {
                return -1
            } else if byte < 0x80 {
                index += 1
            } else {
                guard let length = UTF8Validation.sequenceLength(bytes, at: index, end: end) else { return -1 }
                index += length
            }
        }
    }

    /// Whether any byte of the word is a quote, a backslash, a control character or non-ASCII.
    @inline(__always)
    static func hasSpecialByte(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let quotes = word ^ (ones &* UInt64(UInt8(ascii: "\"")))
        let backslashes = word ^ (ones &* UInt64(UInt8(ascii: "\\")))
        let hasZeroQuote = (quotes &- ones) & ~quotes & highs
        let hasZeroBackslash = (backslashes &- ones) & ~backslashes & highs
        let hasControl = (word &- (ones &* 0x20)) & ~word & highs
        return (hasZeroQuote | hasZeroBackslash | hasControl | (word & highs)) != 0
    }

    /// The index after the escape whose letter is at `index`, or -1 when it is not a JSON escape.
    @inline(__always)
    static func escapeEnd(_ bytes: UnsafePointer<UInt8>, _ index: Int, _ end: Int) -> Int {
        guard index < end else { return -1 }
        switch bytes[index] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
            UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return index + 1
        case UInt8(ascii: "u"):
            guard index + 4 < end else { return -1 }
            for offset in 1...4 where hexValue(bytes[index + offset]) == nil { return -1 }
            return index + 5
        default:
            return -1
        }
    }

    @inline(__always)
    static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }


    /// The index after the number or literal starting at `index`, or -1.
    @inline(__always)
    static func scalarEnd(_ bytes: UnsafePointer<UInt8>, _ index: Int, _ end: Int) -> Int {
        let byte = bytes[index]
        if byte &- UInt8(ascii: "0") < 10 || byte == UInt8(ascii: "-") { return numberEnd(bytes, index, end) }
        guard index &+ 4 <= end else { return -1 }
        // Literals, compared as little-endian words: "true", "null", "fals" + "e".
        let word = UnsafeRawPointer(bytes + index).loadUnaligned(as: UInt32.self)
        if word == 0x6575_7274 || word == 0x6C6C_756E { return index &+ 4 }
        if word == 0x736C_6166 && index &+ 5 <= end && bytes[index &+ 4] == UInt8(ascii: "e") { return index &+ 5 }
        return -1
    }
}
