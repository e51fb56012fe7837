import AMQPClient
import Foundation
import Logging
import Testing
import WarrenBus
import WarrenTestSupport

extension FaultTests {
    /// The broker restarts while events are put and consumed: the producer reconnects and re-sends what was not
    /// confirmed, the consumers reconnect, re-declare and resume, and nothing PutEvents confirmed is lost. While it
    /// cannot be reached, PutEvents answers in time and a consumer can still be stopped.
    @Suite("Broker restarts and outages")
    struct BrokerOutageTests {
        @Test("20,000 events put while the broker restarts: every confirmed entry reaches every matching target")
        func restartUnderLoad() async throws {
            let broker = FaultSupport.broker
            let bus = FaultSupport.bus()
            let rules = [
                try bus.rule("all", #"{"source":["fault.restart"]}"#),
                // Checked by the consumer's filter: half of the events are for this target.
                try bus.rule("even", #"{"source":["fault.restart"],"detail":{"parity":["even"]}}"#),
            ]
            // A tenth of the events go to a target whose handler fails every first attempt, so that retries wait in
            // the broker's delay queues while it restarts.
            let retried = try bus.rule(
                "retried", #"{"source":["fault.restart"],"detail":{"tenth":[true]}}"#,
                maximumRetryAttempts: 5)
            try await bus.apply(rules + [retried])
            let rulesFile = try RulesFileWriter.write(rules)
            let retriedTopology = bus.topology(rules + [retried])
            let retriedHandled = Received()
            let retriedConsumer = TargetConsumer(
                broker: BrokerConnection(
                    configuration: try TestBroker.configuration(url: broker.url, name: "retried consumer"),
                    logger: bus.logger),
                topology: retriedTopology, target: retriedTopology.targets.first { $0.ruleName == "retried" }!,
                options: TargetConsumerOptions(statisticsInterval: nil), logger: bus.logger
            ) { event in
                if event.retryAttempt == 0 { throw TargetFailure(code: "FIRST_ATTEMPT", message: "fails the first attempt") }
                retriedHandled.append(event)
            }
            let retriedRunning = Task { try await retriedConsumer.run() }
            // The real consumers: `warren consume` processes, one per target.
            let consumers = try rules.map { rule in
                try ExecutableProcess(
                    "warren",
                    ["consume", "--rules", rulesFile, "--rule", rule.name, "--skip-apply", "--prefetch", "50",
                     "--stats-interval", "5"],
                    environment: FaultSupport.environment)
            }
            for consumer in consumers {
                try await consumer.waitForOutput("subscription") { _, errors in errors.contains("consuming") }
            }

            let total = 20_000
            let producer = EventLoadProducer(publisher: bus.publisher()) { n in
                FaultSupport.entry(n, bus: bus, source: "fault.restart", extra: n % 10 == 0 ? #","tenth":true"# : "")
            }
            let started = ContinuousClock.now
            async let production: Void = producer.put(0..<total, concurrency: 8)
            try await FaultSupport.waitUntil("half of the events confirmed", timeout: .seconds(120)) {
                await producer.confirmedCount >= total / 2
            }
            let restartBegan = ContinuousClock.now
            try await broker.restart()
            let restartTook = ContinuousClock.now - restartBegan
            await production
            let produced = ContinuousClock.now - started

            let confirmed = await producer.confirmedIDs
            let expected = [
                "all": Set(confirmed.values),
                "even": Set(confirmed.filter { $0.key % 2 == 0 }.values),
                "retried": Set(confirmed.filter { $0.key % 10 == 0 }.values),
            ]
            var deliveries: [String: [String]] = [:]
            // On a timeout the figures below say what is missing where.
            try? await FaultSupport.waitUntil("every confirmed event delivered", timeout: .seconds(120), interval: .seconds(1)) {
                for (rule, consumer) in zip(rules, consumers) {
                    deliveries[rule.name] = PrintedEvent.parse(consumer.outputLines).map(\.id)
                }
                deliveries["retried"] = retriedHandled.events.map(\.envelope.id)
                return expected.allSatisfy { target, ids in ids.isSubset(of: deliveries[target] ?? []) }
            }
            let delivered = ContinuousClock.now - started
            for consumer in consumers { consumer.signal(SIGTERM) }
            for consumer in consumers { #expect(try await consumer.wait(timeout: .seconds(30)) == 0) }
            retriedConsumer.stop()
            try await retriedRunning.value
            for (rule, consumer) in zip(rules, consumers) {
                deliveries[rule.name] = PrintedEvent.parse(consumer.outputLines).map(\.id)
            }
            deliveries["retried"] = retriedHandled.events.map(\.envelope.id)

            let report = DeliveryReport(
                published: await producer.entriesSent, confirmed: confirmed.count, expected: expected,
                deliveries: deliveries)
            let (failedEntries, failedRequests) = (await producer.failedEntries, await producer.failedRequests)
            let retriedCounters = retriedConsumer.counters.snapshot
            let missing = expected.sorted { $0.key < $1.key }.map { target, ids in
                "\(target) \(ids.subtracting(deliveries[target] ?? []).count)/\(ids.count)"
            }
            print(
                "fault 1, broker restart under load: \(report); missing by target: \(missing.joined(separator: ", ")); retried target: \(retriedCounters); re-put entries=\(failedEntries) requests=\(failedRequests); restart took \(restartTook), all confirmed after \(produced), all delivered after \(delivered)"
            )
            let unexpectedErrors = await producer.unexpectedErrors
            #expect(unexpectedErrors.isEmpty, "\(unexpectedErrors.prefix(5))")
            #expect(report.confirmed == total)
            #expect(report.lost == 0, "\(report)")
            #expect(retriedCounters.reconnects >= 1 && retriedCounters.deadLettered == 0, "\(retriedCounters)")

            // Health: each consumer said it reconnected, logged its counters while it ran, and stopped cleanly.
            for (rule, consumer) in zip(rules, consumers) {
                let log = consumer.standardError
                #expect(log.contains("broker connection connected"), "\(rule.name): \(log.suffix(2000))")
                #expect(log.contains("broker connection reconnecting"), "\(rule.name): \(log.suffix(2000))")
                #expect(log.contains("consumer counters"))
                #expect(log.contains("consumer stopped"))
                #expect(log.contains("broker connection stopped"))
                let reconnects = FaultSupport.lastCounter("reconnects", in: log)
                #expect((reconnects ?? 0) >= 1, "\(rule.name) reported reconnects=\(reconnects.map(String.init) ?? "none")")
            }
            await bus.cleanUp(rules + [retried])
        }

        @Test("PutEvents with the broker unreachable fails within its resend timeout, with a retryable error")
        func unreachableBroker() async throws {
            // Nothing listens on port 1: every connection attempt is refused, and BrokerConnection keeps retrying.
            var logger = Logger(label: "test.unreachable")
            logger.logLevel = .critical
            let broker = BrokerConnection(
                configuration: try AMQPConfiguration(url: "amqp://guest:guest@127.0.0.1:1/"), logger: logger)
            let publisher = EventBusPublisher(broker: broker, resendTimeout: .seconds(2), logger: logger)
            let outcome = FaultSupport.Outcome<Result<PutEventsResult, PutEventsRequestError>>()
            let started = ContinuousClock.now
            let attempt = Task {
                do throws(PutEventsRequestError) {
                    outcome.set(.success(try await publisher.putEvents([
                        PutEventsRequestEntry(source: "fault.unreachable", detailType: "fault", detail: "{}")
                    ])))
                } catch {
                    outcome.set(.failure(error))
                }
            }
            try? await FaultSupport.waitUntil("PutEvents to give up", timeout: .seconds(10)) { outcome.value != nil }
            let took = ContinuousClock.now - started
            let result = try #require(outcome.value, "PutEvents was still waiting for the broker after \(took)")
            #expect(took < .seconds(5))
            switch result {
            case .success(let result):
                Issue.record("an event was reported sent to an unreachable broker: \(result)")
            case .failure(let error):
                #expect(error.code == .internalFailure, "\(error)")
            }
            attempt.cancel()
            await broker.stop()
        }

        @Test("a consumer asked to stop (SIGTERM) while the broker is unreachable stops at once")
        func stopWhileUnreachable() async throws {
            let bus = FaultSupport.bus()
            let rulesFile = try RulesFileWriter.write([try bus.rule("r", #"{"source":["fault.unreachable"]}"#)])
            // Nothing listens on port 1: the consumer keeps trying to connect.
            var environment = FaultSupport.environment
            environment["WARREN_AMQP_URL"] = "amqp://guest:guest@127.0.0.1:1/"
            let consumer = try ExecutableProcess(
                "warren", ["consume", "--rules", rulesFile, "--rule", "r", "--skip-apply"], environment: environment)
            try await consumer.waitForOutput("a failed connection attempt") { _, errors in
                errors.contains("cannot reach the broker; retrying")
            }
            consumer.signal(SIGTERM)
            let stopping = ContinuousClock.now
            try? await FaultSupport.waitUntil("the consumer to stop", timeout: .seconds(10)) { !consumer.isRunning }
            let took = ContinuousClock.now - stopping
            #expect(!consumer.isRunning, "still running \(took) after SIGTERM")
            if consumer.isRunning { consumer.signal(SIGKILL) }
            try await consumer.wait(timeout: .seconds(10))
            #expect(consumer.termination == (0, false), "\(consumer.standardError.suffix(1000))")
            #expect(consumer.standardError.contains("consumer stopped"))
            await bus.broker.stop()
        }
    }
}
