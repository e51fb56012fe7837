import AMQPClient
import EventPatterns
import Foundation
import Testing
import WarrenBus
import WarrenTestSupport

/// A handler only ever receives events its rule matches, from whoever may publish on the broker: raw AMQP
/// publishes (forged routing keys, `BCC` headers, messages put straight into the queue or through the redeliver
/// exchange) are dead-lettered with the reason, and so are messages PutEvents did not publish, unless the target
/// accepts raw publishes.
@Suite("Delivery verification on RabbitMQ")
struct DeliveryVerificationTests {
    static let atmPattern =
        #"{"source":["custom.myATMapp"],"detail-type":["transaction"],"detail":{"location":[{"prefix":"NY-"}]}}"#

    /// Dead letters by message id: (ERROR_CODE, ERROR_MESSAGE).
    private func deadLetters(_ target: TargetTopology, bus: TestBus) async throws -> [String: (String, String)] {
        var byID: [String: (String, String)] = [:]
        for message in try await FaultSupport.drain(target.deadLetterQueue, bus: bus) {
            let headers = message.properties.headers ?? [:]
            byID[message.properties.messageID ?? "?"] = (
                headers["ERROR_CODE"]?.stringValue ?? "", headers["ERROR_MESSAGE"]?.stringValue ?? ""
            )
        }
        return byID
    }

