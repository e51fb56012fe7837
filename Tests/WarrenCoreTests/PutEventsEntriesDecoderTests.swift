import EventPatterns
import Foundation
import Testing
import WarrenCore

/// `PutEventsEntriesDecoder`: entries from JSON, every problem with its path, nothing changed or dropped.
@Suite("PutEvents entries from JSON")
struct PutEventsEntriesDecoderTests {
    let decoder = PutEventsEntriesDecoder()

    private func problems(_ json: String, _ decoder: PutEventsEntriesDecoder = PutEventsEntriesDecoder())
        -> [PutEventsEntryProblem]
    {
        problems(Array(json.utf8), decoder)
    }

    private func problems(_ bytes: [UInt8], _ decoder: PutEventsEntriesDecoder = PutEventsEntriesDecoder())
        -> [PutEventsEntryProblem]
    {
        do {
            _ = try decoder.decode(json: bytes)
            return []
        } catch {
            return error.problems
        }
    }

    @Test("every member, as a list or as {\"Entries\": [...]}")
    func everyMember() throws {
        let entry = #"""
            {"Source":"s","DetailType":"t","Detail":"{\"a\":1.50}","Resources":["r1","r2"],
             "Time":"2024-05-01T12:00:00Z","EventBusName":"orders","TraceHeader":"Root=1"}
            """#
        let expected = PutEventsRequestEntry(
            source: "s", detailType: "t", detail: #"{"a":1.50}"#, resources: ["r1", "r2"],
            time: Date(timeIntervalSince1970: 1_714_564_800), eventBusName: "orders", traceHeader: "Root=1")
        #expect(try decoder.decode(json: Array("[\(entry)]".utf8)) == [expected])
        #expect(try decoder.decode(json: Array(#"{"Entries":[\#(entry)]}"#.utf8)) == [expected])
        #expect(try decoder.entry(try JSONValue(parsing: entry), at: "Entries[0]") == expected)
    }

    @Test("null members are absent; Time as seconds since 1970")
    func nullsAndNumbers() throws {
        let entries = try decoder.decode(
            json: Array(#"[{"Source":null,"Detail":null,"Resources":null,"Time":1704067200.5,"TraceHeader":null}]"#.utf8))
        #expect(entries == [PutEventsRequestEntry(time: Date(timeIntervalSince1970: 1_704_067_200.5))])
    }

    @Test("an unknown key: the AWS CLI's text, with the entry's path")
    func unknownKey() {
        let found = problems(#"[{"Source":"s"},{"Source":"s","EventBusname":"orders"}]"#)
        #expect(
            found == [
                PutEventsEntryProblem(
                    path: "Entries[1].EventBusname", kind: .unknownParameter,
                    message:
                        #"Unknown parameter in Entries[1]: "EventBusname", must be one of: Time, Source, Resources, DetailType, Detail, EventBusName, TraceHeader"#
                )
            ])
    }

    @Test("Resources: a list of strings; nulls are accepted and left out, other values name their index")
    func resources() throws {
        let withNulls = try decoder.decode(json: Array(#"[{"Source":"s","Resources":["a",null,"b"]}]"#.utf8))
        #expect(withNulls[0].resources == ["a", "b"])
        #expect(withNulls[0].size == 1 + 2, "the size counts only the strings, as EventBridge's does")

        #expect(
            problems(#"[{},{},{"Resources":["a",5,{"x":1}]}]"#).map(\.message) == [
                "Invalid type for parameter Entries[2].Resources[1], value: 5, type: number, valid types: string",
                #"Invalid type for parameter Entries[2].Resources[2], value: {"x":1}, type: object, valid types: string"#,
            ])
        #expect(
            problems(#"[{"Resources":"arn:aws:s3:::b"}]"#)
                == [
                    PutEventsEntryProblem(
                        path: "Entries[0].Resources", kind: .wrongType,
                        message:
                            #"Invalid type for parameter Entries[0].Resources, value: "arn:aws:s3:::b", type: string, valid types: list"#
                    )
                ])
    }

    @Test(
        "members of the wrong type name the member and the types allowed",
        arguments: [
            (#"[{"Source":1}]"#, "Invalid type for parameter Entries[0].Source, value: 1, type: number, valid types: string"),
            (#"[{"DetailType":true}]"#, "Invalid type for parameter Entries[0].DetailType, value: true, type: boolean, valid types: string"),
            (#"[{"Detail":{"a":1}}]"#, #"Invalid type for parameter Entries[0].Detail, value: {"a":1}, type: object, valid types: string"#),
            (#"[{"EventBusName":["a"]}]"#, #"Invalid type for parameter Entries[0].EventBusName, value: ["a"], type: list, valid types: string"#),
            (#"[{"Time":false}]"#, "Invalid type for parameter Entries[0].Time, value: false, type: boolean, valid types: string (RFC 3339 timestamp), number (seconds since 1970)"),
            (#"[{},"entry"]"#, #"Invalid type for parameter Entries[1], value: "entry", type: string, valid types: object"#),
            (#"[null]"#, "Invalid type for parameter Entries[0], value: null, type: null, valid types: object"),
            (#""entries""#, #"Invalid type for parameter Entries, value: "entries", type: string, valid types: list"#),
            (#"{"Entries":{}}"#, "Invalid type for parameter Entries, value: {}, type: object, valid types: list"),
        ])
    func wrongTypes(json: String, message: String) {
        let found = problems(json)
        #expect(found.map(\.message) == [message])
        #expect(found.allSatisfy { $0.kind == .wrongType })
    }

    @Test("Detail may be an object for warren put-events: its text, numbers as written; other types are refused")
    func detailObjects() throws {
        let lenient = PutEventsEntriesDecoder(detailForm: .textOrObject)
        let entries = try lenient.decode(json: Array(#"[{"Detail":{"amount":300.0,"n":1e2}},{"Detail":"{}"}]"#.utf8))
        #expect(entries.map(\.detail) == [#"{"amount":300.0,"n":1e2}"#, "{}"])
        #expect(
            problems(#"[{"Detail":[1,2]}]"#, lenient).map(\.message) == [
                "Invalid type for parameter Entries[0].Detail, value: [1,2], type: list, valid types: string, object"
            ])
    }

    @Test("a Time EventBridge would refuse names the member and says why")
    func invalidTime() {
        #expect(
            problems(#"[{"Source":"s"},{"Time":"2024-02-30T00:00:00Z"}]"#) == [
                PutEventsEntryProblem(
                    path: "Entries[1].Time", kind: .invalidValue,
                    message:
                        "Invalid value for parameter Entries[1].Time: '2024-02-30T00:00:00Z' is not a valid RFC 3339 timestamp: day 30 does not exist in February 2024 (it has 29 days)"
                )
            ])
        #expect(
            problems(#"[{"Time":1e12}]"#).map(\.message) == [
                "Invalid value for parameter Entries[0].Time: 1e12 seconds since 1970 is outside 0001-01-01T00:00:00Z ... 9999-12-31T23:59:59Z, the times an event can carry"
            ])
    }

    @Test("times before 1583 keep their value exactly")
    func earlyTimes() throws {
        let entries = try decoder.decode(
            json: Array(#"[{"Time":"0001-01-01T00:00:00Z"},{"Time":"1582-10-10T00:00:00Z"}]"#.utf8))
        #expect(entries.compactMap(\.time).map(EventTime.format) == ["0001-01-01T00:00:00Z", "1582-10-10T00:00:00Z"])
    }

    @Test("non-UTF-8 bytes and syntax errors name the member they are in")
    func malformedJSON() {
        var bytes = Array(#"[{"Source":"s","Detail":"{}"},{"Source":"s","Detail":"{\"a\":\"x"#.utf8)
        bytes += [0xFF, 0xFE] + Array(#"\"}"}]"#.utf8)
        let found = problems(bytes)
        #expect(found.count == 1)
        #expect(found.first?.path == "Entries[1].Detail")
        #expect(found.first?.kind == .malformedJSON)
        #expect(found.first?.message.hasPrefix("Invalid JSON in Entries[1].Detail: Invalid UTF-8 start byte 0xff") == true, "\(found)")

        let syntax = problems(#"{"Entries":[{"Source":"s"},{"Resources":["a" "b"]}]}"#)
        #expect(syntax.map(\.path) == ["Entries[1].Resources[0]"])
        #expect(syntax.first?.message.hasPrefix("Invalid JSON in Entries[1].Resources[0]: Unexpected character") == true)

        let badKey = problems(Array(#"[{"Sou"#.utf8) + [0xC3] + Array(#"rce":"s"}]"#.utf8))
        #expect(badKey.map(\.path) == ["Entries[0]"], "a bad byte in a key names the entry")
        #expect(problems("").first?.message.hasPrefix("Invalid JSON: ") == true)
    }

    @Test("the request object: Entries is required and is its only member")
    func requestObject() {
        #expect(
            problems(#"{"Entry":[]}"#) == [
                PutEventsEntryProblem(
                    path: "Entry", kind: .unknownParameter,
                    message: #"Unknown parameter in input: "Entry", must be one of: Entries"#),
                PutEventsEntryProblem(
                    path: "Entries", kind: .missingParameter, message: #"Missing required parameter in input: "Entries""#),
            ])
    }

    @Test("every problem is reported at once, as the AWS CLI does")
    func allProblems() {
        let json = #"[{"Source":1,"EventBusname":"x"},{"Resources":[2]},{"Time":"yesterday"}]"#
        #expect(problems(json).map(\.path) == ["Entries[0].EventBusname", "Entries[0].Source", "Entries[1].Resources[0]", "Entries[2].Time"])
        let error = #expect(throws: PutEventsEntriesError.self) { try decoder.decode(json: Array(json.utf8)) }
        #expect(error?.description.hasPrefix("Parameter validation failed:\nUnknown parameter in Entries[0]: \"EventBusname\"") == true)
        #expect(error?.description.split(separator: "\n").count == 5)
    }

    @Test("Codable decodes with the same rules, naming the member in the error")
    func codable() throws {
        let entries = [
            PutEventsRequestEntry(
                source: "s", detailType: "t", detail: "{}", resources: ["r"], time: Date(timeIntervalSince1970: -62_135_596_800),
                eventBusName: "b", traceHeader: "h")
        ]
        let encoded = try JSONEncoder().encode(entries)
        #expect(String(decoding: encoded, as: UTF8.self).contains(#""Time":"0001-01-01T00:00:00Z""#))
        #expect(try JSONDecoder().decode([PutEventsRequestEntry].self, from: encoded) == entries)
        #expect(try decoder.decode(json: Array(encoded)) == entries)

        let unknown = Data(#"[{"Source":"s"},{"EventBusname":"x"}]"#.utf8)
        do {
            _ = try JSONDecoder().decode([PutEventsRequestEntry].self, from: unknown)
            Issue.record("an unknown key must be refused")
        } catch let DecodingError.dataCorrupted(context) {
            #expect(context.debugDescription.contains(#"Unknown parameter in Entries[1]: "EventBusname""#))
        }
        struct Request: Decodable { var Entries: [PutEventsRequestEntry] }
        do {
            _ = try JSONDecoder().decode(Request.self, from: Data(#"{"Entries":[{"Resources":[7]}]}"#.utf8))
            Issue.record("a number in Resources must be refused")
        } catch let DecodingError.dataCorrupted(context) {
            #expect(context.debugDescription.contains("Invalid type for parameter Entries[0].Resources[0], value: 7"))
        }
    }
}
