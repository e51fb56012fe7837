public import Foundation
import Synchronization

/// One of Warren's executables (`producer`, `case2-consumer`, `warren`, ...) running as a real process, as the
/// end-to-end tests use them: built products, the test broker's URL, output captured.
public final class ExecutableProcess: Sendable {
    public let name: String
    private let process: Process
    private let output = OutputBuffer()
    private let errors = OutputBuffer()

    /// Where `swift build` put the executables: beside the test bundle.
    public static var productsDirectory: URL {
        if let override = ProcessInfo.processInfo.environment["WARREN_BIN_PATH"] {
            return URL(fileURLWithPath: override)
        }
        var directory = Bundle.main.bundleURL
        while directory.path != "/" && !FileManager.default.fileExists(atPath: directory.appendingPathComponent("producer").path) {
            directory.deleteLastPathComponent()
            if directory.lastPathComponent == ".build" { break }
        }
        return directory
    }

    /// Starts `name` with `arguments`; the broker URL comes from the test environment (`environment` may override
    /// it, e.g. with a fault-test broker's URL).
    public convenience init(_ name: String, _ arguments: [String], environment extra: [String: String] = [:]) throws {
        let executable = Self.productsDirectory.appendingPathComponent(name)
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            throw TestFailure("\(name) is not built at \(executable.path): run `swift build` (scripts/test does)")
        }
        try self.init(executable: executable, arguments, environment: ["WARREN_AMQP_URL": TestBroker.url].merging(
            extra, uniquingKeysWith: { $1 }))
    }

    /// Starts any program (a script such as `scripts/rabbitmq`, another tool) with output captured.
    public init(executable: URL, _ arguments: [String], environment extra: [String: String] = [:]) throws {
        self.name = executable.lastPathComponent
        process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        for (key, value) in extra { environment[key] = value }
        process.environment = environment
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        let output = self.output
        let errors = self.errors
        // At end of file the handler is removed: left in place, it would be called again and again for nothing.
        stdout.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty { handle.readabilityHandler = nil } else { output.append(data) }
        }
        stderr.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty { handle.readabilityHandler = nil } else { errors.append(data) }
        }
        try process.run()
    }

    deinit {
        // A test that failed half-way must not leave a consumer running behind it.
        if process.isRunning { process.terminate() }
    }

    /// What it printed on standard output so far.
    public var standardOutput: String { output.text }
    /// What it logged on standard error so far.
    public var standardError: String { errors.text }

    /// The complete lines printed on standard output so far.
    public var outputLines: [Substring] { output.completeLines }

    public var processIdentifier: Int32 { process.processIdentifier }
    public var isRunning: Bool { process.isRunning }

    /// How it ended: by `exit` (the status) or by a signal (the signal's number). Valid once it is not running.
    public var termination: (status: Int32, bySignal: Bool) {
        (process.terminationStatus, process.terminationReason == .uncaughtSignal)
    }

    /// Waits until `condition` holds for what it printed and logged, polling; fails after `timeout`, or earlier if
    /// the process exits without the condition holding.
    public func waitForOutput(
        timeout: Duration = .seconds(30), _ what: String, until condition: (_ output: String, _ errors: String) -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        while !condition(standardOutput, standardError) {
            if !process.isRunning {
                try await Task.sleep(for: .milliseconds(100))  // the pipes may still hold the last output
                if condition(standardOutput, standardError) { return }
                throw TestFailure("\(name) exited (status \(process.terminationStatus)) before \(what); stderr:\n\(standardError.suffix(3000))")
            }
            if ContinuousClock.now > deadline {
                throw TestFailure("\(name): no \(what) within \(timeout); stderr:\n\(standardError.suffix(3000))")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Waits for the process to exit (killing it after `timeout`); returns its exit status.
    @discardableResult
    public func wait(timeout: Duration = .seconds(60)) async throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now > deadline {
                process.terminate()
                throw TestFailure("\(name) did not finish within \(timeout); stderr:\n\(standardError)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        // Let the pipes deliver what is left.
        try await Task.sleep(for: .milliseconds(100))
        return process.terminationStatus
    }

    /// Sends a signal (SIGTERM, SIGKILL, ...).
    public func signal(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// Runs to completion and returns (status, stdout, stderr).
    public static func run(
        _ name: String, _ arguments: [String], environment: [String: String] = [:], timeout: Duration = .seconds(60)
    ) async throws -> (status: Int32, output: String, errors: String) {
        let process = try ExecutableProcess(name, arguments, environment: environment)
        let status = try await process.wait(timeout: timeout)
        return (status, process.standardOutput, process.standardError)
    }
}

/// Bytes a pipe delivered, appended from the pipe's handler thread, read from the test.
private final class OutputBuffer: Sendable {
    private let data = Mutex(Data())

    func append(_ chunk: Data) { data.withLock { $0.append(chunk) } }

    var text: String { data.withLock { String(decoding: $0, as: UTF8.self) } }

    /// The text up to its last newline, split into lines (a line still being written is left out).
    var completeLines: [Substring] {
        let text = data.withLock { data -> String in
            guard let end = data.lastIndex(of: UInt8(ascii: "\n")) else { return "" }
            return String(decoding: data[..<end], as: UTF8.self)
        }
        return text.split(separator: "\n", omittingEmptySubsequences: true)
    }
}