    @Test("raw publishes whose body fails the pattern are dead-lettered, however they reached the queue")
    func bodiesThatFailThePattern() async throws {
        let bus = TestBus()
        let rules = [try bus.rule("atm", Self.atmPattern)]
        try await bus.apply(rules)
        let topology = bus.topology(rules)
        let target = topology.targets[0]
        #expect(target.residualPattern?.serialized() == #"{"detail":{"location":[{"prefix":"NY-"}]}}"#)
        let handled = Received()
        let consumer = bus.consumer(target, of: topology) { handled.append($0) }
        func event(source: String = "custom.myATMapp", location: String) throws -> PreparedEvent {
            try bus.prepared(source: source, detailType: "transaction", detail: #"{"location":"\#(location)"}"#)
        }
        let channel = try await bus.channel()
        try await channel.enableConfirms()
        let atmKey = "custom%2EmyATMapp.transaction"
        #expect(target.bindingKeys == [atmKey])

        // Issue 8's case: the pattern's routing key, a body that claims another source (PutEvents' headers copied).
        let forged = try event(source: "evil.app", location: "NY-1")
        try await channel.publish(
            forged.body, exchange: topology.exchange, routingKey: atmKey, properties: forged.messageProperties)
        // A routing key that fits the body, with a BCC header that routes it into the target's queue as well.
        let blindCopy = try event(source: "evil.app", location: "NY-2")
        var blindCopyProperties = blindCopy.messageProperties
        blindCopyProperties.headers?["BCC"] = .array([.string(atmKey)])
        try await channel.publish(
            blindCopy.body, exchange: topology.exchange, routingKey: blindCopy.routingKey,
            properties: blindCopyProperties)
        // Straight into the queue through the default exchange, and through the redeliver exchange as a retry comes.
        let direct = try event(source: "evil.app", location: "NY-3")
        try await channel.publish(direct.body, exchange: "", routingKey: target.queue, properties: direct.messageProperties)
        let redelivered = try event(location: "MA-4")
        try await channel.publish(
            redelivered.body, exchange: topology.retry.redeliverExchange, routingKey: target.queue,
            properties: redelivered.messageProperties)
        // And what must get through: a PutEvents event, and a matching message put straight into the queue.
        let put = try await bus.publisher().putEvents([
            bus.entry(source: "custom.myATMapp", detailType: "transaction", detail: #"{"location":"NY-5"}"#),
            bus.entry(source: "custom.myATMapp", detailType: "transaction", detail: #"{"location":"MA-6"}"#),
        ])
        let putID = try #require(put.entries[0].eventID)
        let matching = try event(location: "NY-7")
        try await channel.publish(
            matching.body, exchange: "", routingKey: target.queue, properties: matching.messageProperties)

        try await withConsumer(consumer) {
            try await FaultSupport.waitUntil("the seven messages settled") {
                let counters = consumer.counters.snapshot
                return counters.handled + counters.refused + counters.filteredOut == 7
            }
        }
        #expect(Set(handled.events.map(\.envelope.id)) == [putID, matching.envelope.id])
        #expect(handled.events.allSatisfy { $0.envelope.source == "custom.myATMapp" })
        let dead = try await deadLetters(target, bus: bus)
        #expect(dead.count == 4)
        #expect(dead[forged.envelope.id]?.0 == "ROUTING_MISMATCH")
        #expect(
            dead[forged.envelope.id]?.1
                == "the event's source 'evil.app' and detail-type 'transaction' give routing key 'evil%2Eapp.transaction', but it arrived through exchange '\(topology.exchange)' with routing key '\(atmKey)': PutEvents did not publish it so"
        )
        #expect(dead[blindCopy.envelope.id]?.0 == "PATTERN_MISMATCH")
        #expect(dead[blindCopy.envelope.id]?.1.contains(#"source ["custom.myATMapp"] (saw "evil.app")"#) == true)
        #expect(dead[direct.envelope.id]?.0 == "PATTERN_MISMATCH")
        #expect(dead[direct.envelope.id]?.1.contains("it arrived through the default exchange") == true)
        #expect(dead[redelivered.envelope.id]?.0 == "PATTERN_MISMATCH")
        #expect(dead[redelivered.envelope.id]?.1.contains(#"detail.location [{"prefix":"NY-"}] (saw "MA-4")"#) == true)
        let counters = consumer.counters.snapshot
        #expect(counters.handled == 2 && counters.filteredOut == 1, "\(counters)")
        #expect(counters.refused == 4 && counters.deadLettered == 4 && counters.malformed == 0, "\(counters)")
        await bus.cleanUp(rules)
    }

    @Test("messages PutEvents did not publish are dead-lettered with the reason, unless the target accepts them")
    func rawPublishes() async throws {
        let bus = TestBus()
        let pattern = #"{"source":["raw.app","aws.ec2"]}"#
        let rules = [
            try bus.rule("strict", pattern),
            try bus.rule("open", pattern, targets: [RuleTarget(id: "t", rawPublishes: .accept)]),
        ]
        try await bus.apply(rules)
        let topology = bus.topology(rules)
        let strictTarget = try #require(topology.targets.first { $0.ruleName == "strict" })
        let openTarget = try #require(topology.targets.first { $0.ruleName == "open" })
        let strictHandled = Received()
        let openHandled = Received()
        let strict = bus.consumer(strictTarget, of: topology) { strictHandled.append($0) }
        let open = bus.consumer(openTarget, of: topology) { openHandled.append($0) }

        // The option is kept in the rule registry on the broker, for every process that reads the rules.
        let applied = try #require(try await RuleRegistry(connection: bus.broker.connection()).read(bus: bus.name))
        let openRecord = try #require(applied.rules.first { $0.name == "open" })
        #expect(try openRecord.rule().targets.map(\.rawPublishes) == [.accept])

        let channel = try await bus.channel()
        try await channel.enableConfirms()
        // No headers at all, as a plain AMQP client publishes.
        let bare = try bus.prepared(source: "raw.app", detail: #"{"n":1}"#)
        try await channel.publish(
            bare.body, exchange: topology.exchange, routingKey: bare.routingKey,
            properties: AMQPProperties(contentType: "application/json", messageID: bare.envelope.id))
        // PutEvents' headers, but a message id that is not the event's.
        let otherID = try bus.prepared(source: "raw.app", detail: #"{"n":2}"#)
        var otherIDProperties = otherID.messageProperties
        otherIDProperties.messageID = "not-the-event-id"
        try await channel.publish(
            otherID.body, exchange: topology.exchange, routingKey: otherID.routingKey, properties: otherIDProperties)
        // A source PutEvents refuses, with headers copied from an event it did publish.
        let aws = EventEnvelope(
            id: UUID().uuidString.lowercased(), detailType: "test", source: "aws.ec2", account: "000000000000",
            time: "2024-01-01T00:00:00Z", region: "us-east-1", detail: ["n": 3])
        var awsProperties = bare.messageProperties
        awsProperties.messageID = aws.id
        try await channel.publish(
            Array(aws.serialized().utf8), exchange: topology.exchange,
            routingKey: RoutingKey.make(source: "aws.ec2", detailType: "test"), properties: awsProperties)
        let put = try await bus.publisher().putEvents([bus.entry(source: "raw.app", detail: #"{"n":4}"#)])
        let putID = try #require(put.entries[0].eventID)

        try await withConsumer(strict) {
            try await withConsumer(open) {
                try await FaultSupport.waitUntil("four messages settled by each") {
                    let (strict, open) = (strict.counters.snapshot, open.counters.snapshot)
                    return strict.handled + strict.refused == 4 && open.handled + open.refused == 4
                }
            }
        }
        #expect(strictHandled.events.map(\.envelope.id) == [putID])
        #expect(Set(openHandled.events.map(\.envelope.id)) == [bare.envelope.id, otherID.envelope.id, aws.id, putID])
        #expect(strict.counters.snapshot.refused == 3)
        #expect(open.counters.snapshot.deadLettered == 0)
        let dead = try await deadLetters(strictTarget, bus: bus)
        #expect(
            dead[bare.envelope.id]?.1
                == "the message was not published through PutEvents: no 'warren-bus' header; no 'warren-ingested-at' header with a time (a target accepts such messages only with acceptRawPublishes)"
        )
        #expect(dead["not-the-event-id"]?.1.contains("its message id 'not-the-event-id' is not the event's id") == true)
        #expect(dead[aws.id]?.1.contains("its source 'aws.ec2' is reserved for AWS services") == true)
        #expect(dead.values.map(\.0) == ["RAW_PUBLISH", "RAW_PUBLISH", "RAW_PUBLISH"])
        await bus.cleanUp(rules)
    }

    /// A user of the test broker with the given permissions (regular expressions), deleted at the end of `body`.
    private func withUser<Result>(
        _ role: String, configure: String, write: String, read: String,
        _ body: (AMQPConfiguration) async throws -> Result
    ) async throws -> Result {
        let user = TestBroker.uniqueName(role).replacingOccurrences(of: ".", with: "-")
        let password = "s3cret-\(UUID().uuidString)"
        try await ManagementAPI.createUser(user, password: password)
        do {
            try await ManagementAPI.setPermissions(user, configure: configure, write: write, read: read)
            var configuration = try TestBroker.configuration(name: user)
            configuration.user = user
            configuration.password = password
            let result = try await body(configuration)
            try? await ManagementAPI.deleteUser(user)
            return result
        } catch {
            try? await ManagementAPI.deleteUser(user)
            throw error
        }
    }

    @Test("a consumer with the README's permissions for its bus declares, handles, retries and dead-letters")
    func consumerPermissions() async throws {
        let bus = TestBus()
        let rules = [try bus.rule("r", #"{"source":["locked.app"]}"#, maximumRetryAttempts: 3)]
        try await bus.apply(rules)
        let topology = bus.topology(rules)
        let target = topology.targets[0]
        // The README's permissions for the consumers of a bus (bus names hold no regular-expression syntax).
        try await withUser(
            "consumer", configure: "^warren(-retry|-redeliver|-dlq)?:\(bus.name)(:.*)?$",
            write: #"^(warren(-retry|-redeliver)?:\#(bus.name)(:.*)?|amq\.default)$"#,
            read: "^warren(-retry|-redeliver)?:\(bus.name)(:.*)?$"
        ) { configuration in
            let broker = BrokerConnection(configuration: configuration, logger: bus.logger)
            let attempts = Received()
            let consumer = TargetConsumer(
                broker: broker, topology: topology, target: target,
                options: TargetConsumerOptions(statisticsInterval: nil), logger: bus.logger
            ) { event in
                attempts.append(event)
                if event.retryAttempt == 0, event.envelope.detail["fail"] != nil {
                    throw TargetFailure(code: "FLAKY", message: "the first attempt fails")
                }
            }
            let put = try await bus.publisher().putEvents([
                bus.entry(source: "locked.app", detail: "{}"), bus.entry(source: "locked.app", detail: #"{"fail":1}"#),
            ])
            let channel = try await bus.channel()
            try await channel.enableConfirms()
            try await channel.publish(Array("not an event".utf8), exchange: "", routingKey: target.queue)
            try await withConsumer(consumer) {
                try await FaultSupport.waitUntil("two handled, one retried, one dead-lettered") {
                    let counters = consumer.counters.snapshot
                    return counters.handled == 2 && counters.retried == 1 && counters.deadLettered == 1
                }
            }
            await broker.stop()
            #expect(Set(attempts.events.map(\.envelope.id)) == Set(put.entries.compactMap(\.eventID)))
            #expect(try await FaultSupport.messageCount(target.deadLetterQueue, bus: bus) == 1)
            #expect(consumer.counters.snapshot.reconnects == 0, "no permission error interrupted it")
        }
        await bus.cleanUp(rules)
    }

    @Test("a producer with write permission on the bus exchange only can PutEvents, and publish nowhere else")
    func producerPermissions() async throws {
        let bus = TestBus()
        let rules = [try bus.rule("r", #"{"source":["locked.app"]}"#)]
        try await bus.apply(rules)
        let topology = bus.topology(rules)
        // The README's permissions for a producer of one bus.
        try await withUser("producer", configure: "^$", write: "^\(topology.exchange)$", read: "^$") { configuration in
            try await producerCanOnlyPutEvents(configuration, bus: bus, topology: topology)
        }
        await bus.cleanUp(rules)
    }

    private func producerCanOnlyPutEvents(_ configuration: AMQPConfiguration, bus: TestBus, topology: BusTopology)
        async throws
    {
        let target = topology.targets[0]
        let producer = BrokerConnection(configuration: configuration, logger: bus.logger)
        let result = try await EventBusPublisher(broker: producer, logger: bus.logger).putEvents([
            bus.entry(source: "locked.app", detail: "{}")
        ])
        #expect(result.failedEntryCount == 0, "\(result)")
        await producer.stop()
        try await waitForMessages(1, in: target.queue, bus: bus)

        // Straight into the target queue, or into a delay queue through the retry exchange: refused.
        let connection = try await AMQPConnection.connect(configuration)
        for (exchange, key) in [("", target.queue), (topology.retry.exchange, target.queue)] {
            let channel = try await connection.openChannel()
            try await channel.enableConfirms()
            let error = await #expect(throws: AMQPError.self) {
                try await channel.publish(Array("{}".utf8), exchange: exchange, routingKey: key)
            }
            #expect(error?.replyCode == 403, "\(exchange): \(String(describing: error))")
        }
        await connection.close()
        try await waitForMessages(1, in: target.queue, bus: bus)
    }
}
