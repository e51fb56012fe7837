/// Word-at-a-time (SWAR) byte classification: eight bytes per 64-bit operation, no data-dependent branches.
///
/// The scanner uses these to find quotes and brackets in bulk data without walking it token by token.
enum ByteClasses {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highBits: UInt64 = 0x8080_8080_8080_8080
    static let lowSevenBits: UInt64 = 0x7F7F_7F7F_7F7F_7F7F

    /// The eight bytes at `index` as a little-endian word (byte `index` in the low bits).
    @inline(__always)
    static func word(_ bytes: UnsafePointer<UInt8>, _ index: Int) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(bytes + index).loadUnaligned(as: UInt64.self))
    }

    /// The high bit of each byte of `word` equal to `byte` (exact: no false positives).
    @inline(__always)
    static func equal(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        let difference = word ^ (ones &* UInt64(byte))
        return ~(((difference & lowSevenBits) &+ lowSevenBits) | difference) & highBits
    }

    /// The high bit of each byte that is a bracket `{ } [ ]` (or one of `Y _ y` and DEL, which valid JSON never
    /// has outside strings: they share the bracket's bit pattern under the mask 0xD9).
    @inline(__always)
    static func bracketLike(_ word: UInt64) -> UInt64 {
        equal(word & 0xD9D9_D9D9_D9D9_D9D9, 0x59)
    }

    /// Of the bracket-like bytes, those that open (`{` and `[` have bit 1 set; `}` and `]` do not).
    @inline(__always)
    static func opening(_ word: UInt64, among brackets: UInt64) -> UInt64 {
        brackets & (word << 6)
    }

    /// Packs the high bit of each byte into eight bits (byte 0 in bit 0).
    @inline(__always)
    static func packHighBits(_ flags: UInt64) -> UInt64 {
        ((flags >> 7) &* 0x0102_0408_1020_4080) >> 56
    }

    /// Bit k of the result is the parity of bits 0...k of `bits`: with quote positions, the bits inside strings
    /// (the opening quote included, the closing one not).
    @inline(__always)
    static func prefixParity(_ bits: UInt64) -> UInt64 {
        var value = bits
        value ^= value << 1
        value ^= value << 2
        value ^= value << 4
        value ^= value << 8
        value ^= value << 16
        value ^= value << 32
        return value
    }
}
