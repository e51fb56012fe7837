import EventPatterns
import Testing

/// A pattern EventBridge refuses, and the reason it gives.
struct InvalidPatternCase: Sendable, CustomTestStringConvertible {
    var pattern: String
    var reason: String

    init(_ pattern: String, _ reason: String) {
        self.pattern = pattern
        self.reason = reason
    }

    var testDescription: String { pattern }
}

@Suite struct EventPatternValidationTests {
    static let invalid: [InvalidPatternCase] = [
        // Structure
        .init(#"[1]"#, "Filter is not an object"),
        .init(#""#, "Filter is not an object"),
        .init(#"{}"#, "Empty objects are not allowed"),
        .init(#"{"a": {}}"#, "Empty objects are not allowed"),
        .init(#"{"a": []}"#, "Empty arrays are not allowed"),
        .init(#"{"a": 1}"#, #""a" must be an object or an array"#),
        .init(#"{"a": "x"}"#, #""a" must be an object or an array"#),
        .init(#"{"a": [[1]]}"#, "Match value must be String, number, true, false, or null"),
        .init(#"{"a": [{}]}"#, "Match expression name not found"),
        .init(#"{"a": [{"prefix": "x", "suffix": "y"}]}"#, "Only one key allowed in match expression"),
        .init(#"{"a": [{"PREFIX": "x"}]}"#, "Unrecognized match type PREFIX"),
        // Operands
        .init(#"{"a": [{"prefix": 1}]}"#, "prefix match pattern must be a string"),
        .init(#"{"a": [{"prefix": {"wrong": "x"}}]}"#, "Unsupported prefix pattern: wrong"),
        .init(#"{"a": [{"prefix": {"equals-ignore-case": 1}}]}"#, "equals-ignore-case match pattern must be a string"),
        .init(#"{"a": [{"suffix": ["x"]}]}"#, "suffix match pattern must be a string"),
        .init(#"{"a": [{"suffix": {"x": "y"}}]}"#, "Unsupported suffix pattern: x"),
        .init(#"{"a": [{"equals-ignore-case": ["x"]}]}"#, "equals-ignore-case match pattern must be a string"),
        .init(#"{"a": [{"wildcard": 1}]}"#, "wildcard match pattern must be a string"),
        .init(#"{"a": [{"wildcard": "a**b"}]}"#, "Consecutive wildcard characters at pos 2"),
        .init(#"{"a": [{"wildcard": "ab\\c"}]}"#, "Invalid escape character at pos 3"),
        .init(#"{"a": [{"wildcard": "ab\\"}]}"#, "Invalid escape character at pos 3"),
        .init(
            #"{"a": [{"wildcard": "*:*:*:*:*:event-bus/*"}]}"#,
            "Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character"
        ),
        .init(#"{"a": [{"exists": "true"}]}"#, "exists match pattern must be either true or false."),
        .init(#"{"a": [{"exists": true, "x": 1}]}"#, "Only one key allowed in match expression"),
        .init(#"{"a": [{"exactly": 1}]}"#, "exact match pattern must be a string"),
        // anything-but
        .init(#"{"a": [{"anything-but": null}]}"#, "Value of anything-but must be an array or single string/number value."),
        .init(#"{"a": [{"anything-but": true}]}"#, "Value of anything-but must be an array or single string/number value."),
        .init(#"{"a": [{"anything-but": ["x", 1]}]}"#, "Inside anything but list, either all values are number or string, mixed type is not supported"),
        .init(#"{"a": [{"anything-but": []}]}"#, "Inside anything but list, either all values are number or string, mixed type is not supported"),
        .init(#"{"a": [{"anything-but": ["x", null]}]}"#, "Inside anything but list, start|null|boolean is not supported."),
        .init(#"{"a": [{"anything-but": {"prefix": ""}}]}"#, "Null prefix/suffix not allowed"),
        .init(#"{"a": [{"anything-but": {"suffix": [""]}}]}"#, "Null prefix/suffix not allowed"),
        .init(#"{"a": [{"anything-but": {"prefix": 1}}]}"#, "prefix/suffix match pattern must be a string"),
        .init(#"{"a": [{"anything-but": {"equals-ignore-case": 1}}]}"#, "Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported."),
        .init(#"{"a": [{"anything-but": {"wildcard": ["x", 1]}}]}"#, "wildcard match pattern must be a string"),
        .init(#"{"a": [{"anything-but": {"wildcard": "x**"}}]}"#, "Consecutive wildcard characters at pos 2"),
        .init(#"{"a": [{"anything-but": {"numeric": [">", 1]}}]}"#, "Unsupported anything-but pattern: numeric"),
        .init(#"{"a": [{"anything-but": {"prefix": {"equals-ignore-case": "x"}}}]}"#, "Value of anything-but must be an array or single string/number value."),
        .init(#"{"a": [{"anything-but": "x", "y": 1}]}"#, "Too many elements in numeric expression"),
        // numeric
        .init(#"{"a": [{"numeric": 5}]}"#, "Value of numeric must be an array."),
        .init(#"{"a": [{"numeric": [5]}]}"#, "Invalid member in numeric match: 5"),
        .init(#"{"a": [{"numeric": ["=", "5"]}]}"#, "Value of equals must be numeric"),
        .init(#"{"a": [{"numeric": ["<", "5"]}]}"#, "Value of < must be numeric"),
        .init(#"{"a": [{"numeric": ["=", 5, 6]}]}"#, "Too many elements in numeric expression"),
        .init(#"{"a": [{"numeric": ["<", 5, "<", 6]}]}"#, "Too many elements in numeric expression"),
        .init(#"{"a": [{"numeric": [">", 5, ">", 6]}]}"#, "Bad numeric range operator: >"),
        .init(#"{"a": [{"numeric": [">", 5, 6]}]}"#, "Bad value in numeric range: 6"),
        .init(#"{"a": [{"numeric": [">", 5, "<", "6"]}]}"#, "Value of < must be numeric"),
        .init(#"{"a": [{"numeric": [">", 5, "<", 6, 7]}]}"#, "Too many terms in numeric range expression"),
        .init(#"{"a": [{"numeric": [">", 6, "<", 5]}]}"#, "Bottom must be less than top"),
        .init(#"{"a": [{"numeric": [">=", 5, "<=", 5]}]}"#, "Bottom must be less than top"),
        .init(#"{"a": [{"numeric": ["!=", 5]}]}"#, "Unrecognized numeric range operator: !="),
        .init(#"{"a": [{"numeric": [">", 1e400]}]}"#, "Cannot compare number : 1e400"),
        // cidr
        .init(#"{"a": [{"cidr": "bad-filter"}]}"#, "Malformed CIDR, one '/' required"),
        .init(#"{"a": [{"cidr": "10.0.0.0/"}]}"#, "Malformed CIDR, one '/' required"),
        .init(#"{"a": [{"cidr": "10.0.0.0/x"}]}"#, "Malformed CIDR, mask bits must be an integer"),
        .init(#"{"a": [{"cidr": "10.0.0.0/-1"}]}"#, "Malformed CIDR, mask bits must not be negative"),
        .init(#"{"a": [{"cidr": "10.0.0.0/32"}]}"#, "IPv4 mask bits must be < 32"),
        .init(#"{"a": [{"cidr": "::/128"}]}"#, "IPv6 mask bits must be < 128"),
        .init(#"{"a": [{"cidr": "xx.11.xx/8"}]}"#, "Nonstandard IP address: xx.11.xx"),
        .init(#"{"a": [{"cidr": "10.0.0.256/8"}]}"#, "Invalid IP address: 10.0.0.256"),
        .init(#"{"a": [{"cidr": 10}]}"#, "prefix match pattern must be a string"),
        // $or: a malformed $or is read again with $or as a plain key, whose verdict stands (as event-ruler does)
        .init(#"{"$or": [{"a": [1]}]}"#, "Unrecognized match type a"),
        .init(#"{"$or": "x"}"#, #""$or" must be an object or an array"#),
        .init(#"{"$or": [{"a": [1]}, {"numeric": [1]}]}"#, "Unrecognized match type a"),
        // JSON syntax, in Jackson's words
        .init(#"{"a": [1,]}"#, "Unexpected character (']' (code 93)): expected a value"),
        .init(#"{"a": [1}"#, #"Unexpected close marker '}': expected ']' (for Array starting at [Source: (String)"{"a": [1}"; line: 1, column: 7])"#),
        .init(#"{"a" [1]}"#, "Unexpected character ('[' (code 91)): was expecting a colon to separate field name and value"),
        .init(#"{"a": [1] "b": [2]}"#, #"Unexpected character ('"' (code 34)): was expecting comma to separate Object entries"#),
        .init(#"{"a": [tru]}"#, "Unrecognized token 'tru': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')"),
        .init(#"{"a": [01]}"#, "Invalid numeric value: Leading zeroes not allowed"),
        .init(#"{"a": [-]}"#, "Unexpected character (']' (code 93)) in numeric value: expected digit (0-9) to follow minus sign, for valid numeric value"),
        .init(#"{"a": [1.]}"#, "Unexpected character (']' (code 93)) in numeric value: Decimal point not followed by a digit"),
        .init(#"{"a": ["x\q"]}"#, "Unrecognized character escape 'q' (code 113)"),
        .init(#"{"a": [1"#, #"Unexpected end-of-input: expected close marker for Array (start marker at [Source: (String)"{"a": [1"; line: 1, column: 7])"#),
        .init(#"{"a": ["x"#, "Unexpected end-of-input: was expecting closing quote for a string value"),
        .init(#"{"a"#, "Unexpected end-of-input in field name"),
        .init(#"{"a""#, "Unexpected end-of-input within/between Object entries"),
        .init(#"{/* c */ "a": [1]}"#, "Unexpected character ('/' (code 47)): maybe a (non-standard) comment? (not recognized as one since Feature 'ALLOW_COMMENTS' not enabled for parser)"),
        .init(#"{"a": [NaN]}"#, "Non-standard token 'NaN': enable `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to allow"),
        .init("{\"a\": [\"x\ny\"]}", "Illegal unquoted character ((CTRL-CHAR, code 10)): has to be escaped using backslash to be included in string value"),
    ]

    @Test(arguments: invalid)
    func awsReason(_ testCase: InvalidPatternCase) {
        #expect(throws: EventPatternError.self) {
            try EventPattern(parsing: testCase.pattern)
        }
        do {
            _ = try EventPattern(parsing: testCase.pattern)
        } catch {
            #expect(error.reason == testCase.reason)
            #expect(error.message == "Event pattern is not valid. Reason: \(testCase.reason)")
            #expect(error.description.split(separator: "\n").first.map(String.init) == error.message)
            #expect(!error.problems.isEmpty)
        }
    }

    @Test(arguments: [
        #"{"a": ["x", 1, true, false, null]}"#,
        #"{"$or": {"a": [1]}}"#,
        #"{"a": [{"anything-but": {"prefix": []}}]}"#,
        #"{"a": [{"wildcard": "arn:aws:events:us-east-1:*:event-bus/*"}]}"#,
        #"{"a": [{"wildcard": "/Users/*/dir/dir/dir/dir/dir/doc.txt"}]}"#,
        #"{"a": [1]} trailing text is not read, as in event-ruler"#,
        #"{"a": [{"cidr": "10.0.0.0/31"}, {"cidr": "2001:db8::/127"}]}"#,
        #"{"a": [{"numeric": [">", -5e9, "<=", 5e9]}]}"#,
    ])
    func accepted(_ text: String) throws {
        _ = try EventPattern(parsing: text)
    }

    @Test func everyProblemIsReportedWithItsPath() {
        let text = #"{"detail": {"state": [{"prefix": 1}], "count": [{"numeric": [">", "x"]}], "n": 5}}"#
        do {
            _ = try EventPattern(parsing: text)
            Issue.record("accepted")
        } catch {
            #expect(error.reason == "prefix match pattern must be a string")
            #expect(error.problemDetails.map(\.reason) == [
                "prefix match pattern must be a string", "Value of > must be numeric",
                #""n" must be an object or an array"#,
            ])
            #expect(error.problemDetails.map(\.path) == [
                "$.detail.state[0].prefix", "$.detail.count[0].numeric", "$.detail.n",
            ])
            #expect(error.problems[0] == "prefix match pattern must be a string (at $.detail.state[0].prefix, line 1, column 35)")
            #expect(error.rawMessage.hasSuffix(#"; line: 1, column: 35]"#))
        }
    }

    @Test func aMalformedOrReportsBothReadings() {
        do {
            _ = try EventPattern(parsing: #"{"$or": [{"a": [1]}]}"#)
            Issue.record("accepted")
        } catch {
            #expect(error.problemDetails.map(\.reason).contains("There must have at least 2 Objects in $or relationship."))
        }
    }

    @Test func reservedNamesInsideOr() {
        do {
            _ = try EventPattern(parsing: #"{"$or": [{"a": [1]}, {"prefix": {"b": [1]}}]}"#)
            Issue.record("accepted")
        } catch {
            #expect(error.problemDetails.map(\.reason).contains("prefix is Ruler reserved fieldName which cannot be used inside $or."))
        }
    }

    @Test func theSizeLimitIsConfigurableUpTo4096() throws {
        let long = #"{"a": ["\#(String(repeating: "x", count: 2100))"]}"#
        #expect(throws: EventPatternError.self) { try EventPattern(parsing: long) }
        _ = try EventPattern(parsing: long, limits: PatternLimits(maximumPatternLength: 4096))
        let longer = #"{"a": ["\#(String(repeating: "x", count: 4100))"]}"#
        #expect(throws: EventPatternError.self) {
            try EventPattern(parsing: longer, limits: PatternLimits(maximumPatternLength: 10_000))
        }
    }

    @Test func theOrCombinationLimit() throws {
        func pattern(groups: Int, branches: Int) -> String {
            let group = "[" + (0..<branches).map { #"{"k\#($0)": [1]}"# }.joined(separator: ",") + "]"
            let members = (0..<groups).map { #""g\#($0)": {"$or": \#(group)}"# }
            return "{" + members.joined(separator: ",") + "}"
        }
        let thousand = pattern(groups: 3, branches: 10)
        #expect(try EventPattern(parsing: thousand, limits: PatternLimits(maximumPatternLength: 4096)).branches.count == 1000)
        let tooMany = pattern(groups: 2, branches: 32)
        #expect(throws: EventPatternError.self) {
            try EventPattern(parsing: tooMany, limits: PatternLimits(maximumPatternLength: 4096))
        }
        _ = try EventPattern(parsing: tooMany, limits: PatternLimits(maximumPatternLength: 4096, maximumOrCombinations: 2000))
    }
}
