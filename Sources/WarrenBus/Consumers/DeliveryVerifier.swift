import AMQPClient
import EventPatterns

/// Decides, before the handler runs, whether a delivery is an event for this target: that it matches the rule's
/// pattern, given the way it arrived, and that PutEvents published it. Pure; built once per consumer, so the
/// matchers are compiled once.
///
/// - **Through the bus exchange**: the bindings checked the routing key, not the body. So the body's `source` and
///   `detail-type` must give that routing key (`RoutingKey.make`), or the message is refused as
///   `ROUTING_MISMATCH`; when the key is one the target's bindings cover, the residual filter does the rest and an
///   event it rejects is filtered out (the bindings over-select). A key they do not cover (the message came through
///   a `CC`/`BCC` header, or the rule changed since this consumer started) gets the full pattern, as below.
/// - **Any other way** (a retry back through the redeliver exchange, a message published straight to the queue, a
///   dead letter moved back): the full pattern; an event it rejects is refused as `PATTERN_MISMATCH`.
/// - **Not published through PutEvents** (no Warren headers, a message id that is not the event's id, a source
///   PutEvents refuses): refused as `RAW_PUBLISH`, unless the target accepts raw publishes. Checked after the
///   pattern, so that only messages the handler would otherwise get are refused.
struct DeliveryVerifier: Sendable {
    enum Verdict: Sendable, Hashable {
        /// Hand it to the handler.
        case handle
        /// Not for this target (the bindings over-select): ack it.
        case filteredOut
        /// Dead-letter it with this `ERROR_CODE` and reason.
        case refuse(code: String, reason: String)
    }

    static let routingMismatch = "ROUTING_MISMATCH"
    static let patternMismatch = "PATTERN_MISMATCH"
    static let rawPublish = "RAW_PUBLISH"

    let bus: String
    let busExchange: String
    let ruleName: String
    let pattern: EventPattern
    let patternMatcher: CompiledPattern
    let residualMatcher: CompiledPattern?
    let bindingKeys: Set<String>
    let rawPublishes: RawPublishPolicy

    init(topology: BusTopology, target: TargetTopology) {
        bus = topology.bus
        busExchange = topology.exchange
        ruleName = target.ruleName
        pattern = target.pattern
        patternMatcher = CompiledPattern(target.pattern)
        residualMatcher = target.residualPattern.map(CompiledPattern.init)
        bindingKeys = Set(target.bindingKeys)
        rawPublishes = target.target.rawPublishes
    }

    func verdict(
        exchange: String, routingKey: String, properties: AMQPProperties, json: JSONValue, envelope: EventEnvelope
    ) -> Verdict {
        var throughBindings = false
        if exchange == busExchange {
            let expected = RoutingKey.make(source: envelope.source, detailType: envelope.detailType)
            guard routingKey == expected else {
                return .refuse(
                    code: Self.routingMismatch,
                    reason:
                        "the event's source '\(envelope.source)' and detail-type '\(envelope.detailType)' give routing key '\(expected)', but it arrived through exchange '\(exchange)' with routing key '\(routingKey)': PutEvents did not publish it so"
                )
            }
            throughBindings = covers(routingKey)
        }
        if throughBindings {
            if let residualMatcher, !residualMatcher.matches(json) { return .filteredOut }
        } else if !patternMatcher.matches(json) {
            let place = exchange.isEmpty ? "the default exchange" : "exchange '\(exchange)'"
            return .refuse(
                code: Self.patternMismatch,
                reason:
                    "the event does not match rule '\(ruleName)' (it arrived through \(place) with routing key '\(routingKey)', so its whole pattern was checked): \(mismatches(json))"
            )
        }
        if rawPublishes == .deadLetter {
            let problems = Self.rawPublishProblems(properties: properties, envelope: envelope, bus: bus)
            if !problems.isEmpty {
                return .refuse(
                    code: Self.rawPublish,
                    reason:
                        "the message was not published through PutEvents: \(problems.joined(separator: "; ")) (a target accepts such messages only with acceptRawPublishes)"
                )
            }
        }
        return .handle
    }

    /// Whether one of the target's bindings (`<source word>.<detail-type word>`, `*` for any) takes the key.
    private func covers(_ routingKey: String) -> Bool {
        // Escaped words hold no '.', and `verdict` checked the key is one `RoutingKey.make` gives.
        guard let dot = routingKey.firstIndex(of: ".") else { return false }
        let source = routingKey[..<dot]
        let detailType = routingKey[routingKey.index(after: dot)...]
        return bindingKeys.contains(routingKey) || bindingKeys.contains("*.\(detailType)")
            || bindingKeys.contains("\(source).*") || bindingKeys.contains("*.*")
    }

    /// The conditions the event fails, as `path condition (saw values)`.
    private func mismatches(_ json: JSONValue) -> String {
        var failed: [String] = []
        for branch in pattern.explain(json).branches {
            for condition in branch.conditions where !condition.isSatisfied {
                let seen = condition.valuesSeen.isEmpty ? "nothing" : condition.valuesSeen.joined(separator: ", ")
                let text = "\(condition.path) \(condition.condition) (saw \(seen))"
                if !failed.contains(text) { failed.append(text) }
            }
        }
        // Every condition can hold on its own while the pattern fails (fields of one array element).
        return failed.isEmpty ? "its fields match only in different elements of an array" : failed.joined(separator: "; ")
    }

    /// What shows that PutEvents did not publish a message: the headers it sets, the message id it gives (the
    /// event's id), and the sources it refuses.
    static func rawPublishProblems(properties: AMQPProperties, envelope: EventEnvelope, bus: String) -> [String] {
        var problems: [String] = []
        let headers = properties.headers ?? [:]
        switch headers[RetryHeaders.bus]?.stringValue {
        case nil: problems.append("no '\(RetryHeaders.bus)' header")
        case let named? where named != bus:
            problems.append("its '\(RetryHeaders.bus)' header names bus '\(named)', not '\(bus)'")
        default: break
        }
        if headers[RetryHeaders.ingestedAt]?.int64Value == nil {
            problems.append("no '\(RetryHeaders.ingestedAt)' header with a time")
        }
        switch properties.messageID {
        case nil: problems.append("no message id")
        case let id? where id != envelope.id:
            problems.append("its message id '\(id)' is not the event's id '\(envelope.id)'")
        default: break
        }
        if envelope.source.isEmpty { problems.append("its source is empty") }
        if PutEventsValidator.isReservedSource(envelope.source) {
            problems.append("its source '\(envelope.source)' is reserved for AWS services")
        }
        if envelope.detailType.isEmpty { problems.append("its detail-type is empty") }
        return problems
    }
}
