import EventPatterns
import Testing

/// A pattern, an event and the verdict: EventBridge's rules for the shapes events come in.
struct ShapeCase: Sendable, CustomTestStringConvertible {
    var why: String
    var pattern: String
    var event: String
    var matches: Bool

    init(_ why: String, _ pattern: String, _ event: String, _ matches: Bool) {
        self.why = why
        self.pattern = pattern
        self.event = event
        self.matches = matches
    }

    var testDescription: String { why }
}

@Suite struct EventShapeTests {
    static let cases: [ShapeCase] = [
        // Arrays
        .init("an array matches when any element does", #"{"r": ["b"]}"#, #"{"r": ["a", "b"]}"#, true),
        .init("an array of scalars matches no absent value", #"{"r": ["c"]}"#, #"{"r": ["a", "b"]}"#, false),
        .init("arrays of objects are looked into", #"{"e": {"n": ["Anna"]}}"#, #"{"e": [{"n": "Bob"}, {"n": "Anna"}]}"#, true),
        .init("arrays of arrays are looked into", #"{"m": [3]}"#, #"{"m": [[1, 2], [3]]}"#, true),
        .init("arrays of arrays of objects", #"{"p": {"x": [2]}}"#, #"{"p": [[{"x": 1}], [{"x": 2}]]}"#, true),
        .init(
            "two fields under one array of objects match in the same element",
            #"{"e": {"first": ["Anna"], "last": ["Jones"]}}"#,
            #"{"e": [{"first": "Anna", "last": "Smith"}, {"first": "Bob", "last": "Jones"}]}"#, false
        ),
        .init(
            "...and do match when one element has both",
            #"{"e": {"first": ["Anna"], "last": ["Jones"]}}"#,
            #"{"e": [{"first": "Bob", "last": "Smith"}, {"first": "Anna", "last": "Jones"}]}"#, true
        ),
        .init(
            "fields from different arrays are independent",
            #"{"a": {"x": [1]}, "b": {"y": [2]}}"#, #"{"a": [{"x": 1}], "b": [{"y": 0}, {"y": 2}]}"#, true
        ),
        .init(
            "a field outside the array goes with any element",
            #"{"t": ["P"], "c": {"x": [5]}}"#, #"{"t": "P", "c": [[{"x": 4}, {"x": 5}]]}"#, true
        ),
        .init(
            "nested arrays: same outer element, different inner ones",
            #"{"o": {"i": {"a": [1], "b": [2]}}}"#, #"{"o": [{"i": [{"a": 1}, {"b": 2}]}]}"#, false
        ),
        .init(
            "nested arrays: an inner element beside a field of the outer one",
            #"{"o": {"k": ["z"], "i": {"a": [1]}}}"#, #"{"o": [{"k": "z", "i": [{"a": 0}, {"a": 1}]}, {"k": "y"}]}"#, true
        ),
        .init(
            "a scalar array beside an array of objects",
            #"{"r": ["b"], "e": {"n": ["x"]}}"#, #"{"r": ["a", "b"], "e": [{"n": "y"}, {"n": "x"}]}"#, true
        ),
        .init("an empty array is no value", #"{"r": [null]}"#, #"{"r": []}"#, false),
        .init("an empty array does not exist", #"{"r": [{"exists": true}]}"#, #"{"r": []}"#, false),
        .init("an empty array counts as absent", #"{"r": [{"exists": false}]}"#, #"{"r": []}"#, true),
        .init(
            "exists:false sees only values in the same element",
            #"{"e": {"first": ["Anna"], "middle": [{"exists": false}]}}"#,
            #"{"e": [{"first": "Anna"}, {"first": "Bob", "middle": "C"}]}"#, true
        ),
        .init(
            "exists:false fails when the same element has the field",
            #"{"e": {"first": ["Anna"], "middle": [{"exists": false}]}}"#,
            #"{"e": [{"first": "Anna", "middle": "C"}]}"#, false
        ),
        // Presence
        .init("anything-but matches a present null", #"{"s": [{"anything-but": "x"}]}"#, #"{"s": null}"#, true),
        .init("anything-but never matches a missing field", #"{"s": [{"anything-but": "x"}]}"#, #"{"t": 1}"#, false),
        .init("exists:false matches a missing path", #"{"d": {"s": [{"exists": false}]}}"#, #"{"d": {"t": 1}}"#, true),
        .init("exists:false matches a missing parent", #"{"d": {"s": {"x": [{"exists": false}]}}}"#, #"{"e": 1}"#, true),
        .init("exists:false matches an object", #"{"d": {"s": [{"exists": false}]}}"#, #"{"d": {"s": {"x": 1}}}"#, true),
        .init("exists:true does not match an object", #"{"d": {"s": [{"exists": true}]}}"#, #"{"d": {"s": {"x": 1}}}"#, false),
        .init("a missing field fails the pattern", #"{"a": ["x"], "b": ["y"]}"#, #"{"a": "x"}"#, false),
        .init("fields the pattern does not name are ignored", #"{"a": ["x"]}"#, #"{"a": "x", "b": {"c": [1, 2]}}"#, true),
        // Dots
        .init("a dotted event key matches a nested pattern", #"{"d": {"s": {"t": ["r"]}}}"#, #"{"d": {"s.t": "r"}}"#, true),
        .init("a dotted pattern key matches a nested event", #"{"d": {"s.t": ["r"]}}"#, #"{"d": {"s": {"t": "r"}}}"#, true),
        .init("an object under a dotted key is no value", #"{"d": {"s": {"t": ["r"]}}}"#, #"{"d": {"s.t": {"t": "r"}}}"#, false),
        .init("a dotted top-level key", #"{"a.b": ["c"]}"#, #"{"a": {"b": "c"}}"#, true),
        .init("keys are compared exactly", #"{"MY_KEY": ["x"]}"#, #"{"my_key": "x"}"#, false),
        .init("an empty key is a key", #"{"": ["x"]}"#, #"{"": "x"}"#, true),
        .init("an empty nested key", #"{"a": {"": ["x"]}}"#, #"{"a": {"": "x"}}"#, true),
        // Values
        .init("stringified JSON is opaque", #"{"d": {"k": ["v"]}}"#, #"{"d": "{\"k\":\"v\"}"}"#, false),
        .init("numbers compare as numbers", #"{"n": [300]}"#, #"{"n": 300.0}"#, true),
        .init("numeric never matches a numeric string", #"{"n": [{"numeric": [">", 1]}]}"#, #"{"n": "300"}"#, false),
        .init("huge numbers are numbers", #"{"n": [{"numeric": [">", 1]}]}"#, #"{"n": 123456789012345678901234567890}"#, true),
        .init("escapes in values are decoded", #"{"s": ["a\"b\\c"]}"#, #"{"s": "a\u0022b\\c"}"#, true),
        .init("escapes in keys are decoded", #"{"ké": ["x"]}"#, #"{"k\u00e9": "x"}"#, true),
        .init("surrogate pairs are decoded", #"{"s": ["🚀"]}"#, #"{"s": "\ud83d\ude80"}"#, true),
        .init("the last of repeated event keys wins", #"{"s": ["b"]}"#, #"{"s": "a", "s": "b"}"#, true),
        .init("an earlier repeated key is forgotten", #"{"s": ["a"]}"#, #"{"s": "a", "s": "b"}"#, false),
        .init("a repeated object key replaces the object", #"{"o": {"x": [1]}}"#, #"{"o": {"x": 1}, "o": {"y": 2}}"#, false),
        .init("whitespace anywhere", #"{"a": {"b": [1]}}"#, "\n{ \"a\" :\t{\r\n\"b\" : [ 0 , 1 ] } }\n", true),
        .init("a byte order mark", #"{"a": [1]}"#, "\u{FEFF}{\"a\": 1}", true),
        // Invalid events match nothing
        .init("a truncated event", #"{"a": [1]}"#, #"{"a": 1, "b": [1, 2"#, false),
        .init("an event with a syntax error where no pattern looks", #"{"a": [1]}"#, #"{"a": 1, "b": [1,, 2]}"#, false),
        .init("a bad escape where no pattern looks", #"{"a": [1]}"#, #"{"a": 1, "b": "\q"}"#, false),
        .init("an event that is an array", #"{"a": [1]}"#, #"[{"a": 1}]"#, false),
        .init("trailing content", #"{"a": [1]}"#, #"{"a": 1} x"#, false),
        .init("a control character in a string", #"{"a": [1]}"#, "{\"a\": 1, \"b\": \"\u{01}\"}", false),
    ]

    @Test(arguments: cases)
    func verdict(_ testCase: ShapeCase) throws {
        let pattern = try EventPattern(parsing: testCase.pattern)
        let compiled = CompiledPattern(pattern)
        #expect(compiled.matches(testCase.event) == testCase.matches)
        #expect(compiled.matches(Array(testCase.event.utf8)) == testCase.matches)
        // Repeated matching moves the matcher between its validating and its deferred-validation modes (it follows
        // the match rate it sees); the verdict must not change.
        for _ in 0..<40 { _ = compiled.matches(testCase.event) }
        #expect(compiled.matches(testCase.event) == testCase.matches)
        for _ in 0..<40 { _ = compiled.matches(#"{"unrelated": 1}"#) }
        #expect(compiled.matches(testCase.event) == testCase.matches)
        if let event = try? JSONValue(parsing: testCase.event) {
            #expect(ReferenceMatcher.matches(pattern, event) == testCase.matches)
        }
    }

    @Test func skippedValuesWithTrickyStringsAreSkippedExactly() {
        // Brackets and escaped quotes inside strings of values no pattern names, shifted across the 64-byte blocks
        // the fast skip reads, with the named value after them.
        let pattern = CompiledPattern(try! EventPattern(parsing: #"{"a": [1]}"#))
        let tricky = #"["x\"]}\\", "[[[{{", {"k": "}}\\\"{{", "u": "\u005d"}, [[], {}], "é]\\\\"]"#
        for padding in 0..<80 {
            let filler = String(repeating: "p", count: padding)
            let event = #"{"f": "\#(filler)", "skip": \#(tricky), "a": 1}"#
            #expect(pattern.matches(event), "padding \(padding)")
            #expect(!pattern.matches(#"{"f": "\#(filler)", "skip": \#(tricky), "a": 2}"#))
            #expect(!pattern.matches(#"{"f": "\#(filler)", "skip": \#(tricky) "a": 1}"#))
        }
    }

    @Test func nestingDeeperThanAThousandLevelsIsRefused() {
        let deep = String(repeating: "[", count: 1001) + String(repeating: "]", count: 1001)
        let event = #"{"a": 1, "b": \#(deep)}"#
        let compiled = CompiledPattern(try! EventPattern(parsing: #"{"a": [1]}"#))
        #expect(!compiled.matches(event))
        #expect(JSONValue.eventProblem(in: Array(event.utf8))?.message.contains("nesting depth") == true)
        let allowed = #"{"a": 1, "b": \#(String(repeating: "[", count: 998) + String(repeating: "]", count: 998))}"#
        #expect(compiled.matches(allowed))
        #expect(JSONValue.eventProblem(in: Array(allowed.utf8)) == nil)
    }

    @Test func deepNestingAtNamedPathsIsBoundedToo() {
        let pattern = CompiledPattern(try! EventPattern(parsing: #"{"a": [1]}"#))
        let deep = #"{"a": \#(String(repeating: "[", count: 1200))1\#(String(repeating: "]", count: 1200))}"#
        #expect(!pattern.matches(deep))
        let fine = #"{"a": \#(String(repeating: "[", count: 900))1\#(String(repeating: "]", count: 900))}"#
        #expect(pattern.matches(fine))
    }

    @Test func invalidUTF8NeverMatches() {
        let pattern = CompiledPattern(try! EventPattern(parsing: #"{"a": [{"exists": true}]}"#))
        var bytes = Array(#"{"a": "x", "b": "?"}"#.utf8)
        bytes[bytes.count - 3] = 0xFF
        #expect(!pattern.matches(bytes))
        #expect(JSONValue.eventProblem(in: bytes)?.message == "Invalid UTF-8 start byte 0xff")
        bytes[bytes.count - 3] = UInt8(ascii: "y")
        #expect(pattern.matches(bytes))
    }
}
