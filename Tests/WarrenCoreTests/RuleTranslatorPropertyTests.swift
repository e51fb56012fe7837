import EventPatterns
import Foundation
import PropertyBased
import Synchronization
import Testing
import WarrenCore

/// The translator's promise, checked on many patterns and events: the broker's bindings never block an event the
/// pattern matches, and bindings plus the consumer's residual filter accept exactly what the pattern accepts.
@Suite("Rule translator never loses a matching event")
struct RuleTranslatorPropertyTests {
    struct Tally {
        var events = 0
        var matching = 0
        var rejected = 0
        var rejectedAtBroker = 0

        var shareFilteredAtBroker: Double { rejected == 0 ? 1 : Double(rejectedAtBroker) / Double(rejected) }
    }

    /// Checks one pattern against one event; returns whether the event had an envelope to route.
    static func check(_ pattern: EventPattern, _ event: JSONValue, tally: inout Tally) -> Bool {
        guard case .object(let object) = event, case .string(let source)? = object["source"],
            case .string(let detailType)? = object["detail-type"]
        else { return false }
        let routing = RuleTranslator().routing(for: pattern)
        let routed = TopicMatcher.routes(routing.bindingKeys, RoutingKey.make(source: source, detailType: detailType))
        let matches = pattern.matches(event)
        let accepted = routed && (routing.residual?.matches(event) ?? true)
        #expect(!matches || routed, "the bindings block an event the pattern matches: \(pattern.serialized())")
        #expect(accepted == matches, "bindings + residual disagree with the pattern: \(pattern.serialized())")
        tally.events += 1
        if matches { tally.matching += 1 } else {
            tally.rejected += 1
            if !routed { tally.rejectedAtBroker += 1 }
        }
        return true
    }

    @Test("every pattern and event of the AWS conformance corpus")
    func conformanceCorpus() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("EventPatternsTests/Fixtures/aws-patterns.jsonl")
        let lines = try String(contentsOf: path, encoding: .utf8).split(separator: "\n")
        var tally = Tally()
        var patterns = 0
        for line in lines {
            let record = try JSONValue(parsing: String(line))
            guard case .object(let fields) = record, case .string(let expected)? = fields["expected"],
                expected == "match" || expected == "no-match", let patternValue = fields["pattern"],
                let eventValue = fields["event"]
            else { continue }
            let patternText: String
            if case .string(let text) = patternValue { patternText = text } else { patternText = patternValue.serialized() }
            let event: JSONValue
            if case .string(let text) = eventValue { event = try JSONValue(parsing: text) } else { event = eventValue }
            let pattern = try EventPattern(parsing: patternText, limits: PatternLimits(maximumPatternLength: 4096))
            patterns += 1
            _ = Self.check(pattern, event, tally: &tally)
        }
        #expect(patterns > 80)
        print(
            "translator on the AWS corpus: \(patterns) patterns, \(tally.events) routable events, \(tally.matching) matching, \(tally.rejected) not matching, of which \(tally.rejectedAtBroker) (\(Int(tally.shareFilteredAtBroker * 100))%) already filtered by the broker"
        )
    }

    @Test("random patterns and events (property)")
    func randomPatterns() async {
        let tally = TallyBox()
        await propertyCheck(count: 300, input: Gen.int(in: 0...Int.max)) { seed in
            var random = SplitMix64(seed: UInt64(seed))
            let pattern = RandomPatterns.pattern(&random)
            guard let compiled = try? EventPattern(parsing: pattern) else { return }
            var local = Tally()
            for _ in 0..<40 {
                _ = Self.check(compiled, RandomPatterns.event(&random), tally: &local)
            }
            tally.add(local)
        }
        let total = tally.total
        #expect(total.events > 5000)
        #expect(total.matching > 0)
        print(
            "translator on random patterns: \(total.events) events, \(total.matching) matching, \(total.rejected) not matching, of which \(total.rejectedAtBroker) (\(Int(total.shareFilteredAtBroker * 100))%) already filtered by the broker"
        )
    }
}

final class TallyBox: Sendable {
    private let state = Mutex(RuleTranslatorPropertyTests.Tally())
    var total: RuleTranslatorPropertyTests.Tally { state.withLock { $0 } }
    func add(_ tally: RuleTranslatorPropertyTests.Tally) {
        state.withLock { total in
            total.events += tally.events
            total.matching += tally.matching
            total.rejected += tally.rejected
            total.rejectedAtBroker += tally.rejectedAtBroker
        }
    }
}

/// A small deterministic generator, so a failing seed reproduces.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Patterns and events over a small vocabulary, so that matches are frequent and edge cases (dots, `*`, `#`,
/// Unicode, long values, `$or`, contradictions) come up often.
enum RandomPatterns {
    static let sources = ["a", "b", "com.acme", "x*y", "#", "é", String(repeating: "L", count: 130)]
    static let detailTypes = ["t", "Order", "order", "a.b", "*"]

    static func pattern(_ random: inout SplitMix64) -> String {
        var fields: [String] = []
        if Bool.random(using: &random) { fields.append("\"source\":\(values(sources, &random))") }
        if Bool.random(using: &random) { fields.append("\"detail-type\":\(values(detailTypes, &random))") }
        if Int.random(in: 0..<3, using: &random) == 0 {
            fields.append("\"detail\":{\"n\":[{\"numeric\":[\">\",\(Int.random(in: 0..<5, using: &random))]}]}")
        }
        if Int.random(in: 0..<3, using: &random) == 0 {
            let branches = (0..<Int.random(in: 2...3, using: &random)).map { _ in
                Bool.random(using: &random)
                    ? "{\"source\":\(values(sources, &random))}" : "{\"detail-type\":\(values(detailTypes, &random))}"
            }
            fields.append("\"$or\":[\(branches.joined(separator: ","))]")
        }
        if fields.isEmpty { fields.append("\"detail\":{\"n\":[{\"exists\":true}]}") }
        return "{\(fields.joined(separator: ","))}"
    }

    static func values(_ vocabulary: [String], _ random: inout SplitMix64) -> String {
        let count = Int.random(in: 1...3, using: &random)
        let items = (0..<count).map { _ -> String in
            let value = vocabulary.randomElement(using: &random)!
            switch Int.random(in: 0..<7, using: &random) {
            case 0: return "{\"prefix\":\"\(value.prefix(1))\"}"
            case 1: return "{\"anything-but\":\"\(value)\"}"
            case 2: return "{\"equals-ignore-case\":\"\(value)\"}"
            case 3: return "{\"exists\":\(Bool.random(using: &random))}"
            default: return "\"\(value)\""
            }
        }
        return "[\(items.joined(separator: ","))]"
    }

    static func event(_ random: inout SplitMix64) -> JSONValue {
        let source = sources.randomElement(using: &random)!
        let detailType = detailTypes.randomElement(using: &random)!
        let text =
            "{\"version\":\"0\",\"id\":\"1\",\"source\":\"\(source)\",\"detail-type\":\"\(detailType)\",\"account\":\"1\",\"time\":\"t\",\"region\":\"r\",\"resources\":[],\"detail\":{\"n\":\(Int.random(in: 0..<6, using: &random))}}"
        return try! JSONValue(parsing: text)
    }
}
