import AMQPClient
import EventPatterns
import Foundation
import Logging
import Synchronization
import WarrenBus
import WarrenTestSupport

/// A unique bus for one test, with helpers to apply rules, publish and consume.
struct TestBus {
    let name: String
    let broker: BrokerConnection
    let settings = EventBusSettings()
    let logger: Logger

    /// A bus on the test broker, or on the broker at `url` (a fault-test instance).
    init(_ prefix: String = #function, url: String = TestBroker.url, logLevel: Logger.Level = .warning) {
        name = "t-\(prefix.prefix(20).filter { $0.isLetter || $0.isNumber })-\(UUID().uuidString.prefix(6).lowercased())"
        var logger = Logger(label: "test.\(name)")
        logger.logLevel = logLevel
        self.logger = logger
        broker = BrokerConnection(configuration: try! TestBroker.configuration(url: url, name: name), logger: logger)
    }

    func rule(_ name: String, _ pattern: String, targets: [RuleTarget]? = nil, state: RuleState = .enabled) throws
        -> Rule
    {
        Rule(
            name: name, eventBusName: self.name, state: state, eventPattern: try EventPattern(parsing: pattern),
            targets: targets ?? [RuleTarget(id: "t")])
    }

    /// A rule with one target `t` that retries `maximumRetryAttempts` times within 10 minutes.
    func rule(_ name: String, _ pattern: String, maximumRetryAttempts: Int) throws -> Rule {
        try rule(
            name, pattern,
            targets: [
                RuleTarget(
                    id: "t",
                    retryPolicy: RetryPolicy(maximumRetryAttempts: maximumRetryAttempts, maximumEventAgeInSeconds: 600))
            ])
    }

    @discardableResult
    func apply(_ rules: [Rule], stack: String = "test") async throws -> TopologyApplyReport {
        try await TopologyApplier(settings: settings, logger: logger).apply(
            stack: stack, rules: rules, bus: name, connection: try await broker.connection())
    }

    func topology(_ rules: [Rule]) -> BusTopology {
        RuleTranslator(settings: settings).translate(bus: name, rules: rules)
    }

    /// A consumer of `target` on this bus (counters not logged, so test output stays readable).
    func consumer(
        _ target: TargetTopology, of topology: BusTopology,
        options: TargetConsumerOptions = TargetConsumerOptions(statisticsInterval: nil),
        handler: @escaping EventHandler
    ) -> TargetConsumer {
        TargetConsumer(broker: broker, topology: topology, target: target, options: options, logger: logger, handler: handler)
    }

    func publisher() -> EventBusPublisher {
        EventBusPublisher(broker: broker, settings: settings, logger: logger)
    }

    func entry(source: String = "test.source", detailType: String = "test", detail: String) -> PutEventsRequestEntry {
        PutEventsRequestEntry(source: source, detailType: detailType, detail: detail, eventBusName: name)
    }

    /// An event as PutEvents prepares it (body, routing key, the headers it publishes with), to publish by hand.
    func prepared(
        source: String = "test.source", detailType: String = "test", detail: String,
        id: String = UUID().uuidString.lowercased()
    ) throws -> PreparedEvent {
        let outcome = PutEventsValidator(settings: settings).prepare(
            entry(source: source, detailType: detailType, detail: detail), eventID: id, now: Date())
        switch outcome {
        case .success(let event): return event
        case .failure(let error): throw TestFailure("PutEvents would refuse this entry: \(error)")
        }
    }

    /// A channel for direct inspection of queues.
    func channel() async throws -> AMQPChannel {
        try await broker.connection().openChannel()
    }

    /// Deletes everything the bus declared.
    func cleanUp(_ rules: [Rule]) async {
        guard let channel = try? await channel() else { return }
        let topology = topology(rules)
        for target in topology.targets {
            _ = try? await channel.deleteQueue(target.queue)
            _ = try? await channel.deleteQueue(target.deadLetterQueue)
        }
        for queue in topology.retry.delayQueues.values { _ = try? await channel.deleteQueue(queue) }
        _ = try? await channel.deleteQueue(TopologyNames.ruleRegistryQueue(name))
        if let connection = try? await broker.connection() { try? await BusRegistry(connection: connection).unregister(name) }
        for exchange in [topology.exchange, topology.retry.exchange, topology.retry.redeliverExchange] {
            try? await channel.deleteExchange(exchange)
        }
        await broker.stop()
    }
}

/// Collects what a handler saw, from any task.
final class Received: Sendable {
    private let state = Mutex<[ConsumedEvent]>([])
    private let times = Mutex<[ContinuousClock.Instant]>([])

    func append(_ event: ConsumedEvent) {
        state.withLock { $0.append(event) }
        times.withLock { $0.append(.now) }
    }

    var events: [ConsumedEvent] { state.withLock { $0 } }
    var instants: [ContinuousClock.Instant] { times.withLock { $0 } }
    var count: Int { state.withLock { $0.count } }

    /// Waits until `condition` holds, or fails after `timeout`.
    func wait(timeout: Duration = .seconds(20), until condition: ([ConsumedEvent]) -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while !condition(events) {
            if ContinuousClock.now > deadline { throw TestFailure("timed out; received \(events.count) events") }
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}

/// Runs a consumer in the background for the duration of `body`.
func withConsumer<Result>(
    _ consumer: TargetConsumer, _ body: () async throws -> Result
) async throws -> Result {
    let task = Task { try await consumer.run() }
    do {
        let result = try await body()
        consumer.stop()
        _ = try? await task.value
        return result
    } catch {
        consumer.stop()
        _ = try? await task.value
        throw error
    }
}

/// Waits until a queue holds `count` ready messages.
func waitForMessages(_ count: UInt32, in queue: String, bus: TestBus, timeout: Duration = .seconds(20)) async throws {
    let deadline = ContinuousClock.now + timeout
    var last: UInt32 = 0
    while ContinuousClock.now < deadline {
        let channel = try await bus.channel()
        last = try await channel.declareQueuePassive(queue).messageCount
        try? await channel.close()
        if last == count { return }
        try await Task.sleep(for: .milliseconds(100))
    }
    throw TestFailure("queue \(queue) holds \(last) messages, expected \(count)")
}
