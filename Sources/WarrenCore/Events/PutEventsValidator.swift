import EventPatterns
public import struct Foundation.Date

/// PutEvents' validation, as EventBridge does it: request-level checks that fail the whole request, and per-entry
/// checks that fail one entry alone. Pure: no broker involved.
public struct PutEventsValidator: Sendable {
    public var settings: EventBusSettings

    /// EventBridge's limit of entries per request.
    public static let maximumEntries = 10

    public init(settings: EventBusSettings) {
        self.settings = settings
    }

    /// Checks the request as a whole: entry count and total size.
    public func validateRequest(_ entries: [PutEventsRequestEntry]) throws(PutEventsRequestError) {
        if entries.isEmpty {
            throw PutEventsRequestError(
                code: .validation,
                message:
                    "1 validation error detected: Value '[]' at 'entries' failed to satisfy constraint: Member must have length greater than or equal to 1"
            )
        }
        if entries.count > Self.maximumEntries {
            throw PutEventsRequestError(
                code: .validation,
                message:
                    "1 validation error detected: Value '[\(entries.map(Self.awsDescription).joined(separator: ", "))]' at 'entries' failed to satisfy constraint: Member must have length less than or equal to \(Self.maximumEntries)"
            )
        }
        let total = entries.reduce(0) { $0 + $1.size }
        // EventBridge: the total "must be less than" the limit.
        if total >= settings.maximumRequestSize {
            throw PutEventsRequestError(
                code: .validation, message: "Total size of the entries in the request is over the limit.")
        }
    }

    /// Checks one entry and, when it is valid, builds its event.
    public func prepare(_ entry: PutEventsRequestEntry, eventID: String, now: Date) -> Result<
        PreparedEvent, PutEventsEntryError
    > {
        guard let source = entry.source, !source.isEmpty else { return .failure(.missing("Source")) }
        guard let detailType = entry.detailType, !detailType.isEmpty else { return .failure(.missing("DetailType")) }
        // An empty Detail is a missing one, as for Source and DetailType (EventBridge and LocalStack agree).
        guard let detailText = entry.detail, !detailText.isEmpty else { return .failure(.missing("Detail")) }
        if Self.isReservedSource(source) {
            return .failure(PutEventsEntryError(code: .notAuthorizedForSource, message: "Not authorized for the source."))
        }
        if let time = entry.time, !EventTime.isRepresentable(time) {
            return .failure(
                PutEventsEntryError(
                    code: .invalidArgument,
                    message:
                        "Parameter Time is not valid. Reason: Time must be between \(EventTime.format(EventTime.earliest)) and \(EventTime.format(EventTime.latest))."
                ))
        }
        guard let detail = try? JSONValue(parsing: detailText), case .object = detail else {
            return .failure(.malformedDetail)
        }
        let bus = entry.busName
        let envelope = EventEnvelope(
            id: eventID, detailType: detailType, source: source, account: settings.account,
            time: EventTime.format(entry.time ?? now), region: settings.region, resources: entry.resources ?? [],
            detail: detail)
        return .success(
            PreparedEvent(
                bus: bus, envelope: envelope,
                routingKey: RoutingKey.make(source: source, detailType: detailType),
                body: Array(envelope.serialized().utf8), traceHeader: entry.traceHeader, ingestedAt: now))
    }

    /// Sources that only AWS services may use: PutEvents refuses them with `NotAuthorizedForSourceException`.
    public static func isReservedSource(_ source: String) -> Bool {
        source.hasPrefix("aws.")
    }

    /// How EventBridge's Java service prints an entry in validation messages (`resources=null` when the entry has
    /// none, as recorded against AWS).
    public static func awsDescription(_ entry: PutEventsRequestEntry) -> String {
        func text(_ value: String?) -> String { value ?? "null" }
        let resources = entry.resources.map { "[\($0.joined(separator: ", "))]" } ?? "null"
        return
            "PutEventsRequestEntry(time=\(entry.time.map(EventTime.format) ?? "null"), source=\(text(entry.source)), resources=\(resources), detailType=\(text(entry.detailType)), detail=\(text(entry.detail)), eventBusName=\(text(entry.eventBusName)), traceHeader=\(text(entry.traceHeader)), kmsKeyIdentifier=null, internalMetadata=null)"
    }
}

/// A valid entry, ready to publish.
public struct PreparedEvent: Sendable, Hashable {
    public var bus: String
    public var envelope: EventEnvelope
    public var routingKey: String
    /// The envelope's JSON text.
    public var body: [UInt8]
    public var traceHeader: String?
    /// When PutEvents accepted it: the start of `MaximumEventAgeInSeconds`.
    public var ingestedAt: Date

    public init(
        bus: String, envelope: EventEnvelope, routingKey: String, body: [UInt8], traceHeader: String?, ingestedAt: Date
    ) {
        self.bus = bus
        self.envelope = envelope
        self.routingKey = routingKey
        self.body = body
        self.traceHeader = traceHeader
        self.ingestedAt = ingestedAt
    }
}
