import EventPatterns
import Testing
import WarrenRules

/// YAML scalars in patterns keep their types: unquoted booleans, nulls and numbers are JSON ones (numbers keep
/// their text), quoted values are strings.
@Suite("YAML scalar types in patterns")
struct YAMLScalarTypingTests {
    static let table: [(yaml: String, json: String)] = [
        ("[true]", "[true]"),
        ("[false, True, FALSE]", "[false,true,false]"),
        ("[25]", "[25]"),
        ("['25']", #"["25"]"#),
        (#"["25"]"#, #"["25"]"#),
        ("[null]", "[null]"),
        ("[~]", "[null]"),
        ("[Null, NULL]", "[null,null]"),
        ("['null', 'true']", #"["null","true"]"#),
        ("[1.50]", "[1.50]"),
        ("[-2.5e3, 6.02E+23]", "[-2.5e3,6.02E+23]"),
        ("[-0, 0]", "[-0,0]"),
        ("[+7]", "[7]"),
        ("[007]", "[7]"),
        ("[.5]", "[0.5]"),
        ("[5.]", "[5.0]"),
        ("[0x1F, 0o17]", "[31,15]"),
        ("[12345678901234567890]", "[12345678901234567890]"),
        ("[yes, no, on, off]", #"["yes","no","on","off"]"#),
        ("[1_000, 2024-01-01, 1.2.3]", #"["1_000","2024-01-01","1.2.3"]"#),
        ("[!!str 25, !!int '25', !!float '2.5', !!bool 'true', !!null '']", #"["25",25,2.5,true,null]"#),
        ("[\"line\\nbreak\", 'it''s']", #"["line\nbreak","it's"]"#),
    ]

    @Test(arguments: table)
    func keepsTypes(_ row: (yaml: String, json: String)) throws {
        let file = try loadRules(
            """
            rules:
              - name: typed
                eventPattern:
                  detail:
                    value: \(row.yaml)
            """)
        #expect(file.rules[0].eventPattern.serialized() == #"{"detail":{"value":"# + row.json + "}}")
    }

    @Test func blockListsAndNestedMappingsKeepTypesToo() throws {
        let file = try loadRules(
            """
            rules:
              - name: typed
                eventPattern:
                  detail:
                    count:
                      - 25
                      - '25'
                    flags:
                      - true
                    range:
                      - numeric: [">", 0, "<=", 1.5]
            """)
        #expect(
            file.rules[0].eventPattern.serialized()
                == #"{"detail":{"count":[25,"25"],"flags":[true],"range":[{"numeric":[">",0,"<=",1.5]}]}}"#)
    }

    @Test func infinityAndNaNHaveNoJSONForm() {
        let found = problems(
            """
            rules:
              - name: typed
                eventPattern:
                  detail:
                    value: [.inf, -.Inf, .NaN, '.inf']
            """)
        #expect(
            found.map(\.description) == [
                "rules.yaml:5:17: rule 'typed': the YAML number '.inf' has no JSON form; quote it to match the text",
                "rules.yaml:5:23: rule 'typed': the YAML number '-.Inf' has no JSON form; quote it to match the text",
                "rules.yaml:5:30: rule 'typed': the YAML number '.NaN' has no JSON form; quote it to match the text",
            ])
        #expect(found.allSatisfy { $0.code == .invalidValue })
    }

    @Test func explicitTagsThatDoNotFitAreReported() {
        #expect(
            problemLines(
                """
                rules:
                  - name: typed
                    eventPattern: {detail: {value: [!!int abc, !!timestamp 2024-01-01]}}
                """)
                == [
                    "rules.yaml:3:37: rule 'typed': 'abc' is not a valid !!int",
                    "rules.yaml:3:48: rule 'typed': the YAML tag !!timestamp cannot be used in an event pattern",
                ])
    }
}
