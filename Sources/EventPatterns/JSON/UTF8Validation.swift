/// Strict UTF-8 validation (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF.
enum UTF8Validation {
    /// The length of the sequence a lead byte announces, or `nil` for a byte that cannot start one.
    @inline(__always)
    static func expectedLength(lead: UInt8) -> Int? {
        switch lead {
        case 0x00...0x7F: 1
        case 0xC2...0xDF: 2
        case 0xE0...0xEF: 3
        case 0xF0...0xF4: 4
        default: nil
        }
    }

    /// The length of the valid multi-byte sequence at `index`, or `nil` when the bytes there are not one.
    @inline(__always)
    static func sequenceLength(_ bytes: UnsafePointer<UInt8>, at index: Int, end: Int) -> Int? {
        let lead = bytes[index]
        switch lead {
        case 0xC2...0xDF:
            guard index + 1 < end, bytes[index + 1] & 0xC0 == 0x80 else { return nil }
            return 2
        case 0xE0...0xEF:
            guard index + 2 < end else { return nil }
            let second = bytes[index + 1]
            guard second & 0xC0 == 0x80, bytes[index + 2] & 0xC0 == 0x80 else { return nil }
            if lead == 0xE0 && second < 0xA0 { return nil }  // overlong
            if lead == 0xED && second >= 0xA0 { return nil }  // UTF-16 surrogates
            return 3
        case 0xF0...0xF4:
            guard index + 3 < end else { return nil }
            let second = bytes[index + 1]
            guard second & 0xC0 == 0x80, bytes[index + 2] & 0xC0 == 0x80, bytes[index + 3] & 0xC0 == 0x80 else {
                return nil
            }
            if lead == 0xF0 && second < 0x90 { return nil }  // overlong
            if lead == 0xF4 && second >= 0x90 { return nil }  // above U+10FFFF
            return 4
        default:
            return nil
        }
    }

    /// The length of the valid multi-byte sequence at `index` of `bytes`.
    static func sequenceLength(_ bytes: [UInt8], at index: Int) -> Int? {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, index < buffer.count else { return nil }
            return sequenceLength(base, at: index, end: buffer.count)
        }
    }
}
