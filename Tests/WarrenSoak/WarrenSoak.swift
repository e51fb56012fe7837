import AMQPClient
import ArgumentParser
import EventPatterns
import Foundation
import Logging
import WarrenBus
import WarrenTestSupport

/// `warren-soak`: a producer and consumers at a steady rate for minutes while the broker restarts and consumers
/// are SIGKILLed at random moments; then the figures, and a non-zero exit status unless nothing was lost.
///
/// The producer is in this process (PutEvents as a careful client uses it: failed entries are put again); the
/// consumers are processes, several competing on each of three rule targets: every event and the even ones
/// (`warren consume`; the second filtered in the consumer), and every tenth (`warren-fault-consumer
/// --fail-first-attempt`, so that retries wait in the broker's delay queues through the faults). `scripts/soak`
/// builds it and runs it.
@main
struct WarrenSoak: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "warren-soak",
        abstract: "Produce and consume at a steady rate while the broker restarts and consumers are killed.",
        discussion: """
            Runs against a broker instance of its own (scripts/rabbitmq --instance NAME --port P), started if it \
            is not running and then stopped at the end. Prints published, confirmed, delivered, lost and \
            duplicates, and exits with status 1 unless lost is 0.
            """)

    @Option(help: "How long to produce, in minutes.")
    var minutes: Double = 3

    @Option(help: "Events per second (PutEvents batches of 10).")
    var rate: Double = 100

    @Option(help: "Competing consumer processes per rule target.")
    var consumers: Int = 2

    @Option(help: "Mean seconds between broker restarts (each wait is drawn between half and 1.5 times this).")
    var restartInterval: Double = 60

    @Option(help: "Mean seconds between consumer kills (SIGKILL; another consumer replaces the one killed).")
    var killInterval: Double = 15

    @Flag(help: "Crash the broker (SIGKILL, then start) instead of restarting it gracefully.")
    var crashBroker = false

    @Option(help: "Seconds to wait, once production ends, for every confirmed event to be delivered.")
    var drainTimeout: Double = 180

    @Option(help: "The broker instance (scripts/rabbitmq --instance).")
    var instance = "soak"

    @Option(help: "Its AMQP port (the script derives the others).")
    var port = 5692

    func validate() throws {
        if minutes <= 0 || rate <= 0 { throw ValidationError("--minutes and --rate must be positive") }
        if consumers < 1 { throw ValidationError("--consumers must be at least 1") }
        if restartInterval <= 0 || killInterval <= 0 { throw ValidationError("the intervals must be positive") }
        if instance == "main" { throw ValidationError("the soak restarts its broker: use an instance other than main") }
    }

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .warning
            return handler
        }
        let broker = BrokerInstance(name: instance, port: port)
        let startedBroker = try await !broker.isRunning()
        if startedBroker {
            say("starting broker instance '\(instance)' on port \(port)")
            try await broker.start()
        }
        let bus = "soak-\(UUID().uuidString.prefix(8).lowercased())"
        let rules = [
            Rule(
                name: "all", eventBusName: bus, eventPattern: try EventPattern(parsing: #"{"source":["soak.load"]}"#),
                targets: [RuleTarget(id: "t")]),
            // Half of the events, selected by the consumer's filter.
            Rule(
                name: "even", eventBusName: bus,
                eventPattern: try EventPattern(parsing: #"{"source":["soak.load"],"detail":{"parity":["even"]}}"#),
                targets: [RuleTarget(id: "t")]),
            // A tenth of the events, whose first attempt always fails: retries wait in the broker through the faults.
            Rule(
                name: "retried", eventBusName: bus,
                eventPattern: try EventPattern(parsing: #"{"source":["soak.load"],"detail":{"tenth":[true]}}"#),
                targets: [RuleTarget(id: "t", retryPolicy: RetryPolicy(maximumRetryAttempts: 10, maximumEventAgeInSeconds: 3600))]),
        ]
        let fleet = ConsumerFleet(rulesFile: try RulesFileWriter.write(rules, name: "soak"), url: broker.url)
        // Interrupted: no consumer process and no broker this run started may outlive it.
        let interruption = Self.onInterrupt {
            FileHandle.standardError.write(Data("soak: interrupted; stopping the consumers\(startedBroker ? " and the broker" : "")\n".utf8))
            _ = await fleet.stopAll()
            if startedBroker { try? await broker.stop() }
            Foundation.exit(130)
        }
        defer { interruption.forEach { $0.cancel() } }
        let report: DeliveryReport
        do {
            report = try await soak(bus: bus, rules: rules, fleet: fleet, broker: broker)
        } catch {
            if startedBroker { try? await broker.stop() }
            throw error
        }
        if startedBroker {
            say("stopping broker instance '\(instance)'")
            try await broker.stop()
        }
        if report.lost > 0 || report.confirmed == 0 { throw ExitCode(1) }
    }

    private func soak(bus: String, rules: [Rule], fleet: ConsumerFleet, broker: BrokerInstance) async throws
        -> DeliveryReport
    {
        let logger = Logger(label: "warren.soak")
        var configuration = try AMQPConfiguration(url: broker.url)
        configuration.connectionName = "warren-soak producer"
        let connection = BrokerConnection(configuration: configuration, logger: logger)
        try await TopologyApplier(logger: logger).apply(stack: "soak", rules: rules, bus: bus, connection: try await connection.connection())
        try await fleet.start(rule: "all", count: consumers)
        try await fleet.start(rule: "even", count: consumers)
        try await fleet.start(
            rule: "retried", count: consumers, executable: "warren-fault-consumer", extraArguments: ["--fail-first-attempt"])

        let total = Int(rate * minutes * 60)
        say(
            "bus \(bus): \(total) events at \(rate)/s for \(minutes) min; \(consumers) consumers per target; broker \(crashBroker ? "crash" : "restart") every ~\(restartInterval) s, consumer kill every ~\(killInterval) s"
        )
        let producer = EventLoadProducer(publisher: EventBusPublisher(broker: connection, logger: logger)) { n in
            PutEventsRequestEntry(
                source: "soak.load", detailType: "soak",
                detail: #"{"n":\#(n),"parity":"\#(n % 2 == 0 ? "even" : "odd")"\#(n % 10 == 0 ? #","tenth":true"# : "")}"#,
                eventBusName: bus)
        }
        let started = ContinuousClock.now
        let chaos = BrokerChaos(
            broker: broker, fleet: fleet, restartInterval: restartInterval, killInterval: killInterval,
            crashBroker: crashBroker, say: say)
        let progress = Task {
            while !Task.isCancelled {
                try await Task.sleep(for: .seconds(15))
                let delivered = await fleet.deliveries().mapValues { Set($0).count }
                say("\(BrokerChaos.seconds(ContinuousClock.now - started)): confirmed \(await producer.confirmedCount), delivered \(delivered.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))")
            }
        }
        async let production: Void = producer.put(0..<total, concurrency: 8, rate: rate)
        let faults = await chaos.run(until: started + .milliseconds(Int(minutes * 60_000)))
        await production
        say("production done after \(BrokerChaos.seconds(ContinuousClock.now - started)): \(faults.restarts) broker \(crashBroker ? "crashes" : "restarts"), \(faults.kills) consumer kills; draining")

        let confirmed = await producer.confirmedIDs
        let expected = [
            "all": Set(confirmed.values),
            "even": Set(confirmed.filter { $0.key % 2 == 0 }.values),
            "retried": Set(confirmed.filter { $0.key % 10 == 0 }.values),
        ]
        let drainDeadline = ContinuousClock.now + .milliseconds(Int(drainTimeout * 1000))
        var deliveries = await fleet.deliveries()
        while !expected.allSatisfy({ $0.value.isSubset(of: deliveries[$0.key] ?? []) }) && ContinuousClock.now < drainDeadline {
            try await Task.sleep(for: .seconds(2))
            deliveries = await fleet.deliveries()
        }
        progress.cancel()
        let consumerLines = await fleet.stopAll()
        deliveries = await fleet.deliveries()
        let logs = FileManager.default.temporaryDirectory.appendingPathComponent(bus)
        try? await fleet.saveLogs(to: logs)
        await connection.stop()

        let report = DeliveryReport(
            published: await producer.entriesSent, confirmed: confirmed.count, expected: expected, deliveries: deliveries)
        let unexpected = await producer.unexpectedErrors
        let (failedEntries, failedRequests) = (await producer.failedEntries, await producer.failedRequests)
        write("consumers:")
        for line in consumerLines { write(line) }
        write("soak: \(BrokerChaos.seconds(ContinuousClock.now - started)) on bus \(bus): \(faults.restarts) broker \(crashBroker ? "crashes" : "restarts"), \(faults.kills) consumer kills; entries put again after a failure: \(failedEntries), requests sent again: \(failedRequests); consumer logs in \(logs.path)")
        if !unexpected.isEmpty { write("soak: unexpected PutEvents errors: \(unexpected.prefix(5))") }
        write("published=\(report.published) confirmed=\(report.confirmed) delivered=\(report.delivered) lost=\(report.lost) duplicates=\(report.duplicates)\(report.unreported > 0 ? " unreported=\(report.unreported)" : "")")
        let missing = expected.sorted { $0.key < $1.key }.map { target, ids in
            "\(target) \(ids.subtracting(deliveries[target] ?? []).count) of \(ids.count)"
        }
        write("expected deliveries=\(report.expected): every confirmed event to 'all', the even ones to 'even', every tenth to 'retried' (first attempt fails); missing: \(missing.joined(separator: ", "))")
        if !report.lostSample.isEmpty { write("lost, for example: \(report.lostSample.joined(separator: ", "))") }
        write(report.lost == 0 ? "PASS: lost = 0" : "FAIL: \(report.lost) confirmed deliveries lost")
        return report
    }

    /// Runs `handler` on SIGINT or SIGTERM instead of dying at once; returns the sources (cancel them when done).
    private static func onInterrupt(_ handler: @escaping @Sendable () async -> Void) -> [any DispatchSourceSignal] {
        [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { Task { await handler() } }
            source.resume()
            return source
        }
    }

    private func say(_ text: String) {
        write("soak: \(text)")
    }

    /// One line on standard output, unbuffered (progress must show while the soak runs, even in a pipe).
    private func write(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
