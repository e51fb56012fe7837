/// What PutEvents stamps on events and enforces, the parts of EventBridge that come from the account.
public struct EventBusSettings: Sendable, Hashable {
    /// The 12-digit `account` of every event.
    public var account: String
    /// The `region` of every event and ARN.
    public var region: String
    /// Largest total entry size of one PutEvents request, computed as EventBridge does; 256 KiB by default,
    /// configurable up to 1 MiB.
    public var maximumRequestSize: Int

    public static let defaultRequestSize = 256 * 1024
    public static let largestRequestSize = 1024 * 1024

    public init(account: String = "000000000000", region: String = "us-east-1", maximumRequestSize: Int = defaultRequestSize) {
        self.account = account
        self.region = region
        self.maximumRequestSize = min(max(1, maximumRequestSize), Self.largestRequestSize)
    }

    /// `arn:aws:events:<region>:<account>:rule/<name>` on the default bus, `.../rule/<bus>/<name>` on others.
    public func ruleARN(rule: String, bus: String) -> String {
        let path = bus == EventBusName.default ? rule : "\(bus)/\(rule)"
        return "arn:aws:events:\(region):\(account):rule/\(path)"
    }

    public func eventBusARN(_ bus: String) -> String {
        "arn:aws:events:\(region):\(account):event-bus/\(bus)"
    }

    /// Warren's targets are RabbitMQ queues: `arn:warren:rabbitmq:<region>:<account>:queue/<queue>`.
    public func targetARN(queue: String) -> String {
        "arn:warren:rabbitmq:\(region):\(account):queue/\(queue)"
    }
}
