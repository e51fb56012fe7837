import EventPatterns
import Testing
@testable import WarrenCommands

/// `warren test-event-pattern` as a function: what it prints and its exit status.
@Suite struct TestEventPatternCommandTests {
    static let event = #"{"id": "1", "account": "123456789012", "source": "s", "time": "2022-07-13T13:48:01Z", "region": "us-east-1", "detail-type": "t", "detail": {"n": 5}}"#

    @Test func theCommandPrintsTheResult() {
        let output = TestEventPattern.commandLine(
            eventPattern: #"{"detail": {"n": [{"numeric": [">", 1]}]}}"#, event: Self.event, explain: false,
            readFile: { _ in "" }
        )
        #expect(output == TestEventPatternCommandOutput(standardOutput: "{\"Result\": true}\n", exitCode: 0))
        let miss = TestEventPattern.commandLine(eventPattern: #"{"source": ["x"]}"#, event: Self.event, explain: false, readFile: { _ in "" })
        #expect(miss.standardOutput == "{\"Result\": false}\n")
    }

    @Test func theCommandReadsArgumentFiles() {
        let files = ["p.json": #"{"source": ["s"]}"#, "e.json": Self.event]
        let output = TestEventPattern.commandLine(eventPattern: "@p.json", event: "@e.json", explain: true) { path in
            guard let text = files[path] else { throw CocoaLikeError(path: path) }
            return text
        }
        #expect(output.exitCode == 0)
        #expect(output.standardOutput.hasPrefix("{\"Result\": true}\nResult: match\n  matched: source [\"s\"]"))
        let missing = TestEventPattern.commandLine(eventPattern: "@nope.json", event: Self.event, explain: false) { path in
            throw CocoaLikeError(path: path)
        }
        #expect(missing.exitCode == 1)
        #expect(missing.standardError.hasPrefix("Cannot read nope.json"))
    }

    @Test func anInvalidPatternPrintsAWSsMessageAndExits2() {
        let output = TestEventPattern.commandLine(eventPattern: #"{"int": 42}"#, event: Self.event, explain: false, readFile: { _ in "" })
        #expect(output.exitCode == 2)
        #expect(output.standardOutput.isEmpty)
        #expect(output.standardError == "Event pattern is not valid. Reason: \"int\" must be an object or an array\n")
        let badEvent = TestEventPattern.commandLine(eventPattern: #"{"a": [1]}"#, event: "[]", explain: true, readFile: { _ in "" })
        #expect(badEvent.exitCode == 2)
        #expect(badEvent.standardError.hasPrefix("Parameter Event is not valid.\n  - "))
    }

    struct CocoaLikeError: Error {
        var path: String
    }
}
