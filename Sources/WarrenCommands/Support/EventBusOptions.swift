public import ArgumentParser
import Foundation
public import WarrenBus

/// Account and region stamped on events and ARNs: `--account`, `--region` or `WARREN_ACCOUNT`, `WARREN_REGION`.
public struct EventBusOptions: ParsableArguments {
    @Option(help: "Account id on events and ARNs (default: $WARREN_ACCOUNT, else 000000000000).")
    public var account: String?

    @Option(help: "Region on events and ARNs (default: $WARREN_REGION, else us-east-1).")
    public var region: String?

    public init() {}

    /// The settings with EventBridge's default request size limit (see `PutEventsOptions` for commands that send).
    public var settings: EventBusSettings {
        let environment = ProcessInfo.processInfo.environment
        return EventBusSettings(
            account: account ?? environment["WARREN_ACCOUNT"] ?? "000000000000",
            region: region ?? environment["WARREN_REGION"] ?? "us-east-1")
    }
}
