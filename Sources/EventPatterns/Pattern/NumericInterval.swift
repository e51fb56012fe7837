/// A `NumericRange` with its bounds as doubles, for comparing without re-reading the lexemes.
struct NumericInterval: Sendable, Hashable {
    var lower: Double
    var lowerIsInclusive: Bool
    var upper: Double
    var upperIsInclusive: Bool

    init(_ range: NumericRange) {
        lower = range.lowerBound?.value.doubleValue ?? -.infinity
        lowerIsInclusive = range.lowerBound?.isInclusive ?? true
        upper = range.upperBound?.value.doubleValue ?? .infinity
        upperIsInclusive = range.upperBound?.isInclusive ?? true
    }

    @inline(__always)
    func contains(_ value: Double) -> Bool {
        (lowerIsInclusive ? value >= lower : value > lower) && (upperIsInclusive ? value <= upper : value < upper)
    }
}
