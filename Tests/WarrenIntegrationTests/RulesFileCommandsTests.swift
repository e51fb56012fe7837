import Foundation
import Testing
import WarrenBus
import WarrenRules
import WarrenTestSupport

/// Every command that loads a rules file takes `--parameter-overrides` and `--stack`, evaluates a template with
/// `--account`/`--region`, and prints the file's warnings on standard error as `file:line:column: warning: ...`.
@Suite("Commands that load rules files")
struct RulesFileCommandsTests {
    /// A template on `bus` whose rule has a resource-level `Description` (a warning) and a pattern that needs the
    /// `Source` parameter (no Default), the account and the stack name.
    static func template(bus: String) throws -> (path: String, warning: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("warren-cli-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("orders-app.yaml").path
        try """
        Parameters:
          Source: {Type: String}
        Resources:
          Rule:
            Type: AWS::Events::Rule
            Description: not read by Warren
            Properties:
              EventBusName: \(bus)
              EventPattern:
                source: [!Ref Source]
                account: [!Ref AWS::AccountId]
                detail: {stack: [!Ref AWS::StackName]}
              Targets: [{Id: t, Arn: arn:aws:sqs:eu-west-1:123456789012:q}]
        """.write(toFile: path, atomically: true, encoding: .utf8)
        return (path, "\(path):6:5: warning: rule 'Rule': unknown key 'Description' in resource 'Rule' is ignored")
    }

    static let options = ["--account", "123456789012", "--parameter-overrides", "Source=shop"]

    @Test func topologyEvaluatesTheTemplateAndPrintsItsWarnings() async throws {
        let (path, warning) = try Self.template(bus: "orders")
        let run = try await ExecutableProcess.run(
            "warren", ["topology", "--rules", path, "--stack", "checkout"] + Self.options)
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.errors.split(separator: "\n").map(String.init) == [warning])
        #expect(run.output.contains("bindings: shop.*"), "\(run.output)")
        #expect(
            run.output.contains(#"consumer filter: {"account":["123456789012"],"detail":{"stack":["checkout"]}}"#),
            "\(run.output)")

        let missing = try await ExecutableProcess.run("warren", ["topology", "--rules", path])
        #expect(missing.status != 0)
        #expect(
            missing.errors.contains(
                "\(path):10:18: template parameters without a Default need a value: Source (used at line 10); give it "
                    + "with --parameter-overrides Source=VALUE"), "\(missing.errors)")
    }

    @Test func consumersPrintTheWarningsBeforeLookingForTheirTarget() async throws {
        let (path, warning) = try Self.template(bus: "orders")
        let consume = try await ExecutableProcess.run(
            "warren", ["consume", "--rules", path, "--rule", "Missing"] + Self.options)
        #expect(consume.status != 0)
        #expect(consume.errors.contains(warning + "\n"), "\(consume.errors)")
        #expect(consume.errors.contains("has no rule 'Missing'"), "\(consume.errors)")

        let demo = try await ExecutableProcess.run("case1-consumer", ["--rules", path] + Self.options)
        #expect(demo.status != 0)
        #expect(demo.errors.contains(warning + "\n"), "\(demo.errors)")
        #expect(demo.errors.contains("no target whose function handler is 'handler.case1Handler'"), "\(demo.errors)")
    }

    @Test func applyAndTheProducerPrintTheWarningsAndApplyTheEvaluatedRules() async throws {
        let bus = TestBus()
        let (path, warning) = try Self.template(bus: bus.name)
        var context = TemplateContext(account: "123456789012", stackName: "orders-app")
        context.parameterOverrides = ["Source": "shop"]
        let rules = try RulesFileLoader.load(path: path, context: context).rules

        let apply = try await ExecutableProcess.run("warren", ["rules", "apply", path] + Self.options)
        #expect(apply.status == 0, "\(apply.errors)")
        #expect(apply.errors.hasPrefix(warning + "\n"), "\(apply.errors)")
        #expect(apply.output.contains("bus \(bus.name) (stack orders-app): add Rule;"), "\(apply.output)")
        #expect(apply.output.contains("; 1 bindings made, 0 removed"), "\(apply.output)")

        let events = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("events.json").path
        try #"[{"Source": "shop", "DetailType": "t", "Detail": "{}", "EventBusName": "\#(bus.name)"}]"#.write(
            toFile: events, atomically: true, encoding: .utf8)
        let producer = try await ExecutableProcess.run(
            "producer", ["--rules", path, "--events", events] + Self.options)
        #expect(producer.status == 0, "\(producer.errors)")
        #expect(producer.errors.contains(warning + "\n"), "\(producer.errors)")
        #expect(producer.output.contains("FailedEntryCount: 0"), "\(producer.output)")
        await bus.cleanUp(rules)
    }
}
