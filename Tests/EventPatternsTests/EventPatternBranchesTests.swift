import EventPatterns
import Testing

/// How patterns expand into branches, including EventBridge's "last writing of a path wins".
@Suite struct EventPatternBranchesTests {
    static func branches(_ text: String) throws -> [[String]] {
        try EventPattern(parsing: text).branches.map { $0.map(\.description) }
    }

    @Test func orExpandsIntoBranches() throws {
        #expect(try Self.branches(#"{"s": ["x"], "$or": [{"a": [1]}, {"b": [2], "c": [3]}]}"#) == [
            [#"s: ["x"]"#, "a: [1]"], [#"s: ["x"]"#, "b: [2]", "c: [3]"],
        ])
    }

    @Test func sideBySideOrsMultiply() throws {
        let text = #"{"$or": [{"a": [1]}, {"b": [1]}], "d": {"$or": [{"e": [1]}, {"f": [1]}, {"g": [1]}]}}"#
        #expect(try Self.branches(text).count == 6)
    }

    @Test func nestedOrs() throws {
        let text = #"{"$or": [{"a": [1]}, {"b": [1], "$or": [{"c": [1]}, {"d": [1]}]}]}"#
        #expect(try Self.branches(text) == [["a: [1]"], ["b: [1]", "c: [1]"], ["b: [1]", "d: [1]"]])
    }

    @Test func theLastWritingOfAPathWins() throws {
        #expect(try Self.branches(#"{"a": [1], "a": [2]}"#) == [["a: [2]"]])
        #expect(try Self.branches(#"{"a.b": [1], "a": {"b": [2]}}"#) == [["a.b: [2]"]])
        // A field after an $or overrides the same path inside its branches, as event-ruler's compiler does ...
        #expect(try Self.branches(#"{"$or": [{"a": ["y"]}, {"b": [1]}], "a": ["x"]}"#) == [
            [#"a: ["x"]"#], [#"a: ["x"]"#, "b: [1]"],
        ])
        // ... and a branch overrides a field written before it.
        #expect(try Self.branches(#"{"a": ["x"], "$or": [{"a": ["y"]}, {"b": [1]}]}"#) == [
            [#"a: ["y"]"#], [#"a: ["x"]"#, "b: [1]"],
        ])
    }

    @Test func repeatedObjectKeysMerge() throws {
        #expect(try Self.branches(#"{"d": {"x": [1]}, "d": {"y": [2]}}"#) == [["d.x: [1]", "d.y: [2]"]])
    }

    @Test func aTreeBuiltInCodeMatchesLikeItsText() throws {
        let root = PatternObject(
            fields: [
                PatternField(key: "source", value: .matchers([.exactString("aws.ec2")])),
                PatternField(
                    key: "detail",
                    value: .object(PatternObject(fields: [
                        PatternField(key: "state", value: .matchers([.anythingBut(.strings(["running"]))])),
                    ]))
                ),
            ],
            alternatives: [[
                PatternObject(fields: [PatternField(key: "a", value: .matchers([.numeric(.equal(to: JSONNumber(1)))]))]),
                PatternObject(fields: [PatternField(key: "b", value: .matchers([.exists(false)]))]),
            ]]
        )
        let pattern = EventPattern(root: root)
        #expect(pattern.serialized()
            == #"{"source":["aws.ec2"],"detail":{"state":[{"anything-but":"running"}]},"$or":[{"a":[{"numeric":["=",1]}]},{"b":[{"exists":false}]}]}"#)
        #expect(try EventPattern(parsing: pattern.serialized()) == pattern)
        #expect(pattern.matches(#"{"source": "aws.ec2", "detail": {"state": "stopped"}, "b": []}"#))
        #expect(!pattern.matches(#"{"source": "aws.ec2", "detail": {"state": "running"}, "a": 1}"#))
    }

    @Test(arguments: [
        #"{"a":["x",1,1.50,true,false,null]}"#,
        #"{"a":[{"prefix":"p"},{"prefix":{"equals-ignore-case":"P"}},{"suffix":"s"},{"suffix":{"equals-ignore-case":"S"}}]}"#,
        #"{"a":[{"equals-ignore-case":"e"},{"wildcard":"w*\\*"},{"exists":true},{"cidr":"10.0.0.0/8"}]}"#,
        #"{"a":[{"anything-but":"x"},{"anything-but":["x","y"]},{"anything-but":1},{"anything-but":[1,2]}]}"#,
        #"{"a":[{"anything-but":{"prefix":"p"}},{"anything-but":{"suffix":["s","t"]}},{"anything-but":{"equals-ignore-case":"e"}},{"anything-but":{"wildcard":"*"}}]}"#,
        #"{"a":[{"numeric":["=",5]},{"numeric":[">",0,"<=",5]},{"numeric":["<",1e3]},{"numeric":[">=",-1]}]}"#,
        #"{"$or":[{"a":[1]},{"b":{"c":[2]}}],"$or":[{"d":[3]},{"e":[4]}]}"#,
        #"{"":["empty key"],"a.b":["dotted"],"quote\"d":["q"]}"#,
    ])
    func serializationIsCanonicalAndRoundTrips(_ text: String) throws {
        let pattern = try EventPattern(parsing: text)
        #expect(pattern.serialized() == text)
        #expect(try EventPattern(parsing: pattern.serialized()) == pattern)
    }
}
