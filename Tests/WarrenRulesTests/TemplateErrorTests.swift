import EventPatterns
import Testing
import WarrenRules

/// Problems in CloudFormation and SAM templates, with the CloudFormation key names.
@Suite("Template errors")
struct TemplateErrorTests {
    @Test func typosInThePartsThatMakeRulesAreErrors() {
        #expect(
            problemLines(
                """
                Resources:
                  Approved:
                    Type: AWS::Events::Rule
                    Propertes: {}
                  Rejected:
                    Type: AWS::Events::Rule
                    Properties:
                      EventPatern: {source: [a]}
                      State: ENABLE
                      Targets:
                        - Id: t
                          Arn: arn:aws:lambda:us-east-1:1:function:f
                          RetryPolicy: {MaximumRetryAttempts: 1, MaximumEventAge: 60}
                  Typo:
                    Type: AWS::Events::Rules
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: index.handler
                      Events:
                        OnOrder:
                          Type: CloudWatchEvents
                          Properties: {Pattern: {source: [a]}}
                        OnRefund:
                          Type: EventBridgeRule
                          Properties:
                            Pattern: {source: [a]}
                            Enabled: true
                            State: ENABLED
                            Targt: {Id: x}
                """)
                == [
                    "rules.yaml:4:5: rule 'Approved': unknown key 'Propertes' in resource 'Approved'; did you mean "
                        + "'Properties'?",
                    "rules.yaml:8:7: rule 'Rejected': unknown key 'EventPatern' in AWS::Events::Rule Properties; did you "
                        + "mean 'EventPattern'?",
                    "rules.yaml:9:14: rule 'Rejected': State must be ENABLED or DISABLED, found 'ENABLE'; did you mean "
                        + "'ENABLED'?",
                    "rules.yaml:13:50: rule 'Rejected': unknown key 'MaximumEventAge' in RetryPolicy; did you mean "
                        + "'MaximumEventAgeInSeconds'?",
                    "rules.yaml:15:11: unknown resource type 'AWS::Events::Rules'; did you mean 'AWS::Events::Rule'?",
                    "rules.yaml:22:17: rule 'FnOnOrder': unknown event Type 'CloudWatchEvents'; did you mean "
                        + "'CloudWatchEvent'?",
                    "rules.yaml:28:22: rule 'FnOnRefund': specify either Enabled or State, not both",
                    "rules.yaml:30:13: rule 'FnOnRefund': unknown key 'Targt' in event 'OnRefund' of 'Fn' Properties; did "
                        + "you mean 'Target'?",
                ])
    }

    @Test func valuesThatOnlyADeploymentKnowsAreErrorsWhereTheyMatter() {
        let found = problems(
            """
            Parameters:
              Unset: {Type: String}
            Resources:
              Queue:
                Type: AWS::SQS::Queue
              Table:
                Type: AWS::DynamoDB::Table
              Group:
                Type: AWS::EC2::SecurityGroup
              Rule:
                Type: AWS::Events::Rule
                Properties:
                  EventBusName: !ImportValue shared-bus
                  EventPattern:
                    source: [!Ref Unset]
                    account: [!Ref "AWS::StackId"]
                    resources: [!GetAtt Table.StreamArn]
                    detail: {group: [!Ref Group], region: [!Ref AWS::Regoin]}
                  Targets:
                    - Id: !If [IsProd, a, b]
                      Arn: arn:aws:sqs:us-east-1:1:q
                      DeadLetterConfig: {Arn: !Sub "arn:aws:sqs:${AWS::Region}:${AWS::StackId}:dlq"}
              OnQueue:
                Type: AWS::Events::Rule
                Properties:
                  EventBusName: !Ref Queue
                  EventPattern: !Sub '{"source": ["${Unset}"]}'
            """)
        #expect(
            found.map(\.description) == [
                "rules.yaml:13:21: rule 'Rule': EventBusName cannot be evaluated without deploying the template: "
                    + "!ImportValue can only be evaluated by deploying the template",
                "rules.yaml:15:18: template parameters without a Default need a value: Unset (used at line 15); give "
                    + "it with --parameter-overrides Unset=VALUE",
                "rules.yaml:16:19: rule 'Rule': !Ref in an event pattern: the pseudo parameter AWS::StackId is only "
                    + "known once the stack is deployed",
                "rules.yaml:17:21: rule 'Rule': !GetAtt in an event pattern: the value of !GetAtt Table.StreamArn "
                    + "(AWS::DynamoDB::Table) is only known once the stack is deployed",
                "rules.yaml:18:26: rule 'Rule': !Ref in an event pattern: the value of !Ref Group "
                    + "(AWS::EC2::SecurityGroup) is only known once the stack is deployed",
                "rules.yaml:18:48: rule 'Rule': !Ref in an event pattern: AWS::Regoin is not a pseudo parameter",
                "rules.yaml:20:15: rule 'Rule': target 'Id' cannot be evaluated without deploying the template: !If "
                    + "depends on the template's Conditions, which Warren does not evaluate",
                "rules.yaml:22:35: rule 'Rule': DeadLetterConfig Arn cannot be evaluated without deploying the template: "
                    + "the pseudo parameter AWS::StackId is only known once the stack is deployed",
                "rules.yaml:26:21: rule 'OnQueue': EventBusName refers to 'Queue' (AWS::SQS::Queue), not to an "
                    + "AWS::Events::EventBus",
            ])
        #expect(
            found.allSatisfy { [.unresolvedReference, .invalidValue, .missingParameter].contains($0.code) })
    }

    @Test func aTemplatePatternReportsAWSReasonAtItsLine() {
        #expect(
            problemLines(
                """
                Resources:
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Events:
                        Trigger:
                          Type: CloudWatchEvent
                          Properties:
                            Pattern:
                              detail:
                                location:
                                  - "prefix": 5
                        Other:
                          Type: EventBridgeRule
                          Properties: {}
                """)
                == [
                    "rules.yaml:12:31: rule 'FnTrigger': Event pattern is not valid. Reason: prefix match pattern must be "
                        + "a string",
                    "rules.yaml:15:23: rule 'FnOther': event 'Other' of 'Fn' Properties is missing required key 'Pattern'",
                ])
    }

    @Test func duplicateRuleNamesAcrossResourcesAndEvents() {
        #expect(
            problemLines(
                """
                Resources:
                  First:
                    Type: AWS::Events::Rule
                    Properties: {Name: FnTrigger, EventPattern: {source: [a]}}
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Events:
                        Trigger: {Type: EventBridgeRule, Properties: {Pattern: {source: [b]}}}
                """)
                == [
                    "rules.yaml:9:9: rule 'FnTrigger': a rule named 'FnTrigger' is already defined on bus 'default' "
                        + "(at line 4)"
                ])
    }
}
