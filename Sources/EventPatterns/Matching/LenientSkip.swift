/// Finds the end of a JSON value without validating it: strings are stepped over and brackets outside them
/// counted, sixty-four bytes at a time with word-wide byte classification (`ByteClasses`).
///
/// For valid JSON the end found is exact. For invalid JSON it is some position inside the buffer (or none), which
/// is harmless because an event is validated strictly (`EventValidator`) before it may match anything.
enum LenientSkip {
    /// The end of the value starting at `start` found by counting brackets outside strings; `start` when none.
    static func endOfValue(at start: Int, _ bytes: UnsafePointer<UInt8>, _ end: Int) -> Int {
        let first = bytes[start]
        if first == UInt8(ascii: "\"") {
            var index = start &+ 1
            while index < end {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") { return index &+ 1 }
                index &+= byte == UInt8(ascii: "\\") ? 2 : 1
            }
            return start
        }
        if first != UInt8(ascii: "{") && first != UInt8(ascii: "[") {
            var index = start &+ 1
            while index < end {
                let byte = bytes[index]
                if byte == UInt8(ascii: ",") || byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]")
                    || byte <= UInt8(ascii: " ")
                {
                    break
                }
                index &+= 1
            }
            return index
        }
        var depth = 0
        var inString = false
        var escaped = false
        var index = start
        while index &+ 8 <= end {
            // Up to sixty-four bytes, a word at a time.
            let wordCount = min(8, (end &- index) &>> 3)
            let chunkEnd = index &+ wordCount &* 8
            if !escaped {
                var quotes: UInt64 = 0
                var backslashes: UInt64 = 0
                var opening: UInt64 = 0
                var brackets: UInt64 = 0
                for part in 0..<wordCount {
                    let word = ByteClasses.word(bytes, index &+ part &* 8)
                    let shift = UInt64(part &* 8)
                    let bracketBytes = ByteClasses.bracketLike(word)
                    quotes |= ByteClasses.packHighBits(ByteClasses.equal(word, UInt8(ascii: "\""))) << shift
                    backslashes |= ByteClasses.equal(word, UInt8(ascii: "\\"))
                    brackets |= ByteClasses.packHighBits(bracketBytes) << shift
                    opening |= ByteClasses.packHighBits(ByteClasses.opening(word, among: bracketBytes)) << shift
                }
                if backslashes == 0 {
                    var insideStrings = ByteClasses.prefixParity(quotes)
                    if inString { insideStrings = ~insideStrings }
                    let structural = brackets & ~insideStrings
                    let opens = opening & structural
                    let closes = structural & ~opening
                    let closeCount = closes.nonzeroBitCount
                    if depth > closeCount {
                        depth = depth &+ opens.nonzeroBitCount &- closeCount
                    } else {
                        var remaining = structural
                        while remaining != 0 {
                            let bit = remaining.trailingZeroBitCount
                            if opens >> UInt64(bit) & 1 == 1 {
                                depth &+= 1
                            } else {
                                depth &-= 1
                                if depth == 0 { return index &+ bit &+ 1 }
                            }
                            remaining &= remaining &- 1
                        }
                    }
                    inString = insideStrings >> UInt64(wordCount &* 8 &- 1) & 1 == 1
                    index = chunkEnd
                    continue
                }
            }
            // Escapes: this chunk byte by byte.
            while index < chunkEnd {
                if let ended = step(bytes[index], &depth, &inString, &escaped) { return ended ? index &+ 1 : start }
                index &+= 1
            }
        }
        while index < end {
            if let ended = step(bytes[index], &depth, &inString, &escaped) { return ended ? index &+ 1 : start }
            index &+= 1
        }
        return start
    }

    /// One byte of the lenient bracket count; `true` when the value ends with it.
    @inline(__always)
    private static func step(_ byte: UInt8, _ depth: inout Int, _ inString: inout Bool, _ escaped: inout Bool) -> Bool? {
        if inString {
            if escaped {
                escaped = false
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
            } else if byte == UInt8(ascii: "\"") {
                inString = false
            }
            return nil
        }
        switch byte {
        case UInt8(ascii: "\""):
            inString = true
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            depth &+= 1
        case UInt8(ascii: "}"), UInt8(ascii: "]"):
            depth &-= 1
            if depth == 0 { return true }
            if depth < 0 { return false }
        default:
            break
        }
        return nil
    }

}
