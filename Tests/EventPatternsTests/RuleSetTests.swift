import EventPatterns
import Testing

@Suite struct RuleSetTests {
    static func pattern(_ text: String) -> EventPattern {
        try! EventPattern(parsing: text)
    }

    @Test func returnsEveryMatchingRuleOnceInTheOrderGiven() {
        let rules = RuleSet([
            (name: "third", pattern: Self.pattern(#"{"source": [{"prefix": "a"}]}"#)),
            (name: "first", pattern: Self.pattern(#"{"source": ["aws.ec2"], "$or": [{"a": [1]}, {"b": [1]}]}"#)),
            (name: "none", pattern: Self.pattern(#"{"source": ["other"]}"#)),
            (name: "second", pattern: Self.pattern(#"{"detail": {"x": [{"exists": false}]}}"#)),
        ])
        #expect(rules.matchingRules(forEvent: #"{"source": "aws.ec2", "a": 1, "b": 1}"#) == ["third", "first", "second"])
        #expect(rules.matchingRules(forEvent: #"{"source": "other", "detail": {"x": 1}}"#) == ["none"])
        #expect(rules.count == 4)
    }

    @Test func patternsUnderOneNameAreAlternatives() {
        let rules = RuleSet([
            (name: "r", pattern: Self.pattern(#"{"a": [1]}"#)),
            (name: "r", pattern: Self.pattern(#"{"b": [1]}"#)),
        ])
        #expect(rules.ruleNames == ["r"])
        #expect(rules.matchingRules(forEvent: #"{"b": 1}"#) == ["r"])
        #expect(rules.matchingRules(forEvent: #"{"a": 1, "b": 1}"#) == ["r"])
        #expect(rules.matchingRules(forEvent: #"{"c": 1}"#).isEmpty)
    }

    @Test func manyRulesOnOneField() {
        let rules = RuleSet((0..<10_000).map { (name: $0, pattern: Self.pattern(#"{"k": ["v\#($0)"]}"#)) })
        #expect(rules.matchingRules(forEvent: #"{"k": "v4711"}"#) == [4711])
        #expect(rules.matchingRules(forEvent: #"{"k": ["v1", "v9999", "x"]}"#) == [1, 9999])
    }

    @Test func sharedConditionsAreCheckedPerRule() {
        let rules = RuleSet((0..<500).map { index in
            (name: index, pattern: Self.pattern(#"{"source": ["shared"], "detail-type": ["t\#(index)"]}"#))
        })
        #expect(rules.matchingRules(forEvent: #"{"source": "shared", "detail-type": "t42"}"#) == [42])
        #expect(rules.matchingRules(forEvent: #"{"source": "other", "detail-type": "t42"}"#).isEmpty)
    }

    @Test func everyInputFormAgrees() throws {
        let rules = RuleSet(["r": Self.pattern(#"{"a": {"b": [{"numeric": [">", 1]}]}}"#)])
        let text = #"{"a": {"b": [0, 2]}}"#
        #expect(rules.matchingRules(forEvent: text) == ["r"])
        #expect(rules.matchingRules(forEvent: Array(text.utf8)) == ["r"])
        #expect(rules.matchingRules(forEvent: text.utf8) == ["r"])
        #expect(rules.matchingRules(forEvent: try JSONValue(parsing: text)) == ["r"])
        Array(text.utf8).withUnsafeBytes { #expect(rules.matchingRules(forEvent: $0) == ["r"]) }
    }

    @Test func invalidEventsMatchNothing() {
        let rules = RuleSet(["any": Self.pattern(#"{"x": [{"exists": false}]}"#)])
        for text in ["", "null", "[]", "{", #"{"a": }"#, #"{"a": 1}}"#, "\"{}\"", "{\"a\": \"\u{0}\"}"] {
            #expect(rules.matchingRules(forEvent: text).isEmpty, "\(text)")
        }
        #expect(rules.matchingRules(forEvent: "{}") == ["any"])
    }

    @Test func matchingFromManyTasksAtOnceAgrees() async {
        let rules = RuleSet((0..<50).map { (name: $0, pattern: Self.pattern(#"{"n": [{"numeric": [">=", \#($0)]}]}"#)) })
        await withTaskGroup(of: Bool.self) { group in
            for task in 0..<8 {
                group.addTask {
                    (0..<2000).allSatisfy { index in
                        let value = (index + task) % 60
                        return rules.matchingRules(forEvent: #"{"n": \#(value)}"#) == Array(0...min(value, 49))
                    }
                }
            }
            for await agreed in group { #expect(agreed) }
        }
    }
}
