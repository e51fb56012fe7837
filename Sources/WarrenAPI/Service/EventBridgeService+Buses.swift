import EventPatterns
import Foundation
import WarrenCore

extension EventBridgeService {
    func createEventBus(_ call: EventBridgeCall) async throws(EventBridgeError) -> JSONValue {
        let input = call.input
        let name = input.string("Name") ?? ""
        if name == EventBusName.default { throw .eventBusAlreadyExists(name) }
        let eventSource = input.string("EventSourceName")
        if eventSource == nil, name.contains("/") {
            throw .validation("Event bus name must not contain '/'.")
        }
        if let eventSource {
            // Partner event sources do not exist in Warren.
            throw EventBridgeError(.resourceNotFound, "Event source \(eventSource) does not exist.")
        }
        // Warren's own limit: every queue name derived from the bus must fit AMQP's 255 bytes.
        if name.utf16.count > EventBusName.maximumLength {
            throw StructureShape.validationError([
                "Value '\(name)' at 'name' failed to satisfy constraint: Member must have length less than or equal to \(EventBusName.maximumLength)"
            ])!
        }
        let now = Date()
        let bus = EventBusDefinition(
            name: name, description: input.string("Description"), kmsKeyIdentifier: input.string("KmsKeyIdentifier"),
            deadLetterConfig: input.structure("DeadLetterConfig")?.withoutNulls,
            logConfig: input.structure("LogConfig")?.withoutNulls, creationTime: now, tags: Self.tags(input))
        try await backend.createEventBus(bus)
        var output: [(String, JSONValue)] = [("EventBusArn", .string(call.settings.eventBusARN(name)))]
        output += Self.optionalMembers(bus)
        return .object(JSONObject(output))
    }

    func deleteEventBus(_ call: EventBridgeCall) async throws(EventBridgeError) -> JSONValue {
        let name = call.input.string("Name") ?? ""
        if name == EventBusName.default { throw .validation("Cannot delete event bus default.") }
        try await backend.deleteEventBus(named: name)
        return [:]
    }

    func describeEventBus(_ call: EventBridgeCall) async throws(EventBridgeError) -> JSONValue {
        let name = call.busName("Name")
        guard let bus = try await backend.eventBus(named: name) else { throw .eventBusNotFound(name) }
        var output: [(String, JSONValue)] = [
            ("Name", .string(bus.name)), ("Arn", .string(call.settings.eventBusARN(bus.name))),
        ]
        output += Self.optionalMembers(bus)
        output += [("CreationTime", Self.timestamp(bus.creationTime)), ("LastModifiedTime", Self.timestamp(bus.lastModifiedTime))]
        return .object(JSONObject(output))
    }

    func listEventBuses(_ call: EventBridgeCall) async throws(EventBridgeError) -> JSONValue {
        let prefix = call.input.string("NamePrefix") ?? ""
        let buses = try await backend.eventBuses().filter { $0.name.hasPrefix(prefix) }
        let page = try PageToken.page(
            buses, key: \.name, after: call.input.string("NextToken"), limit: call.input.integer("Limit"),
            operation: .listEventBuses)
        let listed: [JSONValue] = page.items.map { bus in
            var members: [(String, JSONValue)] = [
                ("Name", .string(bus.name)), ("Arn", .string(call.settings.eventBusARN(bus.name))),
            ]
            if let description = bus.description { members.append(("Description", .string(description))) }
            members += [
                ("CreationTime", Self.timestamp(bus.creationTime)),
                ("LastModifiedTime", Self.timestamp(bus.lastModifiedTime)),
            ]
            return .object(JSONObject(members))
        }
        return Self.pageOutput("EventBuses", listed, next: page.nextToken)
    }

    /// The bus members CreateEventBus and DescribeEventBus return when set.
    private static func optionalMembers(_ bus: EventBusDefinition) -> [(String, JSONValue)] {
        var members: [(String, JSONValue)] = []
        if let description = bus.description { members.append(("Description", .string(description))) }
        if let key = bus.kmsKeyIdentifier { members.append(("KmsKeyIdentifier", .string(key))) }
        if let config = bus.deadLetterConfig { members.append(("DeadLetterConfig", .object(config))) }
        if let config = bus.logConfig { members.append(("LogConfig", .object(config))) }
        return members
    }

    /// Timestamps travel as epoch seconds, with milliseconds.
    static func timestamp(_ date: Date) -> JSONValue {
        .number(JSONNumber((date.timeIntervalSince1970 * 1000).rounded() / 1000))
    }

    /// `{<name>: [...], "NextToken": ...}`, the token only when there is a next page.
    static func pageOutput(_ name: String, _ items: [JSONValue], next: String?) -> JSONValue {
        var members: [(String, JSONValue)] = [(name, .array(items))]
        if let next { members.append(("NextToken", .string(next))) }
        return .object(JSONObject(members))
    }

    /// A `Tags` member.
    static func tags(_ input: ShapeInput, member: String = "Tags") -> [ResourceTag] {
        (input.structures(member) ?? []).map { ResourceTag(key: $0.string("Key") ?? "", value: $0.string("Value") ?? "") }
    }
}
