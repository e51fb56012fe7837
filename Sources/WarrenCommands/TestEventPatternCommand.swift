public import ArgumentParser
import EventPatterns
import Foundation

/// `warren test-event-pattern`: EventBridge's `TestEventPattern`, locally.
///
/// ```
/// warren test-event-pattern --event-pattern '{"source": ["custom.myATMapp"]}' --event @event.json
/// {"Result": true}
/// ```
/// An invalid pattern or event prints AWS's message on standard error and exits with status 2. The logic is
/// `TestEventPattern.commandLine(...)` in EventPatterns; this command only reads files and writes the output.
public struct TestEventPatternCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "test-event-pattern",
        abstract: "Test whether an event pattern matches an event, as aws events test-event-pattern does."
    )

    @Option(name: .customLong("event-pattern"), help: "The pattern: JSON text, or @file.")
    var eventPattern: String

    @Option(help: "The event: JSON text, or @file. It needs id, account, source, time, region and detail-type.")
    var event: String

    @Flag(help: "Also explain the verdict, condition by condition.")
    var explain = false

    @Option(help: "The longest pattern accepted, in characters (EventBridge: 2048, at most 4096).")
    var maximumPatternLength = 2048

    public init() {}

    public func run() throws {
        let output = TestEventPattern.commandLine(
            eventPattern: eventPattern,
            event: event,
            explain: explain,
            limits: PatternLimits(maximumPatternLength: maximumPatternLength),
            readFile: { path in try String(contentsOfFile: path, encoding: .utf8) }
        )
        if !output.standardOutput.isEmpty {
            FileHandle.standardOutput.write(Data(output.standardOutput.utf8))
        }
        if !output.standardError.isEmpty {
            FileHandle.standardError.write(Data(output.standardError.utf8))
        }
        if output.exitCode != 0 {
            throw ExitCode(output.exitCode)
        }
    }
}
