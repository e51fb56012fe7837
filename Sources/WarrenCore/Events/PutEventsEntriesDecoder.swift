public import EventPatterns
import Foundation

/// Reads PutEvents entries from JSON, as `warren put-events --entries` and an HTTP front end take them, and
/// reports every problem with its path (`Entries[2].Resources[1]`) rather than changing or dropping anything.
///
/// Each entry's members are `Time`, `Source`, `Resources`, `DetailType`, `Detail`, `EventBusName`, `TraceHeader`;
/// any other key is refused, with the AWS CLI's text. A member that is `null` counts as absent. `Resources` is a
/// list of strings; `null` elements are accepted (EventBridge's size rule skips them) and left out of the event,
/// whose `resources` is a list of strings. `Time` is an RFC 3339 timestamp or seconds since 1970 (`EventTime`).
///
/// Only the JSON shape is checked here; what PutEvents decides per entry (a missing `Source`, a `Detail` that is
/// not an object) stays with `PutEventsValidator`, so a bad entry still fails alone.
public struct PutEventsEntriesDecoder: Sendable {
    /// What `Detail` may be.
    public enum DetailForm: Sendable, Hashable {
        /// The text of a JSON object, as on the wire.
        case text
        /// The text, or the JSON object itself (its text is used, numbers exactly as written): a convenience of
        /// `warren put-events`.
        case textOrObject
    }

    /// An entry's members, in the AWS CLI's order.
    public static let entryMembers = ["Time", "Source", "Resources", "DetailType", "Detail", "EventBusName", "TraceHeader"]

    public var detailForm: DetailForm

    public init(detailForm: DetailForm = .text) {
        self.detailForm = detailForm
    }

    /// Entries from JSON bytes: a list of entries, or an object whose only member is `Entries`.
    /// - Throws: `PutEventsEntriesError` with every problem found; then no entry should be sent.
    public func decode(json bytes: some Collection<UInt8>) throws(PutEventsEntriesError) -> [PutEventsRequestEntry] {
        let value = try Self.parse(json: bytes)
        if case .object(let object) = value {
            var problems: [PutEventsEntryProblem] = []
            for key in object.keys where key != "Entries" {
                problems.append(
                    PutEventsEntryProblem(
                        path: key, kind: .unknownParameter,
                        message: "Unknown parameter in input: \"\(key)\", must be one of: Entries"))
            }
            guard let entries = object["Entries"] else {
                problems.append(
                    PutEventsEntryProblem(
                        path: "Entries", kind: .missingParameter,
                        message: "Missing required parameter in input: \"Entries\""))
                throw PutEventsEntriesError(problems: problems)
            }
            let decoded = self.entries(entries, at: "Entries", problems: &problems)
            guard problems.isEmpty else { throw PutEventsEntriesError(problems: problems) }
            return decoded
        }
        return try self.entries(value)
    }

    /// Parses JSON bytes; a syntax error or invalid UTF-8 is a `malformedJSON` problem that names the member it is
    /// in (a list at the top is called `rootList`).
    public static func parse(json bytes: some Collection<UInt8>, rootList: String = "Entries") throws(
        PutEventsEntriesError
    ) -> JSONValue {
        let bytes = Array(bytes)
        do {
            return try JSONValue(parsing: bytes)
        } catch {
            let path = JSONMemberPath.text(JSONMemberPath.components(in: bytes, at: error.offset), rootList: rootList)
            let place = path.isEmpty ? "" : " in \(path)"
            throw PutEventsEntriesError(problems: [
                PutEventsEntryProblem(path: path, kind: .malformedJSON, message: "Invalid JSON\(place): \(error)")
            ])
        }
    }

    /// The entries of an `Entries` value (a list); `path` names it in problems.
    public func entries(_ value: JSONValue, at path: String = "Entries") throws(PutEventsEntriesError)
        -> [PutEventsRequestEntry]
    {
        var problems: [PutEventsEntryProblem] = []
        let decoded = entries(value, at: path, problems: &problems)
        guard problems.isEmpty else { throw PutEventsEntriesError(problems: problems) }
        return decoded
    }

