public import WarrenBus
import EventPatterns
import Foundation

/// PutEvents entries from JSON, as the AWS CLI takes them: a list of entries or `{"Entries": [...]}`, each with
/// `Source`, `DetailType`, `Detail`, `Resources`, `Time`, `EventBusName`, `TraceHeader`. For convenience `Detail`
/// may also be a JSON object (its text is used, numbers exactly as written).
public enum EntriesFile {
    /// Reads entries from `argument`: inline JSON, `@path` or `file://path`.
    public static func load(_ argument: String) throws -> [PutEventsRequestEntry] {
        let text: String
        if argument.hasPrefix("@") || argument.hasPrefix("file://") {
            let path = argument.hasPrefix("@") ? String(argument.dropFirst()) : String(argument.dropFirst(7))
            guard let data = FileManager.default.contents(atPath: path) else {
                throw EntriesFileError("cannot read entries file '\(path)'")
            }
            text = String(decoding: data, as: UTF8.self)
        } else {
            text = argument
        }
        return try parse(text)
    }

    public static func parse(_ text: String) throws -> [PutEventsRequestEntry] {
        var work = 0
        return try parse(text, work: &work)
    }

    /// The fields an entry may have.
    private static let fieldNames: Set<String> = [
        "Source", "DetailType", "Detail", "Resources", "Time", "EventBusName", "TraceHeader",
    ]

    /// `parse`, counting its steps in `work` (members and resources read, bytes of `Detail` written), for the tests
    /// that check the work grows linearly with the text. Parsing the JSON is EventPatterns' and is not counted.
    static func parse(_ text: String, work: inout Int) throws -> [PutEventsRequestEntry] {
        let value: JSONValue
        do { value = try JSONValue(parsing: text) } catch { throw EntriesFileError("entries are not valid JSON: \(error)") }
        let list: [JSONValue]
        switch value {
        case .array(let elements): list = elements
        case .object(let object):
            guard case .array(let elements)? = object["Entries"] else {
                throw EntriesFileError("expected a list of entries or {\"Entries\": [...]}")
            }
            list = elements
        default: throw EntriesFileError("expected a list of entries or {\"Entries\": [...]}")
        }
        var entries: [PutEventsRequestEntry] = []
        entries.reserveCapacity(list.count)
        for (index, element) in list.enumerated() {
            work += 1
            guard case .object(let object) = element else { throw EntriesFileError("entry \(index) is not an object") }
            // One pass over the members: looking each field up would scan a wide entry once per field.
            var fields: [String: JSONValue] = [:]
            for (key, value) in object {
                work += 1
                if fieldNames.contains(key) { fields[key] = value }
            }
            func string(_ key: String) throws -> String? {
                guard let field = fields[key] else { return nil }
                if case .string(let text) = field { return text }
                if case .null = field { return nil }
                throw EntriesFileError("entry \(index): \(key) must be a string")
            }
            var entry = PutEventsRequestEntry(
                source: try string("Source"), detailType: try string("DetailType"),
                eventBusName: try string("EventBusName"), traceHeader: try string("TraceHeader"))
            switch fields["Detail"] {
            case .string(let text)?: entry.detail = text
            case nil, .null?: entry.detail = nil
            case let detail?: entry.detail = detail.serialized()  // Not an object: rejected by PutEvents as MalformedDetail.
            }
            work += entry.detail?.utf8.count ?? 0
            if case .array(let resources)? = fields["Resources"] {
                work += resources.count
                entry.resources = try resources.map { resource in
                    guard case .string(let text) = resource else {
                        throw EntriesFileError("entry \(index): Resources must be strings")
                    }
                    return text
                }
            }
            switch fields["Time"] {
            case .string(let text)?:
                guard let date = EventTime.parse(text) else {
                    throw EntriesFileError("entry \(index): Time '\(text)' is not an RFC 3339 timestamp")
                }
                entry.time = date
            case .number(let number)?: entry.time = Date(timeIntervalSince1970: number.doubleValue)
            default: break
            }
            entries.append(entry)
        }
        return entries
    }
}

public struct EntriesFileError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
