import EventPatterns
import Testing
import WarrenRules

/// EventBridge's pattern length quota: 2,048 characters by default, configurable up to 4,096.
@Suite("Pattern length limits")
struct PatternLimitsTests {
    /// A rules file with one pattern of exactly `length` characters, as a JSON string.
    static func file(patternLength length: Int) -> (yaml: String, pattern: String) {
        let prefix = #"{"source":[""#
        let suffix = #""]}"#
        let pattern = prefix + String(repeating: "a", count: length - prefix.count - suffix.count) + suffix
        return ("rules:\n  - name: long\n    eventPattern: '\(pattern)'\n", pattern)
    }

    @Test func acceptsPatternsUpTo2048Characters() throws {
        let (yaml, pattern) = Self.file(patternLength: 2048)
        #expect(pattern.count == 2048)
        #expect(try loadRules(yaml).rules.count == 1)
    }

    @Test func rejectsLongerPatternsWithAWSMessage() throws {
        let (yaml, pattern) = Self.file(patternLength: 2049)
        let found = problems(yaml)
        #expect(found.count == 1)
        #expect(found.first?.code == .invalidEventPattern)
        #expect(found.first?.line == 3)
        #expect(found.first?.rule == "long")
        #expect(
            found.first?.message
                == "Event pattern is not valid. Reason: Event pattern is 2049 characters long; the limit is 2048")
        #expect(throws: EventPatternError.self) { try EventPattern(parsing: pattern) }
    }

    @Test func aRaisedLimitAcceptsUpTo4096() throws {
        let limits = PatternLimits(maximumPatternLength: 4096)
        #expect(try loadRules(Self.file(patternLength: 4096).yaml, limits: limits).rules.count == 1)
        #expect(
            problems(Self.file(patternLength: 4097).yaml, limits: limits).map(\.message) == [
                "Event pattern is not valid. Reason: Event pattern is 4097 characters long; the limit is 4096"
            ])
    }

    @Test func aYAMLPatternCountsItsCompactJSON() throws {
        // {"source":["aaa…"]} written as YAML: the limit applies to the JSON EventBridge would receive.
        let value = String(repeating: "a", count: 2049 - 15)
        let yaml = "rules:\n  - name: long\n    eventPattern:\n      source: [\(value)]\n"
        #expect(
            problems(yaml).map(\.description) == [
                "rules.yaml:4:7: rule 'long': Event pattern is not valid. Reason: Event pattern is 2049 characters long; "
                    + "the limit is 2048"
            ])
        #expect(try loadRules(yaml, limits: PatternLimits(maximumPatternLength: 4096)).rules.count == 1)
    }
}