    /// One entry; `path` names it in problems (`Entries[2]`).
    public func entry(_ value: JSONValue, at path: String) throws(PutEventsEntriesError) -> PutEventsRequestEntry {
        var problems: [PutEventsEntryProblem] = []
        let decoded = entry(value, at: path, problems: &problems)
        guard problems.isEmpty, let decoded else { throw PutEventsEntriesError(problems: problems) }
        return decoded
    }

    // MARK: Reading, collecting problems

    func entries(_ value: JSONValue, at path: String, problems: inout [PutEventsEntryProblem]) -> [PutEventsRequestEntry] {
        guard case .array(let elements) = value else {
            problems.append(.wrongType(value, at: path, expected: "list"))
            return []
        }
        return elements.enumerated().compactMap { index, element in
            entry(element, at: "\(path)[\(index)]", problems: &problems)
        }
    }

    func entry(_ value: JSONValue, at path: String, problems: inout [PutEventsEntryProblem]) -> PutEventsRequestEntry? {
        guard case .object(let object) = value else {
            problems.append(.wrongType(value, at: path, expected: "object"))
            return nil
        }
        for key in object.keys where !Self.entryMembers.contains(key) {
            problems.append(
                PutEventsEntryProblem(
                    path: "\(path).\(key)", kind: .unknownParameter,
                    message:
                        "Unknown parameter in \(path): \"\(key)\", must be one of: \(Self.entryMembers.joined(separator: ", "))"
                ))
        }
        func text(_ member: String, expected: String = "string") -> String? {
            switch object[member] {
            case nil, .null?: return nil
            case .string(let text)?: return text
            case let other?:
                problems.append(.wrongType(other, at: "\(path).\(member)", expected: expected))
                return nil
            }
        }
        var entry = PutEventsRequestEntry(
            source: text("Source"), detailType: text("DetailType"), eventBusName: text("EventBusName"),
            traceHeader: text("TraceHeader"))
        if detailForm == .textOrObject, case .object(let detail)? = object["Detail"] {
            entry.detail = JSONValue.object(detail).serialized()
        } else {
            entry.detail = text("Detail", expected: detailForm == .text ? "string" : "string, object")
        }
        entry.resources = resources(object["Resources"], at: "\(path).Resources", problems: &problems)
        entry.time = time(object["Time"], at: "\(path).Time", problems: &problems)
        return entry
    }

    private func resources(_ value: JSONValue?, at path: String, problems: inout [PutEventsEntryProblem]) -> [String]? {
        switch value {
        case nil, .null?: return nil
        case .array(let elements)?:
            var resources: [String] = []
            for (index, element) in elements.enumerated() {
                switch element {
                case .string(let resource): resources.append(resource)
                case .null: continue  // Counted by nothing and carried by no event: see the type's summary.
                default: problems.append(.wrongType(element, at: "\(path)[\(index)]", expected: "string"))
                }
            }
            return resources
        case let other?:
            problems.append(.wrongType(other, at: path, expected: "list"))
            return nil
        }
    }

    private func time(_ value: JSONValue?, at path: String, problems: inout [PutEventsEntryProblem]) -> Date? {
        do throws(EventTimeError) {
            switch value {
            case nil, .null?: return nil
            case .string(let text)?: return try EventTime.parse(text)
            case .number(let number)?: return try EventTime.date(secondsSince1970: number.doubleValue, text: number.text)
            case let other?:
                problems.append(
                    .wrongType(other, at: path, expected: "string (RFC 3339 timestamp), number (seconds since 1970)"))
                return nil
            }
        } catch {
            problems.append(
                PutEventsEntryProblem(
                    path: path, kind: .invalidValue, message: "Invalid value for parameter \(path): \(error.message)"))
            return nil
        }
    }
}

extension PutEventsEntryProblem {
    /// `Invalid type for parameter Entries[0].Resources, value: "arn", type: string, valid types: list`, as the
    /// AWS CLI words it (with JSON's type names).
    static func wrongType(_ value: JSONValue, at path: String, expected: String) -> PutEventsEntryProblem {
        var shown = value.serialized()
        if shown.count > 100 { shown = String(shown.prefix(100)) + "..." }
        return PutEventsEntryProblem(
            path: path, kind: .wrongType,
            message: "Invalid type for parameter \(path), value: \(shown), type: \(value.typeName), valid types: \(expected)")
    }
}

extension JSONValue {
    fileprivate var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "list"
        case .object: "object"
        }
    }
}
