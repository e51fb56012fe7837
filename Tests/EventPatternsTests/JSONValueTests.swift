import EventPatterns
import Testing

@Suite struct JSONValueTests {
    @Test func parsesEveryKindOfValue() throws {
        let value = try JSONValue(parsing: #" {"s": "a\"b\\\/\b\f\n\r\t\u00e9\ud83d\ude80", "n": -1.5e3, "t": true, "f": false, "z": null, "a": [1, [2]], "o": {}} "#)
        #expect(value["s"] == .string("a\"b\\/\u{08}\u{0C}\n\r\té🚀"))
        #expect(value["n"]?.numberValue?.text == "-1.5e3")
        #expect(value["n"]?.numberValue?.doubleValue == -1500)
        #expect(value["t"] == .bool(true))
        #expect(value["f"] == .bool(false))
        #expect(value["z"] == .null)
        #expect(value["a"] == [1, [2]])
        #expect(value["o"] == .object(JSONObject()))
    }

    @Test func theLastOfRepeatedKeysWins() throws {
        let value = try JSONValue(parsing: #"{"a": 1, "b": 2, "a": 3}"#)
        #expect(value.objectValue?.keys == ["a", "b"])
        #expect(value["a"] == 3)
        #expect(value.serialized() == #"{"a":3,"b":2}"#)
    }

    @Test func numbersKeepTheirLexeme() throws {
        let text = #"[300.0,3e2,-0,123456789012345678901234567890,1E-7]"#
        #expect(try JSONValue(parsing: text).serialized() == text)
        #expect(JSONNumber("1e400")?.doubleValue == .infinity)
        #expect(JSONNumber("01") == nil)
        #expect(JSONNumber("1.") == nil)
        #expect(JSONNumber(2.5).text == "2.5")
        #expect(JSONNumber(300.0).text == "300")
    }

    @Test func serializesCompactAndPretty() throws {
        let value: JSONValue = ["a": [1, "x"], "b": ["c": .null], "d": [], "e": .object(JSONObject())]
        #expect(value.serialized() == #"{"a":[1,"x"],"b":{"c":null},"d":[],"e":{}}"#)
        #expect(value.prettyPrinted() == """
            {
              "a": [
                1,
                "x"
              ],
              "b": {
                "c": null
              },
              "d": [],
              "e": {}
            }
            """)
        #expect(JSONValue.string("q\"\\\n\u{01}é").serialized() == #""q\"\\\n\u0001é""#)
        #expect(try JSONValue(parsing: value.prettyPrinted(indent: 4)) == value)
    }

    @Test func objectEqualityIgnoresKeyOrder() throws {
        #expect(try JSONValue(parsing: #"{"a":1,"b":2}"#) == JSONValue(parsing: #"{"b":2,"a":1}"#))
        #expect(Set([try JSONValue(parsing: #"{"a":1,"b":2}"#), try JSONValue(parsing: #"{"b":2,"a":1}"#)]).count == 1)
    }

    @Test(arguments: [
        ("", "No content to map due to end-of-input"),
        ("{", "Unexpected end-of-input: expected close marker for Object (start marker at [Source: (String)\"{\"; line: 1, column: 1])"),
        ("[1,2", "Unexpected end-of-input: expected close marker for Array (start marker at [Source: (String)\"[1,2\"; line: 1, column: 1])"),
        ("{\"a\":1} x", "Unexpected content after the JSON value: only whitespace may follow it"),
        ("{'a':1}", "Unexpected character (''' (code 39)): was expecting double-quote to start field name"),
        ("[1 2]", "Unexpected character ('2' (code 50)): was expecting comma to separate Array entries"),
        ("\"\\x\"", "Unrecognized character escape 'x' (code 120)"),
        ("\"\\u12g4\"", "Unexpected character ('g' (code 103)): expected a hex-digit for character escape sequence"),
        ("[1e]", "Unexpected character (']' (code 93)) in numeric value: Exponent indicator not followed by a digit"),
        ("[-Infinity]", "Unexpected character ('I' (code 73)) in numeric value: expected digit (0-9) to follow minus sign, for valid numeric value"),
        ("\u{01}", "Illegal character ((CTRL-CHAR, code 1)): only regular white space (\\r, \\n, \\t) is allowed between tokens"),
    ])
    func reportsSyntaxErrorsLikeJackson(_ text: String, _ message: String) {
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: text) }
        do {
            _ = try JSONValue(parsing: text)
        } catch {
            #expect(error.message == message)
        }
    }

    @Test func reportsWhereTheErrorIs() {
        do {
            _ = try JSONValue(parsing: "{\n  \"a\": tru\n}")
            Issue.record("parsed")
        } catch {
            #expect(error.line == 2)
            #expect(error.column == 11)
            #expect(error.message.hasPrefix("Unrecognized token 'tru'"))
        }
    }

    @Test func rejectsInvalidUTF8AndTooDeepNesting() {
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: [0x22, 0xC3, 0x28, 0x22]) }
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: [0x22, 0xED, 0xA0, 0x80, 0x22]) }
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: [0x22, 0xE0, 0x80, 0x80, 0x22]) }
        let deep = String(repeating: "[", count: 1001) + String(repeating: "]", count: 1001)
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: deep) }
        let fine = String(repeating: "[", count: 1000) + String(repeating: "]", count: 1000)
        #expect((try? JSONValue(parsing: fine)) != nil)
    }

    @Test func loneSurrogatesBecomeReplacementCharacters() throws {
        #expect(try JSONValue(parsing: #""\ud800x""#) == .string("\u{FFFD}x"))
    }

    @Test func describesEventProblems() {
        #expect(JSONValue.eventProblem(in: Array(#"{"a": 1}"#.utf8)) == nil)
        #expect(JSONValue.eventProblem(in: Array("[1]".utf8))?.message == "Event must be a JSON object")
        #expect(JSONValue.eventProblem(in: Array("{\"a\": }".utf8))?.message == "Unexpected character ('}' (code 125)): expected a value")
    }
}
