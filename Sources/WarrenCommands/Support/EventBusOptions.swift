public import ArgumentParser
import Foundation
public import WarrenBus

/// Account, region and size limit stamped on events: `--account`, `--region` or `WARREN_ACCOUNT`, `WARREN_REGION`.
public struct EventBusOptions: ParsableArguments {
    @Option(help: "Account id on events and ARNs (default: $WARREN_ACCOUNT, else 000000000000).")
    public var account: String?

    @Option(help: "Region on events and ARNs (default: $WARREN_REGION, else us-east-1).")
    public var region: String?

    @Option(help: "Largest PutEvents request in bytes, up to 1048576 (default 262144).")
    public var maxRequestSize: Int?

    public init() {}

    public var settings: EventBusSettings {
        let environment = ProcessInfo.processInfo.environment
        return EventBusSettings(
            account: account ?? environment["WARREN_ACCOUNT"] ?? "000000000000",
            region: region ?? environment["WARREN_REGION"] ?? "us-east-1",
            maximumRequestSize: maxRequestSize ?? EventBusSettings.defaultRequestSize)
    }

    public func validate() throws {
        if let maxRequestSize, !(1...EventBusSettings.largestRequestSize).contains(maxRequestSize) {
            throw ValidationError("--max-request-size must be between 1 and \(EventBusSettings.largestRequestSize)")
        }
    }
}
