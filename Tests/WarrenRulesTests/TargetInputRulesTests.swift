import EventPatterns
import Foundation
import Testing
import WarrenCore
import WarrenRules

/// `input`, `inputPath` and `inputTransformer` in Warren's format, `Input`, `InputPath` and `InputTransformer` in
/// templates: read into `RuleTarget.input`, validated as PutTargets validates them, each problem at its key.
@Suite("Target input options in rules files")
struct TargetInputRulesTests {
    @Test func warrenFormatReadsEachOption() throws {
        let file = try loadRules(
            """
            rules:
              - name: shaped
                eventPattern: {source: [shop]}
                targets:
                  - id: constant
                    input: '{"kind": "order"}'
                  - id: path
                    inputPath: $.detail
                  - id: transformed
                    inputTransformer:
                      inputPathsMap: {who: $.detail.user, items: $.detail.items}
                      inputTemplate: '{"user": <who>, "items": <items>, "rule": "<aws.events.rule-name>"}'
                  - id: quoted
                    inputTransformer:
                      inputTemplate: '"from <aws.events.rule-arn>"'
                  - id: whole
            """)
        #expect(file.warnings.isEmpty)
        #expect(
            file.rules[0].targets.map(\.input) == [
                .constant(#"{"kind": "order"}"#),
                .path("$.detail"),
                .transformer(
                    InputTransformer(
                        inputPathsMap: ["who": "$.detail.user", "items": "$.detail.items"],
                        inputTemplate: #"{"user": <who>, "items": <items>, "rule": "<aws.events.rule-name>"}"#)),
                .transformer(InputTransformer(inputTemplate: #""from <aws.events.rule-arn>""#)),
                .event,
            ])
    }

    /// The example of docs/rules-file.md ("What the target receives") and README's, with their documented outputs.
    @Test func documentedExamplesGiveTheDocumentedPayloads() throws {
        let file = try loadRules(
            """
            rules:
              - name: orders
                eventPattern: {source: [shop]}
                targets:
                  - id: summary
                    inputTransformer:
                      inputPathsMap: {user: $.detail.user, items: $.detail.items}
                      inputTemplate: '{"user": <user>, "items": <items>, "line": "bought by <user>", "rule": "<aws.events.rule-name>"}'
                  - id: text
                    inputTransformer:
                      inputPathsMap: {user: $.detail.user}
                      inputTemplate: '"<user> placed an order"'
              - name: big-orders
                eventPattern: {source: [shop]}
                targets:
                  - id: summary
                    inputTransformer:
                      inputPathsMap: {user: $.detail.user, total: $.detail.amount}
                      inputTemplate: '{"who": <user>, "total": <total>, "rule": "<aws.events.rule-name>"}'
            """)
        func payload(_ rule: Int, _ target: Int, _ event: String) throws -> String {
            let rule = file.rules[rule]
            let compiled = try CompiledTargetInput(rule.targets[target].input, targetID: rule.targets[target].id)
            let context = TargetInputContext(
                ruleARN: "arn:aws:events:us-east-1:000000000000:rule/\(rule.name)", ruleName: rule.name,
                ingestionTime: Date())
            return String(decoding: try compiled.payload(forEvent: JSONValue(parsing: event), context: context).get(), as: UTF8.self)
        }
        let event = #"{"source": "shop", "detail": {"user": "ann", "items": [1, 2]}}"#
        #expect(try payload(0, 0, event) == #"{"user": "ann", "items": [1,2], "line": "bought by ann", "rule": "orders"}"#)
        #expect(try payload(0, 1, event) == #""ann placed an order""#)
        #expect(
            try payload(1, 0, #"{"detail": {"user": "ann", "amount": 150}}"#)
                == #"{"who": "ann", "total": 150, "rule": "big-orders"}"#)
    }

    @Test func warrenFormatReportsEachProblemAtItsKeyWithAWSMessage() {
        let lines = problemLines(
            """
            rules:
              - name: shaped
                eventPattern: {source: [shop]}
                targets:
                  - id: both
                    input: '{"a": 1}'
                    inputPath: $.detail
                  - id: undefined
                    inputTransformer:
                      inputPathsMap: {who: $.detail.user}
                      inputTemplate: '{"user": <who>, "age": <age>}'
                  - id: reserved
                    inputTransformer:
                      inputPathsMap:
                        ok: $.detail
                        aws.mine: $.detail.x
                      inputTemplate: '{"ok": <ok>}'
                  - id: not-json
                    input: '{kind: order}'
                  - id: key
                    inputTransformer:
                      inputPathsMap: {k: $.detail.k}
                      inputTemplate: '{<k>: 1}'
              - name: more
                eventPattern: {source: [shop]}
                targets:
                  - id: no-template
                    inputTransformer: {inputPathsMap: {k: $.k}}
            """)
        #expect(
            lines == [
                "rules.yaml:7:9: rule 'shaped': Only one of Input, InputPath, or InputTransformer must be provided for "
                    + "target both.",
                "rules.yaml:11:11: rule 'shaped': InputTemplate for target undefined contains invalid placeholder age.",
                "rules.yaml:16:13: rule 'shaped': InputPathsMap for target reserved contains reserved name aws.mine: "
                    + "names may not start with \"aws.\".",
                "rules.yaml:19:9: rule 'shaped': Input for target not-json is not a valid JSON text.",
                "rules.yaml:23:11: rule 'shaped': InputTemplate for target key uses placeholder k in an object key; a "
                    + "placeholder cannot be used as an object key.",
                "rules.yaml:28:27: rule 'more': inputTransformer is missing required key 'inputTemplate'",
            ])
        let codes = problems(
            """
            rules:
              - name: r
                eventPattern: {source: [shop]}
                targets: [{id: t, input: '1', inputPath: $.a, inputTransformer: {inputTemplate: '1', inputPaths: {}}}]
            """
        ).map { "\($0.code) \($0.column)" }
        #expect(
            codes == [
                "invalidTargetInput 35",  // two options: at the second, inputPath
                "unknownKey 90",  // inputPaths, with the closest known key
            ])
    }

    @Test func warnsWhenEveryDeliveryWouldFail() throws {
        let file = try loadRules(
            """
            rules:
              - name: listed
                eventPattern: {source: [shop]}
                targets:
                  - id: t
                    inputTransformer:
                      inputPathsMap: {v: $.detail.v}
                      inputTemplate: <v> single list item
            """)
        #expect(
            file.rules[0].targets[0].input
                == .transformer(InputTransformer(inputPathsMap: ["v": "$.detail.v"], inputTemplate: "<v> single list item")))
        #expect(
            file.warnings.map(\.description) == [
                "rules.yaml:8:11: warning: rule 'listed': target 't': InputTemplate is neither JSON nor a quoted string, "
                    + "so it cannot produce input to deliver; every matching event will go to the dead-letter queue "
                    + "with ERROR_CODE INPUT_TEMPLATE_NOT_JSON"
            ])
        #expect(file.warnings.map(\.code) == [.undeliverableInput])
    }

    @Test func templatesReadInputOptionsOfRuleTargetsAndSAMEvents() throws {
        let file = try loadRules(
            """
            Parameters:
              Channel: {Type: String, Default: ops}
            Resources:
              Rule:
                Type: AWS::Events::Rule
                Properties:
                  EventPattern: {source: [shop]}
                  Targets:
                    - Id: constant
                      Arn: arn:aws:sqs:us-east-1:123456789012:q
                      Input: '{"kind": "order"}'
                    - Id: transformed
                      Arn: arn:aws:sqs:us-east-1:123456789012:q
                      InputTransformer:
                        InputPathsMap: {user: !Sub "$.detail.user"}
                        InputTemplate: !Sub '"<user> ordered; tell ${Channel}"'
              ConsumerFn:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: index.handler
                  Events:
                    Bridge:
                      Type: EventBridgeRule
                      Properties:
                        Pattern: {source: [shop]}
                        InputTransformer:
                          InputPathsMap: {id: $.id}
                          InputTemplate: '{"event": <id>}'
                    Watch:
                      Type: CloudWatchEvent
                      Properties:
                        Pattern: {source: [shop]}
                        InputPath: $.detail
            """)
        #expect(file.warnings.isEmpty, "\(file.warnings)")
        #expect(
            file.rules.flatMap(\.targets).map(\.input) == [
                .constant(#"{"kind": "order"}"#),
                .transformer(
                    InputTransformer(inputPathsMap: ["user": "$.detail.user"], inputTemplate: #""<user> ordered; tell ops""#)),
                .transformer(InputTransformer(inputPathsMap: ["id": "$.id"], inputTemplate: #"{"event": <id>}"#)),
                .path("$.detail"),
            ])
    }

    @Test func templatesReportProblemsAtTheirKeys() {
        let lines = problemLines(
            """
            Resources:
              Rule:
                Type: AWS::Events::Rule
                Properties:
                  EventPattern: {source: [shop]}
                  Targets:
                    - Id: t
                      Arn: arn:aws:sqs:us-east-1:123456789012:q
                      Input: '{}'
                      InputTransformer: {InputTemplate: '{"a": <a>}', InputPathsMap: {}}
              ConsumerFn:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: index.handler
                  Events:
                    Bridge:
                      Type: EventBridgeRule
                      Properties:
                        Pattern: {source: [shop]}
                        InputPath: !ImportValue shared-path
                        InputTransformer:
                          InputPathsMap: {aws.id: $.id}
                          InputTemplat: '{}'
            """)
        #expect(
            lines == [
                "rules.yaml:10:11: rule 'Rule': Only one of Input, InputPath, or InputTransformer must be provided for "
                    + "target t.",
                "rules.yaml:10:30: rule 'Rule': InputTemplate for target t contains invalid placeholder a.",
                "rules.yaml:20:24: rule 'ConsumerFnBridge': 'InputPath' cannot be evaluated without deploying the "
                    + "template: !ImportValue can only be evaluated by deploying the template",
                "rules.yaml:23:15: rule 'ConsumerFnBridge': unknown key 'InputTemplat' in InputTransformer; did you mean "
                    + "'InputTemplate'?",
            ])
    }
}
