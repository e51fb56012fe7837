/// A fast, non-cryptographic hash of a short byte string, used by the compiled tables to look up event values
/// straight from the event's bytes.
enum ByteStringHash {
    @inline(__always)
    static func hash(_ bytes: UnsafePointer<UInt8>, count: Int) -> UInt64 {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: count)
        var index = 0
        let raw = UnsafeRawPointer(bytes)
        while index + 8 <= count {
            state = mix(state ^ raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            index += 8
        }
        if index < count {
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while index < count {
                tail |= UInt64(bytes[index]) << shift
                shift += 8
                index += 1
            }
            state = mix(state ^ tail)
        }
        return state
    }

    @inline(__always)
    private static func mix(_ value: UInt64) -> UInt64 {
        var mixed = value &* 0xBF58_476D_1CE4_E5B9
        mixed ^= mixed >> 31
        mixed = mixed &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 29)
    }

    /// The hash of an array of bytes.
    static func hash(_ bytes: [UInt8]) -> UInt64 {
        // Hashing reads no byte of an empty key, so any non-null pointer will do for it.
        bytes.withUnsafeBufferPointer { buffer in
            hash(buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!, count: buffer.count)
        }
    }
}
