import EventPatterns
import Testing

@Suite struct TestEventPatternTests {
    static let event = #"{"id": "1", "account": "123456789012", "source": "s", "time": "2022-07-13T13:48:01Z", "region": "us-east-1", "detail-type": "t", "detail": {"n": 5}}"#

    @Test func evaluatesLikeTheAPI() throws {
        #expect(try TestEventPattern.evaluate(pattern: #"{"detail": {"n": [5]}}"#, event: Self.event))
        #expect(try !TestEventPattern.evaluate(pattern: #"{"detail": {"n": [6]}}"#, event: Self.event))
    }

    @Test(arguments: ["plain string", #"["x"]"#, #"{"source": "s"}"#, "{", #"{"id": "1", "account": "1", "source": "s", "time": "t", "region": "r"}"#])
    func refusesEventsWithoutTheEnvelope(_ event: String) {
        #expect(throws: TestEventPatternError.self) { try TestEventPattern.evaluate(pattern: #"{"a": [1]}"#, event: event) }
        do {
            _ = try TestEventPattern.evaluate(pattern: #"{"a": [1]}"#, event: event)
        } catch {
            #expect(error.message == "Parameter Event is not valid.")
            #expect(error.awsErrorCode == "ValidationException")
        }
    }
}
