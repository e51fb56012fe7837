import AMQPClient
import EventPatterns
import Foundation
import Testing

@testable import WarrenBus

/// Reading dead letters, choosing them, and the copy a redrive sends back, without a broker.
@Suite("Dead letters and redrive copies")
struct DeadLetterTests {
    struct EntryRefused: Error {}

    static let settings = EventBusSettings()

    /// An event as PutEvents published it, and its properties once a consumer dead-lettered it after `retries`
    /// retries, with the broker's delivery count on top.
    static func deadLetter(retries: Int = 2, code: String = "HANDLER_ERROR") throws -> (PreparedEvent, AMQPProperties) {
        let entry = PutEventsRequestEntry(
            source: "shop", detailType: "OrderPlaced", detail: #"{"id":7}"#, eventBusName: "orders",
            traceHeader: "Root=1-abc")
        guard case .success(let event) = PutEventsValidator(settings: settings).prepare(
            entry, eventID: "e-1", now: Date(timeIntervalSince1970: 1_700_000_000))
        else { throw EntryRefused() }
        var properties = event.messageProperties
        properties.headers?.merge(
            [
                RetryHeaders.retryAttempts: .int64(Int64(retries)), RetryHeaders.lastError: .string("boom"),
                RetryHeaders.errorCode: .string(code), RetryHeaders.errorMessage: .string("boom"),
                RetryHeaders.exhaustedRetryCondition: .string("MaximumRetryAttempts"),
                RetryHeaders.retryAttemptsAttribute: .int64(Int64(retries)),
                RetryHeaders.ruleARN: .string(settings.ruleARN(rule: "big", bus: "orders")),
                RetryHeaders.targetARN: .string(settings.targetARN(queue: "warren:orders:big:t")),
                RetryHeaders.deliveryCount: .int64(3), "x-custom": .string("kept"),
            ], uniquingKeysWith: { $1 })
        return (event, properties)
    }

    @Test func aDeadLetterNamesItsSixHeadersEventAndOrigin() throws {
        let (event, properties) = try Self.deadLetter()
        let letter = DeadLetter(body: event.body, properties: properties)
        #expect(letter.eventID == "e-1")
        #expect(letter.errorCode == "HANDLER_ERROR")
        #expect(letter.errorMessage == "boom")
        #expect(letter.exhaustedRetryCondition == "MaximumRetryAttempts")
        #expect(letter.retryAttempts == 2)
        #expect(letter.ruleARN == "arn:aws:events:us-east-1:000000000000:rule/orders/big")
        #expect(letter.targetARN == "arn:warren:rabbitmq:us-east-1:000000000000:queue/warren:orders:big:t")
        #expect(letter.originQueue == "warren:orders:big:t")
        #expect(letter.redriveCount == 0)
        #expect(letter.brokerReason == nil)

        // Dead-lettered by the broker (delivery limit): no Warren headers, the origin from x-first-death-queue; a
        // message without message id takes the body's id.
        let poisoned = DeadLetter(
            body: event.body,
            properties: AMQPProperties(headers: [
                "x-first-death-queue": .string("warren:orders:big:t"), "x-first-death-reason": .string("delivery_limit"),
            ]))
        #expect(poisoned.eventID == "e-1")
        #expect(poisoned.errorCode == nil)
        #expect(poisoned.brokerReason == "delivery_limit")
        #expect(poisoned.originQueue == "warren:orders:big:t")
        #expect(DeadLetter(body: Array("not json".utf8), properties: AMQPProperties()).eventID == nil)
    }

