/// A JSON number, kept as the lexeme it was written with.
///
/// Event patterns compare numbers numerically (`300` equals `300.0`), but a pattern or an event is echoed back
/// exactly as written, so the original text is the number's identity and `doubleValue` is derived from it.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    /// The number exactly as written in the JSON text, for example `3.0e2`.
    public let text: String

    /// Creates a number from its JSON lexeme, or returns `nil` when `text` is not a valid JSON number.
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        let isNumber = bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, !buffer.isEmpty else { return false }
            return StrictJSON.numberEnd(base, 0, buffer.count) == buffer.count
        }
        guard isNumber else { return nil }
        self.text = text
    }

    /// Creates the number for an integer.
    public init(_ value: Int) {
        self.text = String(value)
    }

    /// Creates the number for a finite double, written in Swift's shortest round-tripping form.
    ///
    /// Integral values are written without a fraction (`3.0` becomes `3`). Infinity and NaN have no JSON form and
    /// are written as `0`.
    public init(_ value: Double) {
        guard value.isFinite else {
            self.text = "0"
            return
        }
        if value == value.rounded(), abs(value) < 1e15 {
            self.text = String(Int64(value))
        } else {
            self.text = value.description.replacingExponentMarker()
        }
    }

    /// Wraps a lexeme that the caller has already checked against the JSON number grammar.
    init(validatedText text: String) {
        self.text = text
    }

    /// The value as an IEEE-754 double, rounded to nearest; numbers beyond the double range are infinite.
    public var doubleValue: Double {
        Double(text) ?? .nan
    }

    /// The lexeme.
    public var description: String { text }
}

extension String {
    /// Swift writes large doubles as `1e+20`; JSON accepts that, but `1e20` is what people write.
    fileprivate func replacingExponentMarker() -> String {
        var result = ""
        result.reserveCapacity(utf8.count)
        var previous: Character = " "
        for character in self {
            if character == "+" && (previous == "e" || previous == "E") { continue }
            result.append(character)
            previous = character
        }
        return result
    }
}
