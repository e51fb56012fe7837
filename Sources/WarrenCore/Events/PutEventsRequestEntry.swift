public import Foundation

/// One entry of a PutEvents request, with EventBridge's member names (`Source`, `DetailType`, ...) when coded.
///
/// Every member is optional, as on the wire: a missing required one fails that entry alone, with EventBridge's error.
public struct PutEventsRequestEntry: Sendable, Hashable, Codable {
    public var source: String?
    public var detailType: String?
    /// The event's `detail`: the text of a JSON object.
    public var detail: String?
    public var resources: [String]?
    /// The event's `time`; the time of the request when nil.
    public var time: Date?
    /// A bus name or ARN; `default` when nil.
    public var eventBusName: String?
    /// An X-Ray trace header, carried along as a message header.
    public var traceHeader: String?

    public init(
        source: String? = nil,
        detailType: String? = nil,
        detail: String? = nil,
        resources: [String]? = nil,
        time: Date? = nil,
        eventBusName: String? = nil,
        traceHeader: String? = nil
    ) {
        self.source = source
        self.detailType = detailType
        self.detail = detail
        self.resources = resources
        self.time = time
        self.eventBusName = eventBusName
        self.traceHeader = traceHeader
    }

    enum CodingKeys: String, CodingKey {
        case source = "Source"
        case detailType = "DetailType"
        case detail = "Detail"
        case resources = "Resources"
        case time = "Time"
        case eventBusName = "EventBusName"
        case traceHeader = "TraceHeader"
    }

    /// Decodes an entry with `PutEventsEntriesDecoder`'s rules (`Detail` as text): a problem is thrown as
    /// `DecodingError.dataCorrupted` whose description names the member (`Entries[2].Resources[1]`).
    public init(from decoder: any Decoder) throws {
        let value = try DecodableJSON(from: decoder).value
        // A list decoded on its own is the request's `Entries`.
        let path = JSONMemberPath.text(
            decoder.codingPath.map { key in key.intValue.map(JSONMemberPath.Component.index) ?? .member(key.stringValue) },
            rootList: "Entries")
        do {
            self = try PutEventsEntriesDecoder().entry(value, at: path.isEmpty ? "Entry" : path)
        } catch {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: decoder.codingPath, debugDescription: error.description, underlyingError: error))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(source, forKey: .source)
        try container.encodeIfPresent(detailType, forKey: .detailType)
        try container.encodeIfPresent(detail, forKey: .detail)
        try container.encodeIfPresent(resources, forKey: .resources)
        try container.encodeIfPresent(time.map(EventTime.format), forKey: .time)
        try container.encodeIfPresent(eventBusName, forKey: .eventBusName)
        try container.encodeIfPresent(traceHeader, forKey: .traceHeader)
    }

    /// The entry's size as EventBridge counts it against the request limit: 14 bytes for a Time, plus the UTF-8
    /// bytes of Source, DetailType, Detail and each resource.
    public var size: Int {
        (time == nil ? 0 : 14) + (source?.utf8.count ?? 0) + (detailType?.utf8.count ?? 0)
            + (detail?.utf8.count ?? 0) + (resources ?? []).reduce(0) { $0 + $1.utf8.count }
    }

    /// The bus this entry goes to.
    public var busName: String {
        EventBusName.name(fromNameOrARN: eventBusName ?? EventBusName.default)
    }
}
