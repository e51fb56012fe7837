/// Reads the numbers of events as doubles, fast where the fast answer is provably the right one.
///
/// Most event numbers have at most 19 significant digits and a small exponent. For those a double is computed
/// directly (exactly, when the digits fit in 53 bits — Clinger's fast path; within two units in the last place
/// otherwise). An approximate value is only used when it is far enough from every number the patterns compare with
/// (the "critical" values of the path) that the exact value is on the same side of each; otherwise, and for
/// unusual lexemes, the number is parsed exactly.
enum EventNumberReader {
    private static let powersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    /// The value of a JSON number lexeme, exact with respect to the sorted `critical` values.
    @inline(__always)
    static func value(_ bytes: UnsafePointer<UInt8>, count: Int, critical: UnsafeBufferPointer<Double>) -> Double {
        var index = 0
        let negative = bytes[0] == UInt8(ascii: "-")
        if negative { index = 1 }
        var mantissa: UInt64 = 0
        var digits = 0
        var exponent = 0
        var truncated = false
        while index < count, bytes[index] &- UInt8(ascii: "0") < 10 {
            let digit = UInt64(bytes[index] &- UInt8(ascii: "0"))
            if digits < 19 {
                mantissa = mantissa &* 10 &+ digit
                if mantissa != 0 { digits += 1 }
            } else {
                exponent += 1
                truncated = truncated || digit != 0
            }
            index += 1
        }
        if index < count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            while index < count, bytes[index] &- UInt8(ascii: "0") < 10 {
                let digit = UInt64(bytes[index] &- UInt8(ascii: "0"))
                if digits < 19 {
                    mantissa = mantissa &* 10 &+ digit
                    if mantissa != 0 { digits += 1 }
                    exponent -= 1
                } else {
                    truncated = truncated || digit != 0
                }
                index += 1
            }
        }
        if index < count {
            // An exponent: unusual in events, and its size is unbounded, so let the exact parser deal with it.
            return exactValue(bytes, count: count)
        }
        if mantissa == 0 { return negative ? -0.0 : 0.0 }
        guard exponent >= -22 && exponent <= 22 else { return exactValue(bytes, count: count) }
        let scaled = exponent >= 0
            ? Double(mantissa) * powersOfTen[exponent] : Double(mantissa) / powersOfTen[-exponent]
        let value = negative ? -scaled : scaled
        if !truncated && mantissa <= 1 << 53 { return value }
        return isNear(value, critical) ? exactValue(bytes, count: count) : value
    }

    /// Whether `value` is within a few units in the last place of a critical value.
    @inline(__always)
    private static func isNear(_ value: Double, _ critical: UnsafeBufferPointer<Double>) -> Bool {
        guard !critical.isEmpty else { return false }
        var low = 0
        var high = critical.count
        while low < high {
            let middle = (low + high) / 2
            if critical[middle] < value { low = middle + 1 } else { high = middle }
        }
        for candidate in [low - 1, low] where candidate >= 0 && candidate < critical.count {
            let target = critical[candidate]
            if abs(value - target) <= 4 * max(value.ulp, target.ulp) { return true }
        }
        return false
    }

    /// The correctly rounded value of a JSON number lexeme.
    static func exactValue(_ bytes: UnsafePointer<UInt8>, count: Int) -> Double {
        Double(String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)) ?? .nan
    }
}
