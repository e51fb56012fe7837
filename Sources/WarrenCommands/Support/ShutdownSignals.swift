import Foundation
import Logging
import UnixSignals

/// SIGTERM and SIGINT for long-running commands.
///
/// The first signal starts a graceful shutdown and logs what the command still waits for (deliveries being
/// settled, PutEvents confirms). The second stops the process at once, with exit status 128 + the signal's number:
/// its connections close with it, so the broker returns unacknowledged deliveries to their queues, and entries not
/// yet confirmed are not reported. Only one handler may trap a signal, so a `ServiceGroup` run alongside must trap
/// none.
final class ShutdownSignals: Sendable {
    private let watcher: Task<Void, Never>

    /// Starts trapping the signals. `begin` runs on the first one: it starts the graceful shutdown and returns what
    /// the command now waits for, to be logged.
    init(logger: Logger, begin: @escaping @Sendable () async -> String) async {
        let signals = await UnixSignalsSequence(trapping: .sigterm, .sigint)
        watcher = Task {
            var received = 0
            for await signal in signals {
                received += 1
                if received == 1 {
                    let waitingFor = await begin()
                    logger.notice(
                        "shutdown started; a second SIGTERM or SIGINT stops at once",
                        metadata: ["signal": "\(signal)", "waiting_for": "\(waitingFor)"])
                } else {
                    logger.warning(
                        "second signal: stopping at once; unsettled deliveries return to their queues",
                        metadata: ["signal": "\(signal)"])
                    fflush(nil)
                    // `_exit`, not `exit`: the connection threads may be inside librabbitmq or OpenSSL, whose
                    // at-exit clean-up must not run under them.
                    _exit(128 + signal.rawValue)
                }
            }
        }
    }

    /// Stops trapping (the command is finishing by itself).
    func cancel() { watcher.cancel() }

    /// What a command that sends one PutEvents request waits for.
    static func confirms(ofEntries count: Int) -> String {
        "the broker's confirms of the request in flight (\(count) \(count == 1 ? "entry" : "entries"))"
    }
}
