import Foundation
import Testing
import WarrenBus
import WarrenRules
import WarrenTestSupport

/// A rules file's input options end to end, with the real executables: `warren topology` shows them, `warren rules
/// apply` records them, and `warren consume` prints what the target receives.
@Suite("Input options through the commands")
struct TargetInputCommandsTests {
    @Test func applyThenConsumePrintsTheShapedPayload() async throws {
        let bus = TestBus()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("warren-input-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("shaped.yaml").path
        try """
        buses: [\(bus.name)]
        rules:
          - name: orders
            bus: \(bus.name)
            eventPattern: {source: [shop]}
            targets:
              - id: summary
                inputTransformer:
                  inputPathsMap: {user: $.detail.user, total: $.detail.total}
                  inputTemplate: '{"who": <user>, "total": <total>, "rule": "<aws.events.rule-name>"}'
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let rules = try RulesFileLoader.load(path: path).rules

        let topology = try await ExecutableProcess.run("warren", ["topology", "--rules", path])
        #expect(topology.status == 0, "\(topology.errors)")
        #expect(
            topology.output.contains(
                #"input: InputTransformer InputPathsMap {"total":"$.detail.total","user":"$.detail.user"} "#
                    + #"InputTemplate "{\"who\": <user>, \"total\": <total>, \"rule\": \"<aws.events.rule-name>\"}""#),
            "\(topology.output)")

        let apply = try await ExecutableProcess.run("warren", ["rules", "apply", path])
        #expect(apply.status == 0, "\(apply.errors)")
        let result = try await bus.publisher().putEvents([
            bus.entry(source: "shop", detail: #"{"user": "ann", "total": 12.5}"#)
        ])
        #expect(result.failedEntryCount == 0)

        let consume = try await ExecutableProcess.run(
            "warren", ["consume", "--rules", path, "--rule", "orders", "--skip-apply", "--max-events", "1"])
        #expect(consume.status == 0, "\(consume.errors)")
        #expect(consume.output == #"{"who": "ann", "total": 12.5, "rule": "orders"}"# + "\n")
        await bus.cleanUp(rules)
    }
}
