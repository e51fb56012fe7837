import EventPatterns
import Testing

/// One operator's behaviour: a value list, an event value, and whether they match. The event value sits at
/// `detail.value`; `nil` means the event has no such field.
struct OperatorCase: Sendable, CustomTestStringConvertible {
    var values: String
    var eventValue: String?
    var matches: Bool

    init(_ values: String, _ eventValue: String?, _ matches: Bool) {
        self.values = values
        self.eventValue = eventValue
        self.matches = matches
    }

    var testDescription: String { "\(values) vs \(eventValue ?? "missing") -> \(matches)" }

    var pattern: String { #"{"detail": {"value": \#(values)}}"# }
    var event: String { eventValue.map { #"{"detail": {"value": \#($0), "other": 1}}"# } ?? #"{"detail": {"other": 1}}"# }
}

@Suite struct OperatorTests {
    static let exact: [OperatorCase] = [
        .init(#"["running"]"#, #""running""#, true),
        .init(#"["running"]"#, #""Running""#, false),
        .init(#"["running", "stopped"]"#, #""stopped""#, true),
        .init(#"[""]"#, #""""#, true),
        .init(#"[""]"#, "null", false),
        .init("[300]", "300.0", true),
        .init("[300]", "3e2", true),
        .init("[300]", #""300""#, false),
        .init("[1.5]", "1.50", true),
        .init("[true]", "true", true),
        .init("[true]", #""true""#, false),
        .init("[false]", "true", false),
        .init("[null]", "null", true),
        .init("[null]", #""null""#, false),
        .init("[null]", nil, false),
        .init(#"["10.0.0.1"]"#, #""10.0.0.1""#, true),
        .init(#"["::1"]"#, #""0:0:0:0:0:0:0:1""#, true),
        .init(#"["a\\*b"]"#, #""a\\*b""#, true),
        .init(#"[{"exactly": "x"}]"#, #""x""#, true),
    ]

    static let prefixAndSuffix: [OperatorCase] = [
        .init(#"[{"prefix": "us-"}]"#, #""us-east-1""#, true),
        .init(#"[{"prefix": "us-"}]"#, #""eu-west-1""#, false),
        .init(#"[{"prefix": ""}]"#, #""anything""#, true),
        .init(#"[{"prefix": ""}]"#, "12", false),
        .init(#"[{"prefix": "1"}]"#, "12", false),
        .init(#"[{"prefix": {"equals-ignore-case": "EC2"}}]"#, #""ec2.instance""#, true),
        .init(#"[{"prefix": {"equals-ignore-case": "EC2"}}]"#, #""ecs""#, false),
        .init(#"[{"suffix": ".png"}]"#, #""image.png""#, true),
        .init(#"[{"suffix": ".png"}]"#, #""image.PNG""#, false),
        .init(#"[{"suffix": ""}]"#, #""x""#, true),
        .init(#"[{"suffix": {"equals-ignore-case": ".png"}}]"#, #""IMAGE.PNG""#, true),
        .init(#"[{"suffix": {"equals-ignore-case": ".png"}}]"#, #""image.jpg""#, false),
        .init(#"[{"prefix": {"equals-ignore-case": "straße"}}]"#, #""STRASSE 1""#, true),
        .init(#"[{"prefix": "é"}]"#, #""\u00e9t\u00e9""#, true),
    ]

    static let equalsIgnoreCase: [OperatorCase] = [
        .init(#"[{"equals-ignore-case": "alice"}]"#, #""ALICE""#, true),
        .init(#"[{"equals-ignore-case": "alice"}]"#, #""alicE ""#, false),
        .init(#"[{"equals-ignore-case": ""}]"#, #""""#, true),
        .init(#"[{"equals-ignore-case": ""}]"#, #""x""#, false),
        .init(#"[{"equals-ignore-case": "Ärger"}]"#, #""äRGER""#, true),
        .init(#"[{"equals-ignore-case": "ß"}]"#, #""SS""#, true),
        .init(#"[{"equals-ignore-case": "1"}]"#, "1", false),
    ]

    static let wildcard: [OperatorCase] = [
        .init(#"[{"wildcard": "dir/*.png"}]"#, #""dir/a/b.png""#, true),
        .init(#"[{"wildcard": "dir/*.png"}]"#, #""dir/a/b.jpg""#, false),
        .init(#"[{"wildcard": "*"}]"#, #""""#, true),
        .init(#"[{"wildcard": ""}]"#, #""""#, true),
        .init(#"[{"wildcard": ""}]"#, #""x""#, false),
        .init(#"[{"wildcard": "a*b*c"}]"#, #""abc""#, true),
        .init(#"[{"wildcard": "a*a"}]"#, #""a""#, false),
        .init(#"[{"wildcard": "a\\*b"}]"#, #""a*b""#, true),
        .init(#"[{"wildcard": "a\\*b"}]"#, #""axb""#, false),
        .init(#"[{"wildcard": "a\\\\b"}]"#, #""a\\b""#, true),
        .init(#"[{"wildcard": "*"}]"#, "5", false),
    ]

    static let anythingBut: [OperatorCase] = [
        .init(#"[{"anything-but": "approved"}]"#, #""denied""#, true),
        .init(#"[{"anything-but": "approved"}]"#, #""approved""#, false),
        .init(#"[{"anything-but": "approved"}]"#, "null", true),
        .init(#"[{"anything-but": "approved"}]"#, nil, false),
        .init(#"[{"anything-but": "approved"}]"#, "5", true),
        .init(#"[{"anything-but": ["a", "b"]}]"#, #""b""#, false),
        .init(#"[{"anything-but": 100}]"#, "100.0", false),
        .init(#"[{"anything-but": 100}]"#, #""100""#, true),
        .init(#"[{"anything-but": [100, 200]}]"#, "150", true),
        .init(#"[{"anything-but": {"prefix": "init"}}]"#, #""initializing""#, false),
        .init(#"[{"anything-but": {"prefix": "init"}}]"#, #""running""#, true),
        .init(#"[{"anything-but": {"prefix": "init"}}]"#, "12", true),
        .init(#"[{"anything-but": {"prefix": ["a", "b"]}}]"#, #""bc""#, false),
        .init(#"[{"anything-but": {"suffix": ".txt"}}]"#, #""a.txt""#, false),
        .init(#"[{"anything-but": {"suffix": ".txt"}}]"#, #""a.TXT""#, true),
        .init(#"[{"anything-but": {"equals-ignore-case": "x"}}]"#, #""X""#, false),
        .init(#"[{"anything-but": {"equals-ignore-case": ["x", "y"]}}]"#, #""z""#, true),
        .init(#"[{"anything-but": {"wildcard": "*/lib/*"}}]"#, #""/usr/lib/x""#, false),
        .init(#"[{"anything-but": {"wildcard": "*/lib/*"}}]"#, #""/usr/bin/x""#, true),
        .init(#"[{"anything-but": {"wildcard": ""}}]"#, #""x""#, true),
        .init(#"[{"anything-but": {"wildcard": ""}}]"#, #""""#, false),
        .init(#"[{"anything-but": "x"}, {"exists": false}]"#, nil, true),
    ]

    static let numeric: [OperatorCase] = [
        .init(#"[{"numeric": [">", 0, "<=", 5]}]"#, "5", true),
        .init(#"[{"numeric": [">", 0, "<=", 5]}]"#, "0", false),
        .init(#"[{"numeric": [">", 0, "<=", 5]}]"#, "5.000001", false),
        .init(#"[{"numeric": ["<", 10]}]"#, "-1e9", true),
        .init(#"[{"numeric": [">=", 10]}]"#, "10", true),
        .init(#"[{"numeric": ["=", 301.8]}]"#, "3.018e2", true),
        .init(#"[{"numeric": [">", 100]}]"#, "101.0", true),
        .init(#"[{"numeric": [">", 100]}]"#, #""300""#, false),
        .init(#"[{"numeric": [">", 100]}]"#, "null", false),
        .init(#"[{"numeric": [">", 100]}]"#, "1e400", false),
        .init(#"[{"numeric": ["<", -122.41600944012424]}]"#, "-122.41600944012425", true),
        .init(#"[{"numeric": ["<", -122.41600944012424]}]"#, "-122.41600944012424", false),
        .init(#"[{"numeric": ["=", 0.1]}]"#, "0.10000000000000000555", true),
        .init(#"[{"numeric": [">", 5e9]}]"#, "12345678901234567890", true),
    ]

    static let exists: [OperatorCase] = [
        .init(#"[{"exists": true}]"#, #""x""#, true),
        .init(#"[{"exists": true}]"#, "null", true),
        .init(#"[{"exists": true}]"#, "[]", false),
        .init(#"[{"exists": true}]"#, #"{"a": 1}"#, false),
        .init(#"[{"exists": true}]"#, nil, false),
        .init(#"[{"exists": false}]"#, nil, true),
        .init(#"[{"exists": false}]"#, #"{"a": 1}"#, true),
        .init(#"[{"exists": false}]"#, "[]", true),
        .init(#"[{"exists": false}]"#, "null", false),
        .init(#"[{"exists": false}, {"exists": true}]"#, "1", true),
    ]

    static let cidr: [OperatorCase] = [
        .init(#"[{"cidr": "10.0.0.0/24"}]"#, #""10.0.0.255""#, true),
        .init(#"[{"cidr": "10.0.0.0/24"}]"#, #""10.0.1.0""#, false),
        .init(#"[{"cidr": "10.0.0.0/24"}]"#, #""10.0.0.256""#, false),
        .init(#"[{"cidr": "10.0.0.0/24"}]"#, "10", false),
        .init(#"[{"cidr": "10.0.0.5/24"}]"#, #""10.0.0.1""#, false),
        .init(#"[{"cidr": "2001:db8:1234:1a00::/64"}]"#, #""2001:db8:1234:1a00:ffff::1""#, true),
        .init(#"[{"cidr": "2001:db8:1234:1a00::/64"}]"#, #""2001:db8:1234:1a01::1""#, false),
        .init(#"[{"cidr": "10.0.0.0/8"}]"#, #""::ffff:a00:1""#, true),
        .init(#"[{"cidr": "10.0.0.0/8"}]"#, #""::a00:1""#, false),
    ]

    @Test(arguments: exact + prefixAndSuffix + equalsIgnoreCase + wildcard)
    func stringOperators(_ testCase: OperatorCase) throws {
        try check(testCase)
    }

    @Test(arguments: anythingBut + numeric + exists + cidr)
    func otherOperators(_ testCase: OperatorCase) throws {
        try check(testCase)
    }

    private func check(_ testCase: OperatorCase) throws {
        let pattern = try EventPattern(parsing: testCase.pattern)
        #expect(CompiledPattern(pattern).matches(testCase.event) == testCase.matches)
        // The same through the parsed-event path and a rule set.
        let event = try JSONValue(parsing: testCase.event)
        #expect(pattern.matches(event) == testCase.matches)
        #expect(RuleSet([(name: "r", pattern: pattern)]).matchingRules(forEvent: testCase.event) == (testCase.matches ? ["r"] : []))
        #expect(pattern.explain(event).matches == testCase.matches)
    }
}
