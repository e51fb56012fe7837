import AMQPClient
import Foundation
import Logging
import Testing
import WarrenBus
import WarrenTestSupport

/// The default bus exists in every vhost Warren is pointed at: PutEvents creates it on first use. Custom buses
/// must have been created (by applying rules).
@Suite("The default bus", .timeLimit(.minutes(2)))
struct DefaultBusTests {
    @Test("in a fresh vhost, PutEvents to the default bus creates it with its retry plumbing; a custom bus is still unknown")
    func createdOnFirstUse() async throws {
        let vhost = "warren-test-\(UUID().uuidString.prefix(8).lowercased())"
        try await ManagementAPI.createVirtualHost(vhost)
        var logger = Logger(label: "test.default-bus")
        logger.logLevel = .warning
        var guest = try TestBroker.configuration()
        guest.virtualHost = vhost
        do {
            try await ManagementAPI.setPermissions("guest", vhost: vhost, configure: ".*", write: ".*", read: ".*")
            let topology = RuleTranslator().translate(bus: EventBusName.default, rules: [])

            // A user who may not configure cannot create it: the request fails, naming the right.
            try await LimitedBrokerUser.with(vhost: vhost, permissions: (configure: "", write: ".*", read: ".*")) { user in
                let broker = BrokerConnection(configuration: try user.configuration(vhost: vhost), logger: logger)
                let publisher = EventBusPublisher(broker: broker, resendTimeout: .seconds(600), logger: logger)
                let error = await #expect(throws: PutEventsRequestError.self) {
                    try await publisher.putEvents([PutEventsRequestEntry(source: "s", detailType: "d", detail: "{}")])
                }
                #expect(error?.code == .accessDenied)
                #expect(
                    error?.message.hasPrefix(
                        "access refused: user '\(user.name)' lacks the configure permission on exchange '\(topology.exchange)' in vhost '\(vhost)'"
                    ) == true, "\(String(describing: error))")
                await broker.stop()
            }

            let broker = BrokerConnection(configuration: guest, logger: logger)
            let publisher = EventBusPublisher(broker: broker, logger: logger)
            let result = try await publisher.putEvents([
                PutEventsRequestEntry(source: "s", detailType: "d", detail: "{}"),
                PutEventsRequestEntry(source: "s", detailType: "d", detail: "{}", eventBusName: EventBusName.default),
            ])
            #expect(result.failedEntryCount == 0, "\(result)")

            let channel = try await broker.connection().openChannel()
            for exchange in [topology.exchange, topology.retry.exchange, topology.retry.redeliverExchange] {
                try await channel.declareExchangePassive(exchange)
            }
            #expect(topology.retry.delayQueues.count == 10)
            for queue in topology.retry.delayQueues.values {
                _ = try await channel.declareQueuePassive(queue)
            }

            let custom = "custom-\(UUID().uuidString.prefix(6).lowercased())"
            let error = await #expect(throws: PutEventsRequestError.self) {
                try await publisher.putEvents([
                    PutEventsRequestEntry(source: "s", detailType: "d", detail: "{}", eventBusName: custom)
                ])
            }
            #expect(error?.code == .resourceNotFound)
            #expect(error?.message == "Event bus \(custom) does not exist.")
            await broker.stop()
        } catch {
            try? await ManagementAPI.deleteVirtualHost(vhost)
            throw error
        }
        try await ManagementAPI.deleteVirtualHost(vhost)
    }
}
