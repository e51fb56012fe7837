import EventPatterns
import Foundation
import Testing

@testable import WarrenCore

@Suite("PutEvents validation")
struct PutEventsValidatorTests {
    let validator = PutEventsValidator(settings: EventBusSettings(account: "123456789012", region: "eu-west-1"))
    let now = Date(timeIntervalSince1970: 1_700_000_000.75)

    private func entry(
        source: String? = "custom.myATMapp", detailType: String? = "transaction", detail: String? = #"{"a":1}"#
    ) -> PutEventsRequestEntry {
        PutEventsRequestEntry(source: source, detailType: detailType, detail: detail)
    }

    private func failure(_ entry: PutEventsRequestEntry) -> PutEventsEntryError? {
        if case .failure(let error) = validator.prepare(entry, eventID: "id", now: now) { return error }
        return nil
    }

    @Test("missing Source, DetailType or Detail: InvalidArgument with AWS's text")
    func missingMembers() {
        #expect(
            failure(entry(source: nil))
                == PutEventsEntryError(
                    code: .invalidArgument,
                    message: "Parameter Source is not valid. Reason: Source is a required argument."))
        #expect(failure(entry(source: ""))?.code == .invalidArgument)
        #expect(
            failure(entry(detailType: nil))?.message
                == "Parameter DetailType is not valid. Reason: DetailType is a required argument.")
        #expect(
            failure(entry(detailType: ""))?.message
                == "Parameter DetailType is not valid. Reason: DetailType is a required argument.")
        #expect(
            failure(entry(detail: nil))?.message == "Parameter Detail is not valid. Reason: Detail is a required argument.")
        #expect(
            failure(entry(detail: ""))?.message == "Parameter Detail is not valid. Reason: Detail is a required argument.")
    }

    @Test("Detail that is not a JSON object: MalformedDetail", arguments: ["NotJSON", "[]", "{{}", "\"NotJSON\"", "1", " "])
    func malformedDetail(detail: String) {
        #expect(failure(entry(detail: detail)) == PutEventsEntryError(code: .malformedDetail, message: "Detail is malformed."))
    }

    @Test("{} is a valid Detail")
    func emptyDetail() {
        #expect(failure(entry(detail: "{}")) == nil)
    }

    @Test("a source starting with aws. is refused")
    func awsSource() {
        #expect(failure(entry(source: "aws.ec2"))?.code == .notAuthorizedForSource)
    }

    @Test("the envelope: version 0, id, account, region, second-precision UTC time, resources, detail object")
    func envelope() throws {
        var input = entry(detail: #"{"amount": 300.0, "dup": 1, "dup": 2}"#)
        input.resources = ["arn:aws:s3:::bucket"]
        guard case .success(let event) = validator.prepare(input, eventID: "e-1", now: now) else {
            Issue.record("expected a valid entry")
            return
        }
        #expect(event.bus == "default")
        #expect(event.routingKey == "custom%2EmyATMapp.transaction")
        #expect(
            String(decoding: event.body, as: UTF8.self)
                == #"{"version":"0","id":"e-1","detail-type":"transaction","source":"custom.myATMapp","account":"123456789012","time":"2023-11-14T22:13:20Z","region":"eu-west-1","resources":["arn:aws:s3:::bucket"],"detail":{"amount":300.0,"dup":2}}"#
        )
        let parsed = try EventEnvelope(parsing: event.body)
        #expect(parsed == event.envelope)
    }

    @Test("the entry's Time is used, truncated to seconds; resources default to []")
    func entryTime() {
        var input = entry()
        input.time = Date(timeIntervalSince1970: 86_400 * 365 + 0.9)
        guard case .success(let event) = validator.prepare(input, eventID: "e", now: now) else {
            Issue.record("expected a valid entry")
            return
        }
        #expect(event.envelope.time == "1971-01-01T00:00:00Z")
        #expect(event.envelope.resources == [])
        #expect(event.ingestedAt == now)
    }

    @Test("a Time outside 0001-9999 fails its entry alone; one at the edges keeps its value")
    func timeRange() {
        var early = entry()
        early.time = Date(timeIntervalSince1970: -62_135_596_801)
        #expect(
            failure(early)
                == PutEventsEntryError(
                    code: .invalidArgument,
                    message:
                        "Parameter Time is not valid. Reason: Time must be between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z."
                ))
        var late = entry()
        late.time = Date(timeIntervalSince1970: 1e300)
        #expect(failure(late)?.code == .invalidArgument)
        #expect(PutEventsValidator.awsDescription(late).contains("time=1e+300"), "printing it does not trap")
        for (seconds, text) in [(-62_135_596_800.0, "0001-01-01T00:00:00Z"), (253_402_300_799.0, "9999-12-31T23:59:59Z")] {
            var edge = entry()
            edge.time = Date(timeIntervalSince1970: seconds)
            guard case .success(let event) = validator.prepare(edge, eventID: "e", now: now) else {
                Issue.record("\(text) is a valid Time")
                continue
            }
            #expect(event.envelope.time == text)
        }
    }

    @Test("an ARN as EventBusName names the bus")
    func busARN() {
        var input = entry()
        input.eventBusName = "arn:aws:events:us-east-1:123456789012:event-bus/orders"
        #expect(input.busName == "orders")
    }

    @Test("more than 10 entries fail the whole request")
    func tooManyEntries() {
        let error = #expect(throws: PutEventsRequestError.self) {
            try validator.validateRequest(Array(repeating: entry(), count: 11))
        }
        #expect(error?.code == .validation)
        #expect(error?.message.hasPrefix("1 validation error detected: Value '[PutEventsRequestEntry(") == true)
        #expect(
            error?.message.hasSuffix(
                "at 'entries' failed to satisfy constraint: Member must have length less than or equal to 10") == true)
        #expect(throws: Never.self) { try validator.validateRequest(Array(repeating: entry(), count: 10)) }
        #expect(throws: PutEventsRequestError.self) { try validator.validateRequest([]) }
    }

    @Test("size as EventBridge counts it: 14 for Time, UTF-8 bytes of Source, DetailType, Detail, Resources")
    func entrySize() {
        var input = PutEventsRequestEntry(source: "abc", detailType: "dé", detail: "{}", resources: ["r1", "r22"])
        #expect(input.size == 3 + 3 + 2 + 5)
        input.time = Date()
        #expect(input.size == 27)
        // The ATM demo's entries: 216, 216 and 183 bytes with their Time.
        var atm = PutEventsRequestEntry(
            source: "custom.myATMapp", detailType: "transaction", detail: String(repeating: "x", count: 176))
        atm.time = Date()
        #expect(atm.size == 216)
    }

    @Test("the total size limit: 256 KiB by default, configurable to 1 MiB")
    func totalSize() {
        let big = PutEventsRequestEntry(
            source: "s", detailType: "t", detail: "{\"x\":\"" + String(repeating: "x", count: 262_144) + "\"}")
        let error = #expect(throws: PutEventsRequestError.self) { try validator.validateRequest([big]) }
        #expect(error?.message == "Total size of the entries in the request is over the limit.")
        let halves = Array(
            repeating: PutEventsRequestEntry(
                source: "s", detailType: "t", detail: "{\"x\":\"" + String(repeating: "x", count: 140_000) + "\"}"),
            count: 2)
        #expect(throws: PutEventsRequestError.self) { try validator.validateRequest(halves) }
        let larger = PutEventsValidator(settings: EventBusSettings(maximumRequestSize: 1024 * 1024))
        #expect(throws: Never.self) { try larger.validateRequest([big]) }
        #expect(EventBusSettings(maximumRequestSize: 10 * 1024 * 1024).maximumRequestSize == 1024 * 1024)
    }
}
