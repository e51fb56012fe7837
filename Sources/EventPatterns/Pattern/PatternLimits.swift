/// The limits EventBridge puts on an event pattern.
public struct PatternLimits: Sendable, Hashable {
    /// The API's hard limit on `EventPattern`; `maximumPatternLength` cannot go beyond it.
    public static let largestPatternLength = 4096

    /// The longest pattern accepted, in characters (UTF-16 code units, as the AWS API counts). EventBridge's
    /// adjustable quota is 2,048; values above 4,096 act as 4,096.
    public var maximumPatternLength: Int
    /// The most branches a pattern may expand to through its `$or`s (AWS: 1,000).
    public var maximumOrCombinations: Int
    /// How many wildcard prefixes may be live at once for one field before a pattern is "too complex".
    ///
    /// AWS does not publish its threshold; 10 reproduces its verdicts where they are known (it rejects
    /// `*:*:*:*:*:event-bus/*` and accepts the repeated-sequence patterns of its own tests).
    public var maximumWildcardComplexity: Int

    /// Creates limits; the defaults are EventBridge's.
    public init(maximumPatternLength: Int = 2048, maximumOrCombinations: Int = 1000, maximumWildcardComplexity: Int = 10)
    {
        self.maximumPatternLength = maximumPatternLength
        self.maximumOrCombinations = maximumOrCombinations
        self.maximumWildcardComplexity = maximumWildcardComplexity
    }

    /// `maximumPatternLength` clamped to the API's hard limit.
    var effectiveMaximumPatternLength: Int {
        min(max(0, maximumPatternLength), Self.largestPatternLength)
    }
}
