public import EventPatterns

/// An event as EventBridge delivers it: the envelope PutEvents wraps around each entry's detail.
///
/// Serialized in EventBridge's field order (version, id, detail-type, source, account, time, region,
/// replay-name, resources, detail), compactly, with numbers exactly as the producer wrote them.
public struct EventEnvelope: Sendable, Hashable {
    public var version: String
    public var id: String
    public var detailType: String
    public var source: String
    public var account: String
    /// ISO 8601, UTC, whole seconds.
    public var time: String
    public var region: String
    /// Only on events a replay re-injected.
    public var replayName: String?
    public var resources: [String]
    /// A JSON object.
    public var detail: JSONValue

    public init(
        version: String = "0",
        id: String,
        detailType: String,
        source: String,
        account: String,
        time: String,
        region: String,
        replayName: String? = nil,
        resources: [String] = [],
        detail: JSONValue
    ) {
        self.version = version
        self.id = id
        self.detailType = detailType
        self.source = source
        self.account = account
        self.time = time
        self.region = region
        self.replayName = replayName
        self.resources = resources
        self.detail = detail
    }

    /// The event as compact JSON text.
    public func serialized() -> String {
        var text = "{\"version\":\(Self.quoted(version)),\"id\":\(Self.quoted(id))"
        text += ",\"detail-type\":\(Self.quoted(detailType)),\"source\":\(Self.quoted(source))"
        text += ",\"account\":\(Self.quoted(account)),\"time\":\(Self.quoted(time)),\"region\":\(Self.quoted(region))"
        if let replayName { text += ",\"replay-name\":\(Self.quoted(replayName))" }
        text += ",\"resources\":[\(resources.map(Self.quoted).joined(separator: ","))]"
        text += ",\"detail\":\(detail.serialized())}"
        return text
    }

    /// The event as a JSON value (for pattern matching and pretty printing).
    public var json: JSONValue {
        // Parsing our own serialization keeps one source of truth for field order and number text.
        (try? JSONValue(parsing: serialized())) ?? .null
    }

    private static func quoted(_ text: String) -> String {
        JSONValue.string(text).serialized()
    }
}

extension EventEnvelope {
    /// Reads a delivered event, checking that it has every envelope field with the right type.
    /// - Throws: `EventEnvelopeError` saying which field is missing or wrong.
    public init(parsing bytes: [UInt8]) throws(EventEnvelopeError) {
        self = try Self.decode(bytes).envelope
    }

    /// Reads a delivered event and also returns its JSON value (what patterns match against).
    public static func decode(_ bytes: [UInt8]) throws(EventEnvelopeError) -> (json: JSONValue, envelope: EventEnvelope) {
        let value: JSONValue
        do {
            // The bytes as delivered: decoding them to a String first would replace invalid UTF-8 with U+FFFD,
            // so a broken message would pass for another one.
            value = try JSONValue(parsing: bytes)
        } catch {
            throw EventEnvelopeError(reason: "the message is not JSON: \(error)")
        }
        return (value, try EventEnvelope(json: value))
    }

    /// Reads an event from a parsed JSON value.
    public init(json value: JSONValue) throws(EventEnvelopeError) {
        guard case .object(let object) = value else {
            throw EventEnvelopeError(reason: "the message is not a JSON object")
        }
        func string(_ key: String) throws(EventEnvelopeError) -> String {
            guard let field = object[key] else { throw EventEnvelopeError(reason: "the event has no '\(key)' field") }
            guard case .string(let text) = field else {
                throw EventEnvelopeError(reason: "the event's '\(key)' field is not a string")
            }
            return text
        }
        // Checked in the envelope's field order, so the first problem named is the first field that is wrong.
        let version = try string("version")
        let id = try string("id")
        let detailType = try string("detail-type")
        let source = try string("source")
        let account = try string("account")
        let time = try string("time")
        let region = try string("region")
        var replayName: String?
        if object["replay-name"] != nil { replayName = try string("replay-name") }
        guard let resourcesField = object["resources"] else {
            throw EventEnvelopeError(reason: "the event has no 'resources' field")
        }
        guard case .array(let elements) = resourcesField else {
            throw EventEnvelopeError(reason: "the event's 'resources' field is not an array")
        }
        var resources: [String] = []
        for element in elements {
            guard case .string(let resource) = element else {
                throw EventEnvelopeError(reason: "the event's 'resources' array holds a value that is not a string")
            }
            resources.append(resource)
        }
        guard let detail = object["detail"] else { throw EventEnvelopeError(reason: "the event has no 'detail' field") }
        guard case .object = detail else { throw EventEnvelopeError(reason: "the event's 'detail' field is not an object") }
        self.init(
            version: version, id: id, detailType: detailType, source: source, account: account, time: time,
            region: region, replayName: replayName, resources: resources, detail: detail)
    }
}

/// Why a message is not a valid event.
public struct EventEnvelopeError: Error, Sendable, Hashable, CustomStringConvertible {
    public var reason: String
    public var description: String { reason }
}
