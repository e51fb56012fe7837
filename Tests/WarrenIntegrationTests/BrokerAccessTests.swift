import AMQPClient
import Foundation
import Logging
import Testing
import WarrenBus
import WarrenTestSupport

/// Rights the broker refuses (403 ACCESS_REFUSED, 530 for a vhost) are not retried: PutEvents fails with
/// `AccessDeniedException` (the request, or the entries whose bus the user may not write to), consumers and
/// commands stop with a message naming the resource and the missing right. Each test has a user of its own.
@Suite("Refused rights", .timeLimit(.minutes(2)))
struct BrokerAccessTests {
    /// A publisher as `user`, with a resend timeout far longer than the test: a refusal that was retried would hang.
    static func publisher(as user: LimitedBrokerUser, vhost: String = "/", bus: TestBus) throws -> (
        EventBusPublisher, BrokerConnection
    ) {
        let broker = BrokerConnection(configuration: try user.configuration(vhost: vhost), logger: bus.logger)
        return (
            EventBusPublisher(broker: broker, settings: bus.settings, resendTimeout: .seconds(600), logger: bus.logger),
            broker
        )
    }

    @Test("a user without access to the vhost: the whole request fails with AccessDeniedException naming the vhost")
    func vhostRefused() async throws {
        let bus = TestBus()
        try await LimitedBrokerUser.with(permissions: nil) { user in
            let (publisher, broker) = try Self.publisher(as: user, bus: bus)
            let error = await #expect(throws: PutEventsRequestError.self) {
                try await publisher.putEvents([PutEventsRequestEntry(source: "s", detailType: "d", detail: "{}")])
            }
            #expect(error?.code == .accessDenied)
            #expect(error?.code.rawValue == "AccessDeniedException")
            #expect(error?.message.hasPrefix("access refused: user '\(user.name)' has no permissions in vhost '/'") == true)
            #expect(error?.message.contains(user.password) == false)
            await broker.stop()
        }
        await bus.broker.stop()
    }

    @Test("entries for a bus the user may not write to fail alone with AccessDeniedException; the others are stored")
    func writeRefusedPerEntry() async throws {
        let allowed = TestBus("allowed")
        let refused = TestBus("refused")
        let rules = [try allowed.rule("all", #"{"source":["test.source"]}"#)]
        try await allowed.apply(rules)
        try await refused.apply([])
        try await LimitedBrokerUser.with(
            permissions: (configure: "", write: "^\(TopologyNames.busExchange(allowed.name))$", read: "")
        ) { user in
            let (publisher, broker) = try Self.publisher(as: user, bus: allowed)
            let result = try await publisher.putEvents([
                allowed.entry(detail: #"{"n":1}"#), refused.entry(detail: #"{"n":2}"#),
                allowed.entry(detail: #"{"n":3}"#), refused.entry(detail: #"{"n":4}"#),
            ])
            #expect(result.failedEntryCount == 2)
            #expect(result.entries.map { $0.eventID != nil } == [true, false, true, false])
            for entry in [result.entries[1], result.entries[3]] {
                #expect(entry.errorCode == "AccessDeniedException")
                #expect(
                    entry.errorMessage?.hasPrefix(
                        "access refused: user '\(user.name)' lacks the write permission on exchange '\(TopologyNames.busExchange(refused.name))' in vhost '/' (basic.publish failed: 403 ACCESS_REFUSED"
                    ) == true, "\(entry)")
            }
            await broker.stop()
        }
        try await waitForMessages(2, in: allowed.topology(rules).targets[0].queue, bus: allowed)
        await allowed.cleanUp(rules)
        await refused.cleanUp([])
    }

    @Test("a consumer refused read on its queue stops with the refusal, in process and as `warren consume`")
    func consumerReadRefused() async throws {
        let bus = TestBus()
        let rules = [try bus.rule("r", #"{"source":["test.source"]}"#)]
        try await bus.apply(rules)
        let topology = bus.topology(rules)
        let target = topology.targets[0]
        // Everything but reading the bus's target queues: the consumer can declare and bind, not consume.
        try await LimitedBrokerUser.with(
            permissions: (configure: ".*", write: ".*", read: "^(?!warren:\(bus.name):)")
        ) { user in
            let broker = BrokerConnection(configuration: try user.configuration(), logger: bus.logger)
            let consumer = TargetConsumer(
                broker: broker, topology: topology, target: target,
                options: TargetConsumerOptions(statisticsInterval: nil), logger: bus.logger
            ) { _ in }
            let error = await #expect(throws: BrokerAccessRefusal.self) { try await consumer.run() }
            #expect(error?.resource == .named(kind: "queue", name: target.queue, virtualHost: "/"))
            #expect(error?.missingRights == [.read])
            #expect(error?.brokerError.operation == "basic.consume")
            #expect(consumer.counters.snapshot.reconnects == 0)
            await broker.stop()

            let rulesFile = try RulesFileWriter.write(rules)
            let process = try ExecutableProcess(
                "warren",
                ["consume", "--rules", rulesFile, "--rule", "r", "--skip-apply", "--url", user.urlWithoutPassword,
                 "--password-file", try user.passwordFile()])
            let status = try await process.wait(timeout: .seconds(60))
            #expect(status == 1, "\(process.standardError.suffix(2000))")
            #expect(
                process.standardError.contains(
                    "Error: access refused: user '\(user.name)' lacks the read permission on queue '\(target.queue)' in vhost '/'"),
                "\(process.standardError.suffix(2000))")
            #expect(!process.standardError.contains("resuming"))
            #expect(!process.standardError.contains(user.password))
        }
        await bus.cleanUp(rules)
    }

    @Test("`warren rules apply` as a user without configure rights fails at once, naming the right")
    func rulesApplyConfigureRefused() async throws {
        let bus = TestBus()
        let rules = [try bus.rule("r", #"{"source":["test.source"]}"#)]
        let rulesFile = try RulesFileWriter.write(rules)
        try await LimitedBrokerUser.with(permissions: (configure: "", write: ".*", read: ".*")) { user in
            // The password comes from the environment's file; the URL has none.
            let run = try await ExecutableProcess.run(
                "warren", ["rules", "apply", rulesFile],
                environment: [
                    "WARREN_AMQP_URL": user.urlWithoutPassword, "WARREN_AMQP_PASSWORD_FILE": try user.passwordFile(),
                ])
            #expect(run.status == 1, "\(run.errors.suffix(2000))")
            #expect(run.errors.contains("Error: access refused: user '\(user.name)' lacks the configure"), "\(run.errors.suffix(2000))")
            #expect(run.errors.contains("broker connection connected"))
            #expect(!run.errors.contains(user.password))
            #expect(!run.output.contains(user.password))
        }
        await bus.cleanUp(rules)
    }
}
