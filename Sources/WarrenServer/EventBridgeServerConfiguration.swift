/// Where `warren serve` listens and what it accepts.
public struct EventBridgeServerConfiguration: Sendable, Hashable {
    /// `127.0.0.1` by default: the API verifies no signature, so it is not exposed unless asked for.
    public var host: String
    /// `4010` by default; `0` picks a free port (tests).
    public var port: Int
    /// The largest request body; a larger one is refused while it streams in, before it is buffered whole.
    public var maximumBodySize: Int
    /// Whether `POST /moto-api/reset` deletes everything (for test suites only).
    public var testReset: TestReset

    public static let defaultHost = "127.0.0.1"
    public static let defaultPort = 4010
    /// 4 MiB: a PutEvents request at its largest (1 MiB of entries) fits, even with JSON escaping.
    public static let defaultMaximumBodySize = 4 * 1024 * 1024

    /// Whether the test-suite reset route exists.
    public enum TestReset: Sendable, Hashable {
        case disabled
        /// `POST /moto-api/reset` deletes every bus but `default`, every rule and every tag.
        case enabled
    }

    public init(
        host: String = defaultHost, port: Int = defaultPort, maximumBodySize: Int = defaultMaximumBodySize,
        testReset: TestReset = .disabled
    ) {
        self.host = host
        self.port = port
        self.maximumBodySize = maximumBodySize
        self.testReset = testReset
    }
}
