import AMQPClient
import EventPatterns
import Foundation
import Testing
import WarrenBus
import WarrenTestSupport

@Suite("Event bus on RabbitMQ")
struct EventBusIntegrationTests {
    @Test("PutEvents: results in order, a bad entry fails alone, good entries reach exactly their targets")
    func putEventsRoutes() async throws {
        let bus = TestBus()
        let rules = [
            try bus.rule("big", #"{"source":["shop"],"detail":{"amount":[{"numeric":[">",100]}]}}"#),
            try bus.rule("any-shop", #"{"source":["shop"]}"#),
        ]
        try await bus.apply(rules)
        let topology = bus.topology(rules)
        let big = Received()
        let anyShop = Received()
        let consumers = topology.targets.map { target in
            bus.consumer(target, of: topology) { event in
                (target.ruleName == "big" ? big : anyShop).append(event)
            }
        }
        let result = try await bus.publisher().putEvents([
            bus.entry(source: "shop", detail: #"{"amount":500}"#),
            bus.entry(source: "shop", detail: "not json"),
            bus.entry(source: "shop", detail: #"{"amount":50}"#),
            bus.entry(source: "elsewhere", detail: #"{"amount":900}"#),
            PutEventsRequestEntry(source: "shop", detail: "{}", eventBusName: bus.name),
        ])
        #expect(result.failedEntryCount == 2)
        #expect(result.entries.map { $0.eventID != nil } == [true, false, true, true, false])
        #expect(result.entries[1].errorCode == "MalformedDetail")
        #expect(result.entries[4].errorMessage == "Parameter DetailType is not valid. Reason: DetailType is a required argument.")
        try await withConsumer(consumers[0]) {
            try await withConsumer(consumers[1]) {
                try await big.wait { $0.count == 1 }
                try await anyShop.wait { $0.count == 2 }
                try await Task.sleep(for: .milliseconds(300))
            }
        }
        #expect(big.events.map(\.envelope.id) == [result.entries[0].eventID!])
        #expect(Set(anyShop.events.map(\.envelope.id)) == [result.entries[0].eventID!, result.entries[2].eventID!])
        let event = try #require(big.events.first)
        #expect(event.envelope.source == "shop")
        #expect(event.envelope.detail.serialized() == #"{"amount":500}"#)
        #expect(event.retryAttempt == 0)
        // The broker filtered "elsewhere"; the consumer filtered amount 50 for "big".
        let bigConsumer = try #require(consumers.first { $0.target.ruleName == "big" })
        let anyShopConsumer = try #require(consumers.first { $0.target.ruleName == "any-shop" })
        #expect(bigConsumer.counters.snapshot.filteredOut == 1)
        #expect(anyShopConsumer.counters.snapshot.filteredOut == 0)
        await bus.cleanUp(rules)
    }

    @Test("warren put-events: early times and Resources with nulls arrive as written; bad entries send nothing")
    func putEventsEntriesFile() async throws {
        let bus = TestBus()
        let rules = [try bus.rule("r", #"{"source":["cli.app"]}"#)]
        try await bus.apply(rules)
        let topology = bus.topology(rules)
        let received = Received()
        let consumer = bus.consumer(topology.targets[0], of: topology) { received.append($0) }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("\(bus.name)-entries.json")
        defer { try? FileManager.default.removeItem(at: file) }
        func entry(_ time: String, _ resources: String = "[]") -> String {
            #"{"Source":"cli.app","DetailType":"t","Detail":"{}","EventBusName":"\#(bus.name)","Time":\#(time),"Resources":\#(resources)}"#
        }
        try Data(
            """
            [\(entry(#""0001-01-01T00:00:00Z""#)), \(entry(#""1582-10-10t12:00:00.5+02:00""#, #"["a",null,"b"]"#)),
             \(entry("-62135596800"))]
            """.utf8
        ).write(to: file)
        let put = try await ExecutableProcess.run("warren", ["put-events", "--entries", "file://\(file.path)"])
        #expect(put.status == 0, "\(put.errors)")
        let result = try JSONDecoder().decode(PutEventsResult.self, from: Data(put.output.utf8))
        #expect(result.failedEntryCount == 0)

        // A file with a bad entry: the AWS CLI's kind of error, naming the member; nothing is sent.
        try Data((#"[{"Source":"cli.app","DetailType":"t","Detail":"{}","EventBusName":"\#(bus.name)"},"#
            + #"{"Source":"cli.app","EventBusname":"\#(bus.name)","Resources":["a",7]}]"#).utf8).write(to: file)
        let refused = try await ExecutableProcess.run("warren", ["put-events", "--entries", "file://\(file.path)"])
        #expect(refused.status != 0)
        #expect(refused.errors.contains(#"Unknown parameter in Entries[1]: "EventBusname", must be one of: "#))
        #expect(refused.errors.contains("Invalid type for parameter Entries[1].Resources[1], value: 7, type: number"))

        try await withConsumer(consumer) {
            try await received.wait { $0.count == 3 }
            try await Task.sleep(for: .milliseconds(300))  // nothing else may come
        }
        let byID = Dictionary(uniqueKeysWithValues: received.events.map { ($0.envelope.id, $0.envelope) })
        let sent = result.entries.compactMap(\.eventID)
        #expect(received.count == 3)
        #expect(sent.map { byID[$0]?.time } == ["0001-01-01T00:00:00Z", "1582-10-10T10:00:00Z", "0001-01-01T00:00:00Z"])
        #expect(sent.map { byID[$0]?.resources } == [[], ["a", "b"], []])
        await bus.cleanUp(rules)
    }

    @Test("an unknown bus fails the whole request with ResourceNotFoundException")
    func unknownBus() async throws {
        let bus = TestBus()
        let error = await #expect(throws: PutEventsRequestError.self) {
            try await bus.publisher().putEvents([bus.entry(detail: "{}")])
        }
        #expect(error?.code == .resourceNotFound)
        #expect(error?.message == "Event bus \(bus.name) does not exist.")
        await bus.broker.stop()
    }

    @Test("a failing handler is retried after broker-side delays, then dead-lettered with the six headers")
    func retriesThenDeadLetter() async throws {
        let bus = TestBus()
        let rules = [
            try bus.rule(
                "flaky", #"{"source":["test.source"]}"#,
                maximumRetryAttempts: 2)
        ]
        try await bus.apply(rules)
        let topology = bus.topology(rules)
        let target = topology.targets[0]
        let attempts = Received()
        let consumer = bus.consumer(target, of: topology) { event in
            attempts.append(event)
            throw TargetFailure(code: "THROTTLING", message: "downstream said slow down")
        }
        let result = try await bus.publisher().putEvents([bus.entry(detail: #"{"n":1}"#)])
        let id = try #require(result.entries[0].eventID)
        try await withConsumer(consumer) {
            try await attempts.wait { $0.count == 3 }
            try await waitForMessages(1, in: target.deadLetterQueue, bus: bus)
        }
        #expect(attempts.events.map(\.retryAttempt) == [0, 1, 2])
        let instants = attempts.instants
        #expect(instants[1] - instants[0] >= .milliseconds(950))
        #expect(instants[2] - instants[1] >= .milliseconds(1950))
        #expect(instants[2] - instants[1] < .seconds(6))
        let channel = try await bus.channel()
        let dead = try #require(try await channel.get(queue: target.deadLetterQueue))
        let headers = dead.properties.headers ?? [:]
        #expect(headers["ERROR_CODE"] == .string("THROTTLING"))
        #expect(headers["ERROR_MESSAGE"] == .string("downstream said slow down"))
        #expect(headers["EXHAUSTED_RETRY_CONDITION"] == .string("MaximumRetryAttempts"))
        #expect(headers["RETRY_ATTEMPTS"] == .int64(2))
        #expect(headers["RULE_ARN"] == .string(target.ruleARN))
        #expect(headers["TARGET_ARN"] == .string(target.targetARN))
        #expect(try EventEnvelope(parsing: dead.body).id == id)
        try await dead.ack()
        #expect(consumer.counters.snapshot.retried == 2)
        #expect(consumer.counters.snapshot.deadLettered == 1)
        await bus.cleanUp(rules)
    }

    @Test("a message that is not an event is dead-lettered with the reason; the consumer goes on")
    func malformedMessage() async throws {
        let bus = TestBus()
        let rules = [try bus.rule("r", #"{"source":["test.source"]}"#)]
        try await bus.apply(rules)
        let topology = bus.topology(rules)
        let target = topology.targets[0]
        let handled = Received()
        let consumer = bus.consumer(target, of: topology) { handled.append($0) }
        let channel = try await bus.channel()
        try await channel.enableConfirms()
        try await channel.publish(Array("{not an event".utf8), exchange: "", routingKey: target.queue)
        try await channel.publish(Array(#"{"version":"0"}"#.utf8), exchange: "", routingKey: target.queue)
        _ = try await bus.publisher().putEvents([bus.entry(detail: "{}")])
        try await withConsumer(consumer) {
            try await handled.wait { $0.count == 1 }
            try await waitForMessages(2, in: target.deadLetterQueue, bus: bus)
        }
        var reasons: [String] = []
        while let dead = try await channel.get(queue: target.deadLetterQueue) {
            #expect(dead.properties.headers?["ERROR_CODE"] == .string("MALFORMED_EVENT"))
            reasons.append(dead.properties.headers?["ERROR_MESSAGE"]?.stringValue ?? "")
            try await dead.ack()
        }
        #expect(reasons.count == 2)
        #expect(reasons.contains { $0.hasPrefix("the message is not a valid event: the message is not JSON") })
        #expect(reasons.contains { $0 == "the message is not a valid event: the event has no 'id' field" })
        #expect(consumer.counters.snapshot.malformed == 2)
        await bus.cleanUp(rules)
    }

    @Test("a rules change is reconciled: stale bindings removed, queued events kept, re-apply is idempotent")
    func rulesChangeReconciled() async throws {
        let bus = TestBus()
        let v1 = [try bus.rule("r", #"{"source":["a"]}"#), try bus.rule("gone", #"{"source":["a"]}"#)]
        try await bus.apply(v1)
        let queue = bus.topology(v1).targets.first { $0.ruleName == "r" }!.queue
        let goneQueue = bus.topology(v1).targets.first { $0.ruleName == "gone" }!.queue
        _ = try await bus.publisher().putEvents([bus.entry(source: "a", detail: "{}")])
        try await waitForMessages(1, in: queue, bus: bus)

        let v2 = [try bus.rule("r", #"{"source":["b"]}"#)]
        let report = try await bus.apply(v2)
        #expect(report.unbound.contains(TargetBinding(queue: queue, bindingKey: "a.*")))
        #expect(report.unbound.contains(TargetBinding(queue: goneQueue, bindingKey: "a.*")))
        let goneDeadLetterQueue = bus.topology(v1).targets.first { $0.ruleName == "gone" }!.deadLetterQueue
        #expect(report.orphanedQueues == [goneQueue, goneDeadLetterQueue].sorted())
        #expect(report.change.removed == ["gone"])
        #expect(report.change.changed == ["r"])
        // Queued events stay; the old source no longer routes; the new one does.
        try await waitForMessages(1, in: queue, bus: bus)
        try await waitForMessages(1, in: goneQueue, bus: bus)
        _ = try await bus.publisher().putEvents([
            bus.entry(source: "a", detail: "{}"), bus.entry(source: "b", detail: "{}"),
        ])
        try await waitForMessages(2, in: queue, bus: bus)
        try await waitForMessages(1, in: goneQueue, bus: bus)

        let again = try await bus.apply(v2)
        #expect(again.unbound.isEmpty)
        #expect(again.bound == [TargetBinding(queue: queue, bindingKey: "b.*")])
        let disabled = [try bus.rule("r", #"{"source":["b"]}"#, state: .disabled)]
        let off = try await bus.apply(disabled)
        #expect(off.bound.isEmpty)
        #expect(off.unbound == [TargetBinding(queue: queue, bindingKey: "b.*")])
        _ = try await bus.publisher().putEvents([bus.entry(source: "b", detail: "{}")])
        try await Task.sleep(for: .milliseconds(300))
        try await waitForMessages(2, in: queue, bus: bus)
        await bus.cleanUp(v1)
    }
}
