public import AMQPClient
public import ArgumentParser
import Foundation

/// Where the broker is: `--url`, else `WARREN_AMQP_URL`, else the local broker. Shared by every command.
public struct BrokerOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Broker URL, amqp://user:pass@host:port/vhost or amqps://... (default: $WARREN_AMQP_URL, else the local broker).",
            valueName: "url"))
    public var url: String?

    public init() {}

    public static let defaultURL = "amqp://guest:guest@127.0.0.1:5672/"

    /// The URL in effect (never printed: it may hold a password).
    public var effectiveURL: String {
        url ?? ProcessInfo.processInfo.environment["WARREN_AMQP_URL"] ?? Self.defaultURL
    }

    public func configuration(connectionName: String) throws -> AMQPConfiguration {
        do {
            var configuration = try AMQPConfiguration(url: effectiveURL)
            configuration.connectionName = connectionName
            return configuration
        } catch {
            throw ValidationError("--url: \(error.message)")
        }
    }
}
