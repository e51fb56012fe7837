import EventPatterns
import Testing

@Suite struct PatternExplanationTests {
    @Test func namesTheConditionThatFailed() throws {
        let pattern = try EventPattern(parsing: #"{"source": ["custom.myATMapp"], "detail": {"result": [{"anything-but": "approved"}]}}"#)
        let event = try JSONValue(parsing: #"{"source": "custom.myATMapp", "detail": {"result": "approved"}}"#)
        let explanation = pattern.explain(event)
        #expect(!explanation.matches)
        #expect(explanation.branches.count == 1)
        let conditions = explanation.branches[0].conditions
        #expect(conditions.map(\.path) == ["source", "detail.result"])
        #expect(conditions.map(\.isSatisfied) == [true, false])
        #expect(conditions[1].valuesSeen == [#""approved""#])
        #expect(conditions[1].condition == #"[{"anything-but":"approved"}]"#)
        #expect(explanation.description.contains("NOT matched: detail.result"))
    }

    @Test func explainsEveryBranchOfAnOr() throws {
        let pattern = try EventPattern(parsing: #"{"$or": [{"a": [1]}, {"b": [{"exists": false}]}]}"#)
        let explanation = pattern.explain(try JSONValue(parsing: #"{"a": 2, "b": 3}"#))
        #expect(explanation.branches.count == 2)
        #expect(explanation.branches.map(\.allConditionsSatisfied) == [false, false])
        #expect(explanation.description.contains("branch 2 of 2:"))
    }

    @Test func pointsAtArrayConsistency() throws {
        let pattern = try EventPattern(parsing: #"{"e": {"first": ["Anna"], "last": ["Jones"]}}"#)
        let explanation = pattern.explain(try JSONValue(parsing: #"{"e": [{"first": "Anna"}, {"last": "Jones"}]}"#))
        #expect(!explanation.matches)
        #expect(explanation.branches[0].allConditionsSatisfied)
        #expect(explanation.description.contains("same element"))
    }
}
