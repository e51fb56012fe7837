import Foundation

/// A broker of its own for tests that restart, kill or stop it: an instance of `scripts/rabbitmq` (`--instance
/// NAME --port P`) beside the `main` broker that the rest of the suite shares, so that no fault ever reaches the
/// tests running in parallel on `main`.
///
/// Every command runs the script as a child process and is awaited without blocking a thread of the cooperative
/// pool (a restart takes tens of seconds).
public struct BrokerInstance: Sendable, Hashable {
    public let name: String
    /// The AMQP port; the script derives the others from it (management is `port + 10000`).
    public let port: Int

    public init(name: String, port: Int) {
        self.name = name
        self.port = port
    }

    /// The fault tests' broker: `scripts/rabbitmq --instance fault --port 5682`.
    public static let fault = BrokerInstance(name: "fault", port: 5682)

    public var url: String { "amqp://guest:guest@127.0.0.1:\(port)/" }
    public var managementURL: String { "http://127.0.0.1:\(port + 10000)" }

    /// Whether the node runs and answers AMQP (`status` exits 0).
    public func isRunning() async throws -> Bool {
        try await script(["status"], timeout: .seconds(60), allowFailure: true).status == 0
    }

    /// Starts the node (a no-op when it runs); returns once it accepts AMQP connections.
    public func start() async throws { try await script(["start"]) }

    /// Stops the node gracefully (its data is kept).
    public func stop() async throws { try await script(["stop"]) }

    /// Stops the node gracefully and starts it again: every connection is closed by the broker.
    public func restart() async throws { try await script(["restart"]) }

    /// SIGKILLs the node (a crash); `start` brings it back with its data.
    public func kill() async throws { try await script(["kill"]) }

    /// Runs `scripts/rabbitmq --instance NAME --port P ARGUMENTS...`; throws with its output when it fails.
    @discardableResult
    public func script(_ arguments: [String], timeout: Duration = .seconds(300), allowFailure: Bool = false)
        async throws -> (status: Int32, output: String)
    {
        let script = URL(fileURLWithPath: TestBroker.repositoryRoot).appendingPathComponent("scripts/rabbitmq")
        let process = try ExecutableProcess(
            executable: script, ["--instance", name, "--port", "\(port)"] + arguments)
        let status = try await process.wait(timeout: timeout)
        let output = process.standardOutput + process.standardError
        if status != 0 && !allowFailure {
            throw TestFailure("scripts/rabbitmq --instance \(name) \(arguments.joined(separator: " ")) failed (\(status)):\n\(output.suffix(3000))")
        }
        return (status, output)
    }
}
