import Logging
import Foundation

/// Logging for Warren's executables: libraries only take a `Logger`; executables bootstrap it once.
/// Logs go to standard error so standard output carries only the command's results.
public enum WarrenLogging {
    /// What every command's `--help` says about logging.
    public static let help =
        "Logs go to standard error; WARREN_LOG_LEVEL sets how much: trace, debug, info (default), notice, warning, error or critical."

    /// Bootstraps swift-log once; the level comes from `WARREN_LOG_LEVEL` (default `info`).
    public static func bootstrap() {
        let level = ProcessInfo.processInfo.environment["WARREN_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}
