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

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        source = try container.decodeIfPresent(String.self, forKey: .source)
        detailType = try container.decodeIfPresent(String.self, forKey: .detailType)
        detail = try container.decodeIfPresent(String.self, forKey: .detail)
        resources = try container.decodeIfPresent([String].self, forKey: .resources)
        eventBusName = try container.decodeIfPresent(String.self, forKey: .eventBusName)
        traceHeader = try container.decodeIfPresent(String.self, forKey: .traceHeader)
        // As the AWS CLI accepts it: RFC 3339 text, or seconds since 1970.
        if let seconds = try? container.decodeIfPresent(Double.self, forKey: .time) {
            time = Date(timeIntervalSince1970: seconds)
        } else if let text = try container.decodeIfPresent(String.self, forKey: .time) {
            guard let date = EventTime.parse(text) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .time, in: container,
                    debugDescription: "Time '\(text)' is not an RFC 3339 timestamp (e.g. 2024-05-01T12:00:00Z)")
            }
            time = date
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

/// The `time` format of events: ISO 8601, UTC, whole seconds (`2017-12-22T18:43:48Z`).
public enum EventTime {
    public static func format(_ date: Date) -> String {
        let seconds = Int64((date.timeIntervalSince1970).rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(year)-\(two(month))-\(two(day))T\(two(secondOfDay / 3600)):\(two(secondOfDay % 3600 / 60)):\(two(secondOfDay % 60))Z"
    }

    /// Parses RFC 3339 (`2024-05-01T12:00:00Z`, with fractions or an offset) or a plain date (`2024-05-01`).
    public static func parse(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withFullDate]
        return formatter.date(from: text)
    }

    /// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm): no Calendar, no locale.
    private static func civilDate(daysSinceEpoch: Int64) -> (Int64, Int64, Int64) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
