import ArgumentParser
import Foundation
import Testing
import WarrenBus
@testable import WarrenCommands
import WarrenRules

/// `--parameter-overrides` and `--stack`, shared by the commands that load rules files.
@Suite("Rules file options")
struct RulesFileOptionsTests {
    @Test func parameterOverridesAreReadAsSamDeployReadsThem() throws {
        #expect(
            try RulesFileOptions.parse(parameterOverrides: [
                "Stage=prod", "Bus=orders Retries=3", #"Description="a b \"c\"""#,
                "ParameterKey=Env,ParameterValue=test", "Url=https://x.example/?a=b", "Stage=dev", "Empty=",
            ])
                == [
                    "Stage": "dev", "Bus": "orders", "Retries": "3", "Description": #"a b "c""#, "Env": "test",
                    "Url": "https://x.example/?a=b", "Empty": "",
                ])
        #expect(try RulesFileOptions.parse(parameterOverrides: []) == [:])
    }

    @Test(arguments: [
        ("Stage", "expected Key=Value, found 'Stage'"),
        ("Description=hello world", "expected Key=Value, found 'world'"),
        ("Sta-ge=x", "'Sta-ge' is not a parameter name (letters and digits only)"),
        (#"Text="open"#, "the value of 'Text' has no closing quote"),
        ("ParameterKey=Env,Value=x", "expected ParameterKey=Key,ParameterValue=Value, found 'ParameterKey=Env,Value=x'"),
    ])
    func badParameterOverridesSayWhatIsWrong(argument: String, message: String) {
        #expect {
            _ = try RulesFileOptions.parse(parameterOverrides: [argument])
        } throws: { error in
            "\(error)".contains(message)
        }
    }

    @Test func theStackIsNamedAfterTheFileUnlessGiven() throws {
        let options = try RulesFileOptions.parse([])
        #expect(options.stackName(for: "/tmp/x/orders.template.yaml") == "orders.template")
        #expect(options.stackName(for: "rules.yml") == "rules")
        #expect(options.stackName(for: "dir/my stack (v2)+é.yaml") == "my-stack--v2---")
        #expect(options.stackName(for: String(repeating: "a", count: 100) + ".yaml") == String(repeating: "a", count: 64))
        let given = try RulesFileOptions.parse(["--stack", "orders-prod", "--parameter-overrides", "A=1", "B=2"])
        #expect(given.stackName(for: "template.yaml") == "orders-prod")
        let context = try given.context(
            for: "template.yaml", settings: EventBusSettings(account: "123456789012", region: "eu-west-1"))
        #expect(
            context
                == TemplateContext(
                    account: "123456789012", region: "eu-west-1", stackName: "orders-prod",
                    parameterOverrides: ["A": "1", "B": "2"]))
    }

    @Test func aStackNameOutsideTheNamingRulesIsRefused() {
        #expect(throws: (any Error).self) { try RulesFileOptions.parse(["--stack", "a b"]) }
        #expect(throws: (any Error).self) {
            try RulesFileOptions.parse(["--stack", String(repeating: "s", count: 65)])
        }
        #expect(throws: (any Error).self) { try RulesFileOptions.parse(["--parameter-overrides", "A"]) }
    }

    @Test func loadingATemplateUsesTheOptionsAndKeepsItsWarnings() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("warren-options-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("orders.yaml").path
        try """
        Parameters:
          Source: {Type: String}
        Resources:
          Rule:
            Type: AWS::Events::Rule
            Description: not a resource attribute
            Properties:
              EventPattern:
                source: [!Ref Source]
                account: [!Ref AWS::AccountId]
                detail: {stack: [!Ref AWS::StackName]}
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let options = try RulesFileOptions.parse(["--parameter-overrides", "Source=shop"])
        let file = try options.load(
            path: path, settings: EventBusSettings(account: "123456789012", region: "eu-west-1"), bus: "isolated")
        #expect(file.rules.map(\.eventBusName) == ["isolated"])
        #expect(
            file.rules.first?.eventPattern.serialized()
                == #"{"source":["shop"],"account":["123456789012"],"detail":{"stack":["orders"]}}"#)
        #expect(
            file.warnings.map(\.description) == [
                "\(path):6:5: warning: rule 'Rule': unknown key 'Description' in resource 'Rule' is ignored"
            ])
    }
}
