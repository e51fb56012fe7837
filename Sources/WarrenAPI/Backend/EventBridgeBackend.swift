public import WarrenCore

/// Where the API keeps buses, rules, targets and tags, and how it publishes events.
///
/// The API's semantics (AWS's checks, limits, errors, pagination, ARNs) live in `EventBridgeService`; a backend only
/// stores and applies. Changes go through `updateRules`/`updateEventBus`, whose closure runs while the backend holds
/// the bus exclusively, so concurrent requests (in one process or several) never lose an update; a closure may run
/// more than once and must only compute.
public protocol EventBridgeBackend: Sendable {
    /// Every bus, the default bus included, sorted by name.
    func eventBuses() async throws(EventBridgeError) -> [EventBusDefinition]

    /// The bus named `name`, or nil.
    func eventBus(named name: String) async throws(EventBridgeError) -> EventBusDefinition?

    /// Creates a bus.
    /// - Throws: `.eventBusAlreadyExists` when a bus of that name exists (checked atomically).
    func createEventBus(_ bus: EventBusDefinition) async throws(EventBridgeError)

    /// Deletes a bus with its rules and their targets; nothing happens when it does not exist. Never called for
    /// `default`.
    func deleteEventBus(named name: String) async throws(EventBridgeError)

    /// Changes a bus (its tags) atomically.
    /// - Throws: `.eventBusNotFound`, or what `change` throws (then nothing changes).
    func updateEventBus<Result: Sendable>(
        named name: String, _ change: @escaping @Sendable (inout EventBusDefinition) throws(EventBridgeError) -> Result
    ) async throws(EventBridgeError) -> Result

    /// The rules on a bus, sorted by name.
    /// - Throws: `.eventBusNotFound`.
    func rules(onBus bus: String) async throws(EventBridgeError) -> [RuleDefinition]

    /// Changes the rules of a bus atomically: `change` gets them keyed by name and may add, replace or remove any.
    /// The backend then stores the result and applies it (Warren's bindings and target queues follow the rules).
    /// - Throws: `.eventBusNotFound`, or what `change` throws (then nothing changes).
    func updateRules<Result: Sendable>(
        onBus bus: String,
        _ change: @escaping @Sendable (inout [String: RuleDefinition]) throws(EventBridgeError) -> Result
    ) async throws(EventBridgeError) -> Result

    /// PutEvents, with `EventBusPublisher`'s validation and per-entry results, stamped with `settings`' account and
    /// region.
    func putEvents(_ entries: [PutEventsRequestEntry], settings: EventBusSettings) async throws(PutEventsRequestError)
        -> PutEventsResult

    /// Deletes every bus but `default`, every rule and every tag (`warren serve --enable-test-reset`).
    func deleteEverything() async throws(EventBridgeError)

    /// Whether the backend can serve requests (the broker is reachable).
    func health() async -> EventBridgeBackendHealth
}

/// What `GET /health` reports.
public struct EventBridgeBackendHealth: Sendable, Hashable {
    public var isHealthy: Bool
    /// One line: what was checked and what failed (never a credential).
    public var detail: String

    public init(isHealthy: Bool, detail: String) {
        self.isHealthy = isHealthy
        self.detail = detail
    }
}
