public import AMQPClient
public import ArgumentParser
import Foundation
public import Logging
public import WarrenBus

/// Where the broker is and how to reach it: `--url`, `--password-file`, `--connect-timeout`, each with an
/// environment variable. Shared by every command that talks to the broker.
public struct BrokerOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Broker URL, amqp://user@host:port/vhost or amqps://... (default: $WARREN_AMQP_URL, else the local broker).",
            valueName: "url"))
    public var url: String?

    @Option(
        help: ArgumentHelp(
            "File holding the broker password (trailing newline ignored), so that the URL needs none (default: $WARREN_AMQP_PASSWORD_FILE).",
            valueName: "path"))
    public var passwordFile: String?

    @Option(
        help: ArgumentHelp(
            "Seconds to keep trying to reach the broker before giving up; 0 waits forever (default: $WARREN_CONNECT_TIMEOUT, else 30). Consumers that have connected once reconnect without limit.",
            valueName: "seconds"))
    public var connectTimeout: Double?

    public init() {}

    /// The local broker as user guest; the password is guest unless `--password-file` gives another.
    public static let defaultURL = "amqp://guest@127.0.0.1:5672/"
    public static let defaultConnectTimeout: Double = 30

    private static var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// The URL in effect (never printed: it may hold a password).
    public var effectiveURL: String {
        url ?? Self.environment["WARREN_AMQP_URL"] ?? Self.defaultURL
    }

    /// The connect timeout in effect; nil: without limit.
    public var effectiveConnectTimeout: Duration? {
        get throws {
            let seconds: Double
            if let connectTimeout {
                seconds = connectTimeout
            } else if let text = Self.environment["WARREN_CONNECT_TIMEOUT"] {
                guard let value = Double(text) else {
                    throw ValidationError("WARREN_CONNECT_TIMEOUT must be a number of seconds, not '\(text)'")
                }
                seconds = value
            } else {
                seconds = Self.defaultConnectTimeout
            }
            guard seconds >= 0, seconds.isFinite else {
                throw ValidationError("--connect-timeout must be a number of seconds, at least 0")
            }
            return seconds == 0 ? nil : .milliseconds(Int64(seconds * 1000))
        }
    }

    public func validate() throws {
        _ = try effectiveConnectTimeout
    }

    public func configuration(connectionName: String) throws -> AMQPConfiguration {
        var configuration: AMQPConfiguration
        do {
            configuration = try AMQPConfiguration(url: effectiveURL)
        } catch {
            throw ValidationError("--url: \(error.message)")
        }
        configuration.connectionName = connectionName
        if let path = passwordFile ?? Self.environment["WARREN_AMQP_PASSWORD_FILE"] {
            if AMQPPasswordFile.urlHasPassword(effectiveURL) {
                throw ValidationError(
                    "--password-file: the broker URL holds a password too; give it in one place only")
            }
            configuration.password = try AMQPPasswordFile.read(path)
        }
        return configuration
    }

    /// A connection to the broker that gives up after the connect timeout while it has never connected.
    public func brokerConnection(name: String, logger: Logger) throws -> BrokerConnection {
        BrokerConnection(
            configuration: try configuration(connectionName: name), logger: logger,
            connectTimeout: try effectiveConnectTimeout)
    }

    /// Runs `body` with a broker connection and stops it afterwards, also when `body` throws: stopped before the
    /// command prints its error and exits, not by a task racing the exit.
    public func withBrokerConnection<Result>(
        name: String, logger: Logger, _ body: (BrokerConnection) async throws -> Result
    ) async throws -> Result {
        let broker = try brokerConnection(name: name, logger: logger)
        do {
            let result = try await body(broker)
            await broker.stop()
            return result
        } catch {
            await broker.stop()
            throw error
        }
    }
}

/// `--password-file`: the password kept out of the URL, so that it is in no process list or shell history.
enum AMQPPasswordFile {
    /// The file's content without its trailing newline.
    /// - Throws: `ValidationError` naming the file (never its content) when it cannot be read or is empty.
    static func read(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("--password-file: cannot read '\(path)'")
        }
        var bytes = data[...]
        if bytes.last == UInt8(ascii: "\n") { bytes = bytes.dropLast() }
        if bytes.last == UInt8(ascii: "\r") { bytes = bytes.dropLast() }
        let password = String(decoding: bytes, as: UTF8.self)
        if password.isEmpty { throw ValidationError("--password-file: '\(path)' is empty") }
        return password
    }

    /// Whether the URL's user part has a `:password`.
    static func urlHasPassword(_ url: String) -> Bool {
        guard let schemeEnd = url.range(of: "://") else { return false }
        let authority = url[schemeEnd.upperBound...].prefix { $0 != "/" && $0 != "?" }
        guard let at = authority.lastIndex(of: "@") else { return false }
        return authority[..<at].contains(":")
    }
}
