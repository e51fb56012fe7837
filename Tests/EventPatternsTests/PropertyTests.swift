import EventPatterns
import PropertyBased
import Testing

/// Properties that must hold for any pattern and event, checked on random ones.
@Suite struct PropertyTests {
    @Test func compiledMatchingAgreesWithTheReferenceInterpreter() async {
        await propertyCheck(count: 400, input: RandomJSON.pattern, RandomJSON.event) { pattern, event in
            let expected = ReferenceMatcher.matches(pattern, event)
            #expect(CompiledPattern(pattern).matches(event) == expected, "\(pattern) on \(event)")
        }
    }

    @Test func compiledMatchingAgreesWithTheReferenceOnEventsMadeToMeetThePattern() async {
        await propertyCheck(count: 1000, input: RandomJSON.patternAndEvent) { pair in
            let (pattern, event) = pair
            let expected = ReferenceMatcher.matches(pattern, event)
            #expect(CompiledPattern(pattern).matches(event) == expected, "\(pattern) on \(event)")
            #expect(pattern.explain(event).matches == expected)
        }
    }

    @Test func anOrOfPatternsMatchesExactlyWhenOneOfThemDoes() async {
        await propertyCheck(count: 300, input: RandomJSON.simplePattern, RandomJSON.simplePattern, RandomJSON.event) {
            first, second, event in
            let either = try EventPattern(parsing: #"{"$or": [\#(first.serialized()), \#(second.serialized())]}"#)
            #expect(either.matches(event) == (first.matches(event) || second.matches(event)), "\(either) on \(event)")
        }
    }

    @Test func aRuleSetReturnsExactlyTheRulesWhosePatternMatches() async {
        let patterns = RandomJSON.pattern.array(of: 1...12)
        await propertyCheck(count: 150, input: patterns, RandomJSON.event.array(of: 1...8)) { patterns, events in
            let ruleSet = RuleSet(patterns.enumerated().map { (name: $0.offset, pattern: $0.element) })
            let compiled = patterns.map(CompiledPattern.init)
            for event in events {
                let expected = compiled.indices.filter { compiled[$0].matches(event) }
                #expect(ruleSet.matchingRules(forEvent: event) == expected, "\(event)")
                #expect(ruleSet.matchingRules(forEvent: Array(event.serialized().utf8)) == expected)
            }
        }
    }

    @Test func serializedPatternsParseBackToThemselves() async {
        await propertyCheck(count: 300, input: RandomJSON.pattern) { pattern in
            let again = try EventPattern(parsing: pattern.serialized())
            #expect(again == pattern)
            #expect(again.branches == pattern.branches)
        }
    }

    @Test func mutatedEventsNeverCrashAndNeverMatchWhenInvalid() async {
        // Matches every valid JSON object, so matching must agree exactly with the strict parser's verdict.
        let everything = RuleSet([(name: "all", pattern: try! EventPattern(parsing: #"{"zz": [{"exists": false}]}"#))])
        let nested = RuleSet([(name: "a", pattern: try! EventPattern(parsing: #"{"a": [{"exists": true}]}"#))])
        let mutation = Generator { rng in RandomJSON.mutate(Array(RandomJSON.object(&rng, depth: 3).serialized().utf8), &rng) }
        await propertyCheck(count: 2000, input: mutation) { bytes in
            let valid = JSONValue.eventProblem(in: bytes) == nil
            #expect(everything.matchingRules(forEvent: bytes).isEmpty == !valid, "\(String(decoding: bytes, as: UTF8.self))")
            if !nested.matchingRules(forEvent: bytes).isEmpty { #expect(valid) }
            _ = try? JSONValue(parsing: bytes)
        }
    }

    @Test func mutatedPatternsNeverCrash() async {
        let mutation = Generator { rng in
            RandomJSON.mutate(Array(RandomJSON.patternObject(&rng, depth: 2, allowOr: true).utf8), &rng)
        }
        await propertyCheck(count: 2000, input: mutation) { bytes in
            let text = String(decoding: bytes, as: UTF8.self)
            do throws(EventPatternError) {
                let pattern = try EventPattern(parsing: text)
                _ = CompiledPattern(pattern).matches(#"{"a": 1}"#)
                #expect(try EventPattern(parsing: pattern.serialized()) == pattern)
            } catch {
                #expect(error.message.hasPrefix("Event pattern is not valid. Reason: "))
                #expect(!error.problems.isEmpty)
            }
        }
    }
}
