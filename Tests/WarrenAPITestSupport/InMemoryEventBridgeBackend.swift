import Foundation
public import WarrenAPI
public import WarrenCore

/// An `EventBridgeBackend` that keeps everything in memory: for the API's unit tests and the test server
/// (`warren-api-memory-server`). Not a server mode: nothing survives the process, and events go nowhere but
/// `publishedEvents`.
public actor InMemoryEventBridgeBackend: EventBridgeBackend {
    private var buses: [String: EventBusDefinition]
    private var rulesByBus: [String: [String: RuleDefinition]]
    /// Every event PutEvents accepted, in order.
    public private(set) var publishedEvents: [PreparedEvent] = []
    /// How often `updateRules` ran a change (tests count work with it).
    public private(set) var ruleUpdates = 0

    public init() {
        (buses, rulesByBus) = Self.onlyTheDefaultBus()
    }

    private static func onlyTheDefaultBus() -> ([String: EventBusDefinition], [String: [String: RuleDefinition]]) {
        ([EventBusName.default: EventBusDefinition(name: EventBusName.default, creationTime: Date())], [EventBusName.default: [:]])
    }

    public func eventBuses() async throws(EventBridgeError) -> [EventBusDefinition] {
        buses.values.sorted { $0.name < $1.name }
    }

    public func eventBus(named name: String) async throws(EventBridgeError) -> EventBusDefinition? {
        buses[name]
    }

    public func createEventBus(_ bus: EventBusDefinition) async throws(EventBridgeError) {
        if buses[bus.name] != nil { throw .eventBusAlreadyExists(bus.name) }
        buses[bus.name] = bus
        rulesByBus[bus.name] = [:]
    }

    public func deleteEventBus(named name: String) async throws(EventBridgeError) {
        buses[name] = nil
        rulesByBus[name] = nil
    }

    public func updateEventBus<Result: Sendable>(
        named name: String, _ change: @escaping @Sendable (inout EventBusDefinition) throws(EventBridgeError) -> Result
    ) async throws(EventBridgeError) -> Result {
        guard var bus = buses[name] else { throw .eventBusNotFound(name) }
        let result = try change(&bus)
        buses[name] = bus
        return result
    }

    public func rules(onBus bus: String) async throws(EventBridgeError) -> [RuleDefinition] {
        guard let rules = rulesByBus[bus] else { throw .eventBusNotFound(bus) }
        return rules.values.sorted { $0.name < $1.name }
    }

    public func updateRules<Result: Sendable>(
        onBus bus: String,
        _ change: @escaping @Sendable (inout [String: RuleDefinition]) throws(EventBridgeError) -> Result
    ) async throws(EventBridgeError) -> Result {
        guard var rules = rulesByBus[bus] else { throw .eventBusNotFound(bus) }
        ruleUpdates += 1
        let result = try change(&rules)
        rulesByBus[bus] = rules
        return result
    }

    public func putEvents(_ entries: [PutEventsRequestEntry], settings: EventBusSettings) async throws(
        PutEventsRequestError
    ) -> PutEventsResult {
        let validator = PutEventsValidator(settings: settings)
        try validator.validateRequest(entries)
        for bus in Set(entries.map(\.busName)).sorted() where buses[bus] == nil {
            throw PutEventsRequestError(code: .resourceNotFound, message: "Event bus \(bus) does not exist.")
        }
        let now = Date()
        return PutEventsResult(
            entries: entries.map { entry in
                switch validator.prepare(entry, eventID: UUID().uuidString.lowercased(), now: now) {
                case .success(let event):
                    publishedEvents.append(event)
                    return .success(eventID: event.envelope.id)
                case .failure(let error):
                    return .failure(error)
                }
            })
    }

    public func deleteEverything() async throws(EventBridgeError) {
        (buses, rulesByBus) = Self.onlyTheDefaultBus()
        publishedEvents = []
    }

    public func health() async -> EventBridgeBackendHealth {
        EventBridgeBackendHealth(isHealthy: true, detail: "in-memory backend")
    }
}
