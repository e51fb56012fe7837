/// The range of a `numeric` matcher: an optional lower and an optional upper bound, each open or closed.
///
/// Values are compared as IEEE-754 doubles, like current event-ruler; only JSON numbers are ever in range (the
/// string `"300"` is not).
public struct NumericRange: Sendable, Hashable {
    /// One end of a range.
    public struct Bound: Sendable, Hashable {
        /// The bound's value.
        public var value: JSONNumber
        /// Whether the bound itself is in the range (`>=`, `<=`, `=`).
        public var isInclusive: Bool

        /// Creates a bound.
        public init(value: JSONNumber, isInclusive: Bool) {
            self.value = value
            self.isInclusive = isInclusive
        }
    }

    /// The lower bound (`>` or `>=`), if any.
    public var lowerBound: Bound?
    /// The upper bound (`<` or `<=`), if any.
    public var upperBound: Bound?

    /// Creates a range.
    public init(lowerBound: Bound? = nil, upperBound: Bound? = nil) {
        self.lowerBound = lowerBound
        self.upperBound = upperBound
    }

    /// `["=", value]`.
    public static func equal(to value: JSONNumber) -> NumericRange {
        NumericRange(
            lowerBound: Bound(value: value, isInclusive: true),
            upperBound: Bound(value: value, isInclusive: true)
        )
    }

    /// Whether `value` is in the range.
    public func contains(_ value: Double) -> Bool {
        NumericInterval(self).contains(value)
    }

    /// The operands as written: `["=", 5]`, `[">", 0, "<=", 5]`, `["<", 10]`.
    public var operands: [JSONValue] {
        if let lowerBound, let upperBound, lowerBound.isInclusive, upperBound.isInclusive,
            lowerBound.value.doubleValue == upperBound.value.doubleValue
        {
            return ["=", .number(lowerBound.value)]
        }
        var operands: [JSONValue] = []
        if let lowerBound {
            operands += [.string(lowerBound.isInclusive ? ">=" : ">"), .number(lowerBound.value)]
        }
        if let upperBound {
            operands += [.string(upperBound.isInclusive ? "<=" : "<"), .number(upperBound.value)]
        }
        return operands
    }
}
