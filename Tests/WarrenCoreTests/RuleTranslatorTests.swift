import EventPatterns
import Testing
import WarrenCore

@Suite("Rule translator: rules in, topology out")
struct RuleTranslatorTests {
    let translator = RuleTranslator()

    private func routing(_ pattern: String) throws -> PatternRouting {
        translator.routing(for: try EventPattern(parsing: pattern))
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var why: String
        var pattern: String
        var bindings: [String]
        var sourceChecked: Bool
        var detailTypeChecked: Bool
        /// The consumer's filter as JSON text; nil when nothing is left to check.
        var residual: String?
        var testDescription: String { why }
    }

    static let cases: [Case] = [
        Case(
            why: "ATM case 1: exact source and detail-type become an exact key",
            pattern: #"{"source":["custom.myATMapp"],"detail-type":["transaction"],"detail":{"result":["approved"]}}"#,
            bindings: ["custom%2EmyATMapp.transaction"], sourceChecked: true, detailTypeChecked: true,
            residual: #"{"detail":{"result":["approved"]}}"#),
        Case(
            why: "ATM case 2: the prefix on detail.location is left to the consumer",
            pattern:
                #"{"source":["custom.myATMapp"],"detail-type":["transaction"],"detail":{"location":[{"prefix":"NY-"}]}}"#,
            bindings: ["custom%2EmyATMapp.transaction"], sourceChecked: true, detailTypeChecked: true,
            residual: #"{"detail":{"location":[{"prefix":"NY-"}]}}"#),
        Case(
            why: "only exact envelope fields: nothing left for the consumer",
            pattern: #"{"source":["a","b"],"detail-type":["t"]}"#,
            bindings: ["a.t", "b.t"], sourceChecked: true, detailTypeChecked: true, residual: nil),
        Case(
            why: "a prefix on source is a wildcard word, checked by the consumer",
            pattern: #"{"source":[{"prefix":"com.acme."}],"detail-type":["order"]}"#,
            bindings: ["*.order"], sourceChecked: false, detailTypeChecked: true,
            residual: #"{"source":[{"prefix":"com.acme."}]}"#),
        Case(
            why: "exact value OR an operator on one field: any value may match",
            pattern: #"{"source":["a",{"anything-but":"b"}]}"#,
            bindings: ["*.*"], sourceChecked: false, detailTypeChecked: false,
            residual: #"{"source":["a",{"anything-but":"b"}]}"#),
        Case(
            why: "no envelope constraint: every event reaches the consumer",
            pattern: #"{"detail":{"amount":[{"numeric":[">",100]}]}}"#,
            bindings: ["*.*"], sourceChecked: false, detailTypeChecked: false,
            residual: #"{"detail":{"amount":[{"numeric":[">",100]}]}}"#),
        Case(
            why: "$or of two envelope fields is a union of keys; the consumer rechecks the whole pattern",
            pattern: #"{"$or":[{"source":["a"]},{"detail-type":["x"]}]}"#,
            bindings: ["*.x", "a.*"], sourceChecked: false, detailTypeChecked: false,
            residual: #"{"$or":[{"source":["a"]},{"detail-type":["x"]}]}"#),
        Case(
            why: "top-level exact source AND an $or elsewhere: source is still enforced by the keys",
            pattern: #"{"source":["a"],"$or":[{"detail":{"x":[1]}},{"detail":{"y":[2]}}]}"#,
            bindings: ["a.*"], sourceChecked: true, detailTypeChecked: false,
            residual: #"{"$or":[{"detail":{"x":[1]}},{"detail":{"y":[2]}}]}"#),
        Case(
            why: "an $or branch that names source again: keys follow the branches, the consumer checks it all",
            pattern: #"{"source":["a"],"$or":[{"source":["b"]},{"detail-type":["t"]}]}"#,
            bindings: ["a.t", "b.*"], sourceChecked: false, detailTypeChecked: false,
            residual: #"{"source":["a"],"$or":[{"source":["b"]},{"detail-type":["t"]}]}"#),
        Case(
            why: "each $or branch gets the keys of its own envelope values",
            pattern: #"{"$or":[{"source":["a"],"detail-type":["t","u"]},{"source":["b"],"detail":{"x":[1]}}]}"#,
            bindings: ["a.t", "a.u", "b.*"], sourceChecked: false, detailTypeChecked: false,
            residual: #"{"$or":[{"source":["a"],"detail-type":["t","u"]},{"source":["b"],"detail":{"x":[1]}}]}"#),
        Case(
            why: "topic syntax and Unicode inside values are escaped",
            pattern: #"{"source":["a.b*#%~"],"detail-type":["état civil"]}"#,
            bindings: ["a%2Eb%2A%23%25%7E.%C3%A9tat%20civil"], sourceChecked: true, detailTypeChecked: true,
            residual: nil),
        Case(
            why: "a number is not an exact string: wildcard word",
            pattern: #"{"source":[5]}"#,
            bindings: ["*.*"], sourceChecked: false, detailTypeChecked: false, residual: #"{"source":[5]}"#),
        Case(
            why: "equals-ignore-case cannot be a topic word",
            pattern: #"{"detail-type":[{"equals-ignore-case":"Order"}]}"#,
            bindings: ["*.*"], sourceChecked: false, detailTypeChecked: false,
            residual: #"{"detail-type":[{"equals-ignore-case":"Order"}]}"#),
    ]

    @Test("translation table", arguments: cases)
    func table(_ testCase: Case) throws {
        let routing = try routing(testCase.pattern)
        #expect(routing.bindingKeys == testCase.bindings)
        #expect(routing.checks.source == testCase.sourceChecked)
        #expect(routing.checks.detailType == testCase.detailTypeChecked)
        #expect(routing.residual?.serialized() == testCase.residual)
    }

    @Test("a value longer than a topic word is hashed, routes exactly, and stays in the consumer's filter")
    func longValues() throws {
        let long = String(repeating: "s", count: 300)
        let routing = try self.routing(#"{"source":["\#(long)"],"detail-type":["t"]}"#)
        #expect(routing.bindingKeys.count == 1)
        #expect(routing.bindingKeys[0].hasPrefix("~"))
        #expect(routing.bindingKeys[0].utf8.count < 40)
        #expect(routing.checks.source == false)
        #expect(routing.checks.detailType == true)
        #expect(routing.residual?.serialized() == #"{"source":["\#(long)"]}"#)
        let key = RoutingKey.make(source: long, detailType: "t")
        #expect(key.utf8.count <= 255)
        #expect(TopicMatcher.routes(routing.bindingKeys, key))
        #expect(!TopicMatcher.routes(routing.bindingKeys, RoutingKey.make(source: long + "x", detailType: "t")))
    }

    @Test("too many exact values widen the keys instead of flooding the exchange")
    func widening() throws {
        let sources = (0..<20).map { "\"s\($0)\"" }.joined(separator: ",")
        let types = (0..<10).map { "\"t\($0)\"" }.joined(separator: ",")
        let routing = try self.routing(#"{"source":[\#(sources)],"detail-type":[\#(types)]}"#)
        #expect(routing.bindingKeys.count == 20)
        #expect(routing.bindingKeys.allSatisfy { $0.hasSuffix(".*") })
        #expect(routing.checks.source == true)
        #expect(routing.checks.detailType == false)
        #expect(routing.residual?.serialized() == #"{"detail-type":[\#(types)]}"#)
    }

    @Test("a disabled rule keeps its queue but gets no binding; names and ARNs follow the conventions")
    func disabledRule() throws {
        let pattern = try EventPattern(parsing: #"{"source":["a"]}"#)
        let rules = [
            Rule(name: "on", eventPattern: pattern, targets: [RuleTarget(id: "t1")]),
            Rule(name: "off", state: .disabled, eventPattern: pattern, targets: [RuleTarget(id: "t2")]),
            Rule(name: "elsewhere", eventBusName: "other", eventPattern: pattern, targets: [RuleTarget(id: "t3")]),
        ]
        let topology = translator.translate(bus: "default", rules: rules)
        #expect(topology.exchange == "warren:default")
        #expect(topology.targets.map(\.queue) == ["warren:default:off:t2", "warren:default:on:t1"])
        #expect(topology.targets.first { $0.ruleName == "off" }?.bindingKeys == [])
        #expect(topology.bindings == [TargetBinding(queue: "warren:default:on:t1", bindingKey: "a.*")])
        let on = try #require(topology.targets.first { $0.ruleName == "on" })
        #expect(on.deadLetterQueue == "warren-dlq:default:on:t1")
        #expect(on.ruleARN == "arn:aws:events:us-east-1:000000000000:rule/on")
        #expect(on.targetARN == "arn:warren:rabbitmq:us-east-1:000000000000:queue/warren:default:on:t1")
        let other = translator.translate(bus: "other", rules: rules)
        #expect(other.targets.map(\.ruleARN) == ["arn:aws:events:us-east-1:000000000000:rule/other/elsewhere"])
        #expect(topology.retry.delayQueues.keys.sorted() == [1, 2, 4, 8, 16, 32, 64, 128, 256, 512])
    }
}