    @Test func aSelectionChoosesByEventIDErrorCodeAndOrigin() throws {
        let (event, properties) = try Self.deadLetter()
        let letter = DeadLetter(body: event.body, properties: properties)
        #expect(DeadLetterSelection.everything.contains(letter))
        #expect(DeadLetterSelection(eventIDs: ["e-1", "e-2"]).contains(letter))
        #expect(!DeadLetterSelection(eventIDs: ["e-2"]).contains(letter))
        #expect(DeadLetterSelection(errorCodes: ["HANDLER_ERROR"]).contains(letter))
        #expect(!DeadLetterSelection(eventIDs: ["e-1"], errorCodes: ["TIMEOUT"]).contains(letter))
        #expect(DeadLetterSelection(originQueue: "warren:orders:big:t").contains(letter))
        #expect(!DeadLetterSelection(originQueue: "warren:orders:other:t").contains(letter))
        // Of unknown origin: any target's.
        let unknown = DeadLetter(body: event.body, properties: event.messageProperties)
        #expect(DeadLetterSelection(originQueue: "warren:orders:other:t").contains(unknown))
        #expect(!DeadLetterSelection(errorCodes: ["HANDLER_ERROR"]).contains(unknown))
    }

    @Test func theRedriveCopyIsTheEventAsPublishedWithAFreshRetryPolicy() throws {
        let (event, properties) = try Self.deadLetter()
        var original = properties
        original.headers?["x-death"] = .array([.table(["queue": .string("warren:orders:big:t")])])
        original.headers?["x-first-death-reason"] = .string("delivery_limit")
        original.expiration = "5000"
        let now = Date(timeIntervalSince1970: 1_700_000_100)
        let copy = RedriveCopy.properties(of: original, run: "run-1", redrivenAt: now)
        var expected = event.messageProperties.headers ?? [:]
        expected["x-custom"] = .string("kept")
        expected[RetryHeaders.redriveCount] = .int64(1)
        expected[RetryHeaders.redrivenAt] = .int64(1_700_000_100_000)
        expected[RetryHeaders.redriveID] = .string("run-1")
        #expect(copy.headers == expected)
        #expect(copy.messageID == "e-1")
        #expect(copy.deliveryMode == .persistent)
        #expect(copy.expiration == nil)
        #expect(copy.contentType == event.messageProperties.contentType)
        #expect(copy.timestamp == event.messageProperties.timestamp)
        // Redriven again: counted.
        #expect(RedriveCopy.properties(of: copy, run: "run-2", redrivenAt: now).headers?[RetryHeaders.redriveCount] == .int64(2))
    }

    @Test func aRedrivenCopyPassesTheConsumersChecksThroughTheDefaultExchange() throws {
        let (event, properties) = try Self.deadLetter()
        let rule = Rule(
            name: "big", eventBusName: "orders", eventPattern: try EventPattern(parsing: #"{"detail":{"id":[7]}}"#),
            targets: [RuleTarget(id: "t")])
        let topology = RuleTranslator().translate(bus: "orders", rules: [rule])
        let verifier = DeliveryVerifier(topology: topology, target: topology.targets[0])
        let copy = RedriveCopy.properties(of: properties, run: "run-1", redrivenAt: Date())
        let json = try JSONValue(parsing: event.body)
        #expect(
            verifier.verdict(
                exchange: "", routingKey: topology.targets[0].queue, properties: copy, json: json,
                envelope: event.envelope) == .handle)
        // The whole pattern is checked: an event the rule no longer matches is refused.
        let changed = Rule(
            name: "big", eventBusName: "orders", eventPattern: try EventPattern(parsing: #"{"detail":{"id":[8]}}"#),
            targets: [RuleTarget(id: "t")])
        let changedTopology = RuleTranslator().translate(bus: "orders", rules: [changed])
        let strict = DeliveryVerifier(topology: changedTopology, target: changedTopology.targets[0])
        guard
            case .refuse(let code, _) = strict.verdict(
                exchange: "", routingKey: topology.targets[0].queue, properties: copy, json: json,
                envelope: event.envelope)
        else {
            Issue.record("a redriven event the pattern rejects was accepted")
            return
        }
        #expect(code == "PATTERN_MISMATCH")
    }
}
