/// The names of everything Warren declares on the broker for a bus.
///
/// Rule, target and bus names are `[.-_A-Za-z0-9]`, so `:` separates them unambiguously, and each kind of
/// object has its own prefix.
public enum TopologyNames {
    /// The bus's topic exchange: `warren:<bus>`.
    public static func busExchange(_ bus: String) -> String { "warren:\(bus)" }

    /// A rule target's queue: `warren:<bus>:<rule>:<target>`.
    public static func targetQueue(bus: String, rule: String, target: String) -> String {
        "warren:\(bus):\(rule):\(target)"
    }

    /// A rule target's default dead-letter queue: `warren-dlq:<bus>:<rule>:<target>`.
    public static func deadLetterQueue(bus: String, rule: String, target: String) -> String {
        "warren-dlq:\(bus):\(rule):\(target)"
    }

    /// The headers exchange that routes a retry to the delay queue of its level: `warren-retry:<bus>`.
    public static func retryExchange(_ bus: String) -> String { "warren-retry:\(bus)" }

    /// A delay queue: messages wait here, then dead-letter back to their target: `warren-retry:<bus>:<seconds>s`.
    public static func delayQueue(bus: String, seconds: Int) -> String { "warren-retry:\(bus):\(seconds)s" }

    /// The direct exchange a delayed retry returns through, keyed by target queue: `warren-redeliver:<bus>`.
    public static func redeliverExchange(_ bus: String) -> String { "warren-redeliver:\(bus)" }

    /// The queue that holds the rules last applied to the bus: `warren-rules:<bus>`.
    public static func ruleRegistryQueue(_ bus: String) -> String { "warren-rules:\(bus)" }

    /// The queue that lists the buses Warren created: `warren-buses`.
    public static let busRegistryQueue = "warren-buses"
}
