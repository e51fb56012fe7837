/// Decoding of JSON string content that has already been validated (by `JSONTokenizer` or `StrictJSON`).
enum JSONEscapes {
    /// Appends the UTF-8 of `content` (the bytes between the quotes) with its escapes decoded to `output`, which is
    /// emptied first. A lone UTF-16 surrogate decodes to U+FFFD, as in a Swift `String`.
    static func decode(_ content: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
        output.removeAll(keepingCapacity: true)
        var index = 0
        let count = content.count
        while index < count {
            let byte = content[index]
            guard byte == UInt8(ascii: "\\"), index + 1 < count else {
                output.append(byte)
                index += 1
                continue
            }
            let letter = content[index + 1]
            index += 2
            switch letter {
            case UInt8(ascii: "b"): output.append(0x08)
            case UInt8(ascii: "f"): output.append(0x0C)
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "r"): output.append(0x0D)
            case UInt8(ascii: "t"): output.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = hexUnit(content, at: index)
                index += 4
                if scalar >= 0xD800 && scalar < 0xDC00 && index + 6 <= count && content[index] == UInt8(ascii: "\\")
                    && content[index + 1] == UInt8(ascii: "u")
                {
                    let low = hexUnit(content, at: index + 2)
                    if low >= 0xDC00 && low < 0xE000 {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        index += 6
                    }
                }
                UTF8.encode(Unicode.Scalar(scalar) ?? "\u{FFFD}") { output.append($0) }
            default:
                output.append(letter)
            }
        }
    }

    /// The four hex digits at `index` (0 for anything else: the content is validated already).
    private static func hexUnit(_ content: UnsafeBufferPointer<UInt8>, at index: Int) -> UInt32 {
        var value: UInt32 = 0
        for offset in 0..<4 where index + offset < content.count {
            value = value << 4 | (StrictJSON.hexValue(content[index + offset]) ?? 0)
        }
        return value
    }
}
