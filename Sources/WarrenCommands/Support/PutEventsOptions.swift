public import ArgumentParser
public import WarrenBus

/// What only commands that send PutEvents requests take: `--max-request-size`.
public struct PutEventsOptions: ParsableArguments {
    @Option(help: "Largest PutEvents request in bytes, up to 1048576 (default 262144).")
    public var maxRequestSize: Int?

    public init() {}

    /// `bus`'s settings with this request size limit.
    public func settings(_ bus: EventBusOptions) -> EventBusSettings {
        var settings = bus.settings
        settings.maximumRequestSize = maxRequestSize ?? EventBusSettings.defaultRequestSize
        return settings
    }

    public func validate() throws {
        if let maxRequestSize, !(1...EventBusSettings.largestRequestSize).contains(maxRequestSize) {
            throw ValidationError("--max-request-size must be between 1 and \(EventBusSettings.largestRequestSize)")
        }
    }
}
