import EventPatterns
import Foundation
import Testing
import WarrenCore
import WarrenRules

/// The ATM demo's `atm-demo.yaml`, shipped in `Sources/WarrenCommands/Demo`, loads as the three rules of the
/// demo (spec §1.2; patterns as in `conformance/atm-demo.json`).
@Suite("The ATM demo's template")
struct DemoTemplateTests {
    static let templatePath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/WarrenCommands/Demo/atm-demo.yaml").path

    struct Case: Sendable, CustomTestStringConvertible {
        var handler: String
        var rule: String
        var target: String
        var function: String
        var description: String?
        var pattern: String
        var testDescription: String { handler }
    }

    static let cases = [
        Case(
            handler: "handler.case1Handler", rule: "EventRuleCase1", target: "atmConsumerTarget1",
            function: "atmConsumerCase1Fn", description: "Approved transactions",
            pattern: #"{"source":["custom.myATMapp"],"detail-type":["transaction"],"detail":{"result":["approved"]}}"#),
        Case(
            handler: "handler.case2Handler", rule: "atmConsumerCase2FnTrigger",
            target: "atmConsumerCase2FnTriggerLambdaTarget", function: "atmConsumerCase2Fn", description: nil,
            pattern:
                #"{"source":["custom.myATMapp"],"detail-type":["transaction"],"detail":{"location":[{"prefix":"NY-"}]}}"#
        ),
        Case(
            handler: "handler.case3Handler", rule: "atmConsumerCase3FnTrigger",
            target: "atmConsumerCase3FnTriggerLambdaTarget", function: "atmConsumerCase3Fn", description: nil,
            pattern:
                #"{"source":["custom.myATMapp"],"detail-type":["transaction"],"detail":{"result":[{"anything-but":"approved"}]}}"#
        ),
    ]

    @Test func loadsExactlyTheThreeRulesOnTheDefaultBus() throws {
        let file = try RulesFileLoader.load(path: Self.templatePath)
        #expect(file.shape == .cloudFormation)
        #expect(file.buses == ["default"])
        #expect(file.warnings.isEmpty)
        #expect(Set(file.rules.map(\.name)) == Set(Self.cases.map(\.rule)))
        #expect(file.rules.count == 3)
        #expect(file.rules.allSatisfy { $0.eventBusName == "default" && $0.state == .enabled && $0.targets.count == 1 })
        #expect(file.origins.count == 3)
    }

    @Test(arguments: cases)
    func eachConsumerFindsItsRuleByHandler(_ demo: Case) throws {
        let file = try RulesFileLoader.load(path: Self.templatePath)
        let references = file.references(handler: demo.handler)
        #expect(references == [RuleTargetReference(busName: "default", ruleName: demo.rule, targetID: demo.target)])
        let rule = try #require(file.rule(named: demo.rule))
        #expect(rule.description == demo.description)
        #expect(rule.eventPattern == (try pattern(demo.pattern)))
        #expect(rule.eventPattern.serialized() == demo.pattern)
        #expect(rule.targets == [RuleTarget(id: demo.target)])
        #expect(
            file.origins[references[0]]
                == TargetOrigin(
                    logicalID: demo.function, resourceType: "AWS::Serverless::Function", handler: demo.handler))
    }

    @Test func theProducerIsNoTarget() throws {
        let file = try RulesFileLoader.load(path: Self.templatePath)
        #expect(file.origins.values.allSatisfy { $0.logicalID != "atmProducerFn" })
    }
}
