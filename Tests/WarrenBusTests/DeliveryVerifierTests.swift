import AMQPClient
import EventPatterns
import Foundation
import Testing

@testable import WarrenBus

/// `DeliveryVerifier`: a handler only gets events its rule matches, however they reached the queue, and (unless the
/// target accepts raw publishes) only events PutEvents published.
@Suite("Delivery verification")
struct DeliveryVerifierTests {
    static let bus = "b"
    static let atmPattern =
        #"{"source":["custom.myATMapp"],"detail-type":["transaction"],"detail":{"location":[{"prefix":"NY-"}]}}"#

    private func verifier(
        _ pattern: String = atmPattern, state: RuleState = .enabled, rawPublishes: RawPublishPolicy = .deadLetter
    ) throws -> (DeliveryVerifier, TargetTopology, BusTopology) {
        let rule = Rule(
            name: "r", eventBusName: Self.bus, state: state, eventPattern: try EventPattern(parsing: pattern),
            targets: [RuleTarget(id: "t", rawPublishes: rawPublishes)])
        let topology = RuleTranslator().translate(bus: Self.bus, rules: [rule])
        return (DeliveryVerifier(topology: topology, target: topology.targets[0]), topology.targets[0], topology)
    }

    /// An event as PutEvents prepares it (body, routing key, properties).
    private func event(source: String = "custom.myATMapp", detailType: String = "transaction", location: String = "NY-1")
        throws -> PreparedEvent
    {
        let entry = PutEventsRequestEntry(
            source: source, detailType: detailType, detail: #"{"location":"\#(location)"}"#, eventBusName: Self.bus)
        // The validator refuses `aws.` sources: such an event can only be made by hand, as a raw publisher would.
        guard case .success(let prepared) = PutEventsValidator(settings: EventBusSettings()).prepare(
            entry, eventID: "e-1", now: Date(timeIntervalSince1970: 1_700_000_000))
        else {
            let envelope = EventEnvelope(
                id: "e-1", detailType: detailType, source: source, account: "000000000000",
                time: "2024-01-01T00:00:00Z", region: "us-east-1", detail: ["location": .string(location)])
            return PreparedEvent(
                bus: Self.bus, envelope: envelope, routingKey: RoutingKey.make(source: source, detailType: detailType),
                body: Array(envelope.serialized().utf8), traceHeader: nil, ingestedAt: Date())
        }
        return prepared
    }

    private func verdict(
        _ verifier: DeliveryVerifier, _ event: PreparedEvent, exchange: String, routingKey: String? = nil,
        properties: AMQPProperties? = nil
    ) throws -> DeliveryVerifier.Verdict {
        verifier.verdict(
            exchange: exchange, routingKey: routingKey ?? event.routingKey,
            properties: properties ?? event.messageProperties, json: try JSONValue(parsing: event.body),
            envelope: event.envelope)
    }

    private func code(_ verdict: DeliveryVerifier.Verdict) -> String? {
        if case .refuse(let code, _) = verdict { return code }
        return nil
    }

    private func reason(_ verdict: DeliveryVerifier.Verdict) -> String {
        if case .refuse(_, let reason) = verdict { return reason }
        return "\(verdict)"
    }

    @Test("PutEvents' events through the bus's bindings: handled, or filtered out by the residual filter")
    func throughTheBindings() throws {
        let (verifier, _, topology) = try verifier()
        #expect(try verdict(verifier, event(), exchange: topology.exchange) == .handle)
        #expect(try verdict(verifier, event(location: "MA-1"), exchange: topology.exchange) == .filteredOut)
    }

    @Test("a body whose source and detail-type do not give its routing key is refused as ROUTING_MISMATCH")
    func forgedRoutingKey() throws {
        let (verifier, _, topology) = try verifier()
        let forged = try event(source: "evil.app")
        let outcome = try verdict(
            verifier, forged, exchange: topology.exchange, routingKey: "custom%2EmyATMapp.transaction")
        #expect(code(outcome) == "ROUTING_MISMATCH")
        #expect(
            reason(outcome)
                == "the event's source 'evil.app' and detail-type 'transaction' give routing key 'evil%2Eapp.transaction', but it arrived through exchange 'warren:b' with routing key 'custom%2EmyATMapp.transaction': PutEvents did not publish it so"
        )
        // Raw publishes accepted or not: a forged routing key is never handled.
        let (accepting, _, _) = try self.verifier(rawPublishes: .accept)
        #expect(
            try code(verdict(accepting, forged, exchange: topology.exchange, routingKey: "custom%2EmyATMapp.transaction"))
                == "ROUTING_MISMATCH")
    }

    @Test("a key the bindings do not cover (CC/BCC, or rules changed since): the whole pattern decides")
    func keyNotCovered() throws {
        let (verifier, _, topology) = try verifier()
        let other = try event(source: "evil.app")
        let outcome = try verdict(verifier, other, exchange: topology.exchange)
        #expect(code(outcome) == "PATTERN_MISMATCH")
        #expect(reason(outcome).contains(#"source ["custom.myATMapp"] (saw "evil.app")"#), "\(outcome)")
        // A disabled rule has no bindings: events queued while it was enabled still match, and are handled.
        let (disabled, target, _) = try self.verifier(state: .disabled)
        #expect(target.bindingKeys.isEmpty)
        #expect(try verdict(disabled, event(), exchange: topology.exchange) == .handle)
    }

    @Test("wide bindings over-select: what the residual filter rejects is filtered out, not refused")
    func wideBindings() throws {
        let (verifier, target, topology) = try verifier(#"{"source":[{"prefix":"custom."}]}"#)
        #expect(target.bindingKeys == ["*.*"])
        #expect(try verdict(verifier, event(source: "other.app"), exchange: topology.exchange) == .filteredOut)
        #expect(try verdict(verifier, event(source: "custom.x"), exchange: topology.exchange) == .handle)
    }

    @Test("a retry through the redeliver exchange, or a message straight to the queue: the whole pattern")
    func otherWays() throws {
        let (verifier, target, topology) = try verifier()
        for exchange in [topology.retry.redeliverExchange, ""] {
            #expect(try verdict(verifier, event(), exchange: exchange, routingKey: target.queue) == .handle)
            let wrongSource = try verdict(verifier, event(source: "evil.app"), exchange: exchange, routingKey: target.queue)
            #expect(code(wrongSource) == "PATTERN_MISMATCH")
            let wrongDetail = try verdict(verifier, event(location: "MA-1"), exchange: exchange, routingKey: target.queue)
            #expect(code(wrongDetail) == "PATTERN_MISMATCH")
            #expect(reason(wrongDetail).contains(#"detail.location [{"prefix":"NY-"}] (saw "MA-1")"#), "\(wrongDetail)")
        }
        let place = reason(
            try verdict(verifier, event(location: "MA-1"), exchange: "", routingKey: target.queue))
        #expect(
            place.hasPrefix(
                "the event does not match rule 'r' (it arrived through the default exchange with routing key '\(target.queue)', so its whole pattern was checked): "
            ))
    }

    @Test("messages PutEvents did not publish are refused as RAW_PUBLISH, with every sign named")
    func rawPublishes() throws {
        let (verifier, target, topology) = try verifier()
        let good = try event()
        let bare = try verdict(verifier, good, exchange: topology.exchange, properties: AMQPProperties())
        #expect(code(bare) == "RAW_PUBLISH")
        #expect(
            reason(bare)
                == "the message was not published through PutEvents: no 'warren-bus' header; no 'warren-ingested-at' header with a time; no message id (a target accepts such messages only with acceptRawPublishes)"
        )
        var otherID = good.messageProperties
        otherID.messageID = "another"
        #expect(
            reason(try verdict(verifier, good, exchange: "", routingKey: target.queue, properties: otherID))
                .contains("its message id 'another' is not the event's id 'e-1'"))
        var otherBus = good.messageProperties
        otherBus.headers?["warren-bus"] = "orders"
        #expect(
            reason(try verdict(verifier, good, exchange: topology.exchange, properties: otherBus))
                .contains("its 'warren-bus' header names bus 'orders', not 'b'"))

        // An `aws.` source, with headers copied from a real event: PutEvents would have refused it.
        let (awsVerifier, _, _) = try self.verifier(#"{"source":["aws.ec2"]}"#)
        let aws = try event(source: "aws.ec2")
        let awsOutcome = try verdict(awsVerifier, aws, exchange: topology.exchange, properties: good.messageProperties)
        #expect(code(awsOutcome) == "RAW_PUBLISH")
        #expect(reason(awsOutcome).contains("its source 'aws.ec2' is reserved for AWS services"))

        // A target that accepts raw publishes handles them (when they match).
        let (accepting, _, _) = try self.verifier(rawPublishes: .accept)
        #expect(try verdict(accepting, good, exchange: topology.exchange, properties: AMQPProperties()) == .handle)
        #expect(try verdict(accepting, good, exchange: "", routingKey: target.queue, properties: otherID) == .handle)
    }

    @Test("a raw publish the rule does not want is filtered out or refused for that, not as RAW_PUBLISH")
    func patternBeforeProvenance() throws {
        let (verifier, target, topology) = try verifier()
        #expect(
            try verdict(verifier, event(location: "MA-1"), exchange: topology.exchange, properties: AMQPProperties())
                == .filteredOut)
        #expect(
            try code(
                verdict(
                    verifier, event(location: "MA-1"), exchange: "", routingKey: target.queue,
                    properties: AMQPProperties())) == "PATTERN_MISMATCH")
    }
}
