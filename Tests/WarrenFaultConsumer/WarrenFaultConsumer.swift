import ArgumentParser
import Foundation
import WarrenBus
import WarrenCommands

/// `warren-fault-consumer`: `warren consume` (same options, logs and lifecycle) with a faulty handler: it crashes
/// the whole process with `abort()` on any event whose JSON contains a marker, as a handler with a fatal bug would
/// (the poison-message fault test runs it again and again until the event is dead-lettered), and/or fails every
/// event's first attempt (the soak's retried target), and/or hangs for good on a marker, ignoring cancellation (the
/// second-signal test). Events it handles are printed as `warren consume` prints them.
@main
struct WarrenFaultConsumer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "warren-fault-consumer",
        abstract: "warren consume with a faulty handler: it aborts on a marker, or fails first attempts (for fault tests).")

    @OptionGroup var consume: ConsumeCommand

    @Option(help: "Abort the process on any event whose JSON contains this text.")
    var abortOn: String?

    @Flag(help: "Fail the first attempt of every event (it goes through the target's retry policy).")
    var failFirstAttempt = false

    @Option(help: "Hang for good, ignoring cancellation, on any event whose JSON contains this text.")
    var hangOn: String?

    func run() async throws {
        let marker = abortOn
        let failFirstAttempt = self.failFirstAttempt
        let hangMarker = hangOn
        try await consume.run { event in
            if let hangMarker, String(decoding: event.body, as: UTF8.self).contains(hangMarker) {
                FileHandle.standardError.write(Data("warren-fault-consumer: hanging on event \(event.envelope.id)\n".utf8))
                while true { try? await Task.sleep(for: .seconds(3600)) }
            }
            if failFirstAttempt && event.retryAttempt == 0 {
                throw TargetFailure(code: "FIRST_ATTEMPT", message: "warren-fault-consumer fails every first attempt")
            }
            if let marker, String(decoding: event.body, as: UTF8.self).contains(marker) {
                FileHandle.standardError.write(Data("warren-fault-consumer: aborting on event \(event.envelope.id)\n".utf8))
                abort()
            }
            ConsumeCommand.printLine(event)
        }
    }
}
