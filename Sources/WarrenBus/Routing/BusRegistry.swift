public import AMQPClient
public import struct Foundation.Date

/// The buses Warren has created on the broker, kept on the broker as one record (queue `warren-buses`, lock
/// `warren-buses-lock`), so that any process can list them. The `default` bus is always listed.
public struct BusRegistry: Sendable {
    public let connection: AMQPConnection

    public init(connection: AMQPConnection) {
        self.connection = connection
    }

    private var record: RecordQueue {
        RecordQueue(
            connection: connection, queue: TopologyNames.busRegistryQueue, lock: "warren-buses-lock",
            subject: "the list of buses")
    }

    /// Runs `body` while holding the registry's lock.
    public func withLock<Result: Sendable>(
        timeout: Duration = .seconds(30), _ body: () async throws -> Result
    ) async throws -> Result {
        try await record.withLock(timeout: timeout, body)
    }

    /// The recorded buses. Call inside `withLock`.
    public func read() async throws -> BusIndex {
        try await record.read(BusIndex.self) ?? BusIndex(buses: [])
    }

    /// Replaces the record. Call inside `withLock`.
    public func write(_ index: BusIndex) async throws {
        try await record.write(index)
    }

    /// Records `bus` if it is not recorded yet (takes the lock itself).
    public func register(_ bus: String) async throws {
        try await withLock {
            var index = try await read()
            guard !index.contains(bus) else { return }
            index.buses.append(BusRecord(name: bus, createdAt: Date()))
            try await write(index)
        }
    }

    /// Forgets `bus` (takes the lock itself).
    public func unregister(_ bus: String) async throws {
        try await withLock {
            var index = try await read()
            guard index.contains(bus) else { return }
            index.buses.removeAll { $0.name == bus }
            try await write(index)
        }
    }

    /// The names of every bus, `default` first (takes the lock itself).
    public func busNames() async throws -> [String] {
        let index = try await withLock { try await read() }
        return index.names
    }
}

/// Every bus Warren created.
public struct BusIndex: Sendable, Hashable, Codable {
    public var buses: [BusRecord]

    public init(buses: [BusRecord]) {
        self.buses = buses
    }

    enum CodingKeys: String, CodingKey {
        case buses = "Buses"
    }

    public func contains(_ name: String) -> Bool { buses.contains { $0.name == name } }

    /// `default` first (every vhost has it), then the others by name.
    public var names: [String] {
        [EventBusName.default] + buses.map(\.name).filter { $0 != EventBusName.default }.sorted()
    }
}

/// One bus: its name and when Warren created it.
public struct BusRecord: Sendable, Hashable, Codable {
    public var name: String
    /// Seconds since 1970.
    public var createdAt: Date

    public init(name: String, createdAt: Date) {
        self.name = name
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case name = "Name"
        case createdAt = "CreationTime"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        createdAt = Date(timeIntervalSince1970: try container.decode(Double.self, forKey: .createdAt))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(createdAt.timeIntervalSince1970, forKey: .createdAt)
    }
}
