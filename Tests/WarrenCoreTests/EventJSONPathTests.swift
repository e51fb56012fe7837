import EventPatterns
import Testing
import WarrenCore

@Suite("JSONPath into events (InputPath, InputPathsMap)")
struct EventJSONPathTests {
    static let event = try! JSONValue(
        parsing: #"""
            {"version":"0","id":"e-1","detail-type":"Order Placed","source":"shop","account":"123456789012",
             "time":"2024-05-01T12:00:00Z","region":"eu-west-1","resources":["arn:r1","arn:r2"],
             "detail":{"instance-id":"i-1","a":{"b":{"c":7}},"items":[{"id":"x"},{"id":"y"},{"n":1}],
                       "a/b":"slash","with space":"spaced","0":"zero","z":null}}
            """#)

    @Test(
        "paths that select a value",
        arguments: [
            ("$.detail-type", #""Order Placed""#),
            ("$.detail.instance-id", #""i-1""#),
            ("$.detail.a.b.c", "7"),
            ("$.detail.a.b", #"{"c":7}"#),
            ("$.resources[0]", #""arn:r1""#),
            ("$.resources[1]", #""arn:r2""#),
            ("$.resources[-1]", #""arn:r2""#),
            ("$.detail.items[1].id", #""y""#),
            ("$['detail']['with space']", #""spaced""#),
            (#"$["detail"].a['b']"#, #"{"c":7}"#),
            ("$.detail.a/b", #""slash""#),
            ("$.detail.0", #""zero""#),
            ("$.detail.z", "null"),
            ("$.detail.items[*].id", #"["x","y"]"#),
            ("$.resources[*]", #"["arn:r1","arn:r2"]"#),
            ("$.detail.a.*", #"[{"c":7}]"#),
            ("$.detail.nothing[*]", "[]"),
        ])
    func selects(path: String, expected: String) throws {
        let selected = try EventJSONPath(parsing: path).select(in: Self.event)
        #expect(selected == (try JSONValue(parsing: expected)), "\(path)")
    }

    @Test("$ alone is the whole event")
    func wholeEvent() throws {
        let path = try EventJSONPath(parsing: "$")
        #expect(path.isWholeEvent)
        #expect(path.select(in: Self.event) == Self.event)
    }

    @Test(
        "paths that select nothing are missing, not null",
        arguments: [
            "$.detail.nope", "$.detail.a.b.c.d", "$.resources[2]", "$.resources[-3]", "$.detail.a[0]",
            "$.resources.x", "$.detail.instance-id.x",
        ])
    func missing(path: String) throws {
        #expect(try EventJSONPath(parsing: path).select(in: Self.event) == nil)
    }

    @Test(
        "syntax Warren refuses, and why",
        arguments: [
            ("detail", "a JSON path must start with '$' at character 1"),
            ("", "a JSON path must start with '$' at character 1"),
            ("$.", "a name must follow '.' at character 3"),
            ("$..detail", "'..' (deep scan) is not supported at character 3"),
            ("$.detail[", "'[' is not closed at character 10"),
            ("$.resources[0", "'[' is not closed at character 14"),
            ("$.resources[0:2]", "slices ([a:b]) are not supported at character 14"),
            ("$.resources[0,1]", "unions ([a,b]) are not supported at character 14"),
            ("$.items[?(@.id)]", "filters and expressions are not supported at character 9"),
            ("$.a b", "a name may not contain white space; use ['name'] for such a name at character 4"),
            ("$['a", "the quoted name is not closed at character 5"),
            ("$x", "expected '.' or '[' but found 'x' at character 2"),
            ("$.a[b]", "expected an array index, '*' or a quoted name but found 'b' at character 5"),
            ("$.a[99999999999999999999]", "the array index is too large at character 5"),
        ])
    func refused(path: String, reason: String) {
        #expect(throws: EventJSONPathError.self) { try EventJSONPath(parsing: path) }
        do {
            _ = try EventJSONPath(parsing: path)
        } catch {
            #expect(error.description == reason, "\(path)")
        }
    }
}
