public import EventPatterns
public import struct Foundation.Date

/// An event bus as the API creates and describes it.
public struct EventBusDefinition: Sendable, Hashable {
    /// 1-256 characters of `[/.-_A-Za-z0-9]`; `default` is the bus every account has.
    public var name: String
    public var description: String?
    public var kmsKeyIdentifier: String?
    /// `DeadLetterConfig` as sent (`{"Arn": ...}`); kept and described, not used by Warren.
    public var deadLetterConfig: JSONObject?
    /// `LogConfig` as sent; kept and described, not used by Warren.
    public var logConfig: JSONObject?
    public var creationTime: Date
    public var lastModifiedTime: Date
    public var tags: [ResourceTag]

    public init(
        name: String, description: String? = nil, kmsKeyIdentifier: String? = nil, deadLetterConfig: JSONObject? = nil,
        logConfig: JSONObject? = nil, creationTime: Date, lastModifiedTime: Date? = nil, tags: [ResourceTag] = []
    ) {
        self.name = name
        self.description = description
        self.kmsKeyIdentifier = kmsKeyIdentifier
        self.deadLetterConfig = deadLetterConfig
        self.logConfig = logConfig
        self.creationTime = creationTime
        self.lastModifiedTime = lastModifiedTime ?? creationTime
        self.tags = tags
    }
}
