import Testing
import WarrenRules

/// Keys Warren never reads for routing are warnings; typos of the keys it reads, and unknown keys of rules,
/// patterns and targets, stay errors.
@Suite("Template keys Warren skips")
struct TemplateUnknownKeyTests {
    @Test func keysRoutingNeverReadsAreWarnings() throws {
        let file = try loadRules(
            """
            AWSTemplateFormatVersion: '2010-09-09'
            Transform: AWS::Serverless-2016-10-31
            Globals:
              Function: {Runtime: python3.12, Handler: app.handler, Tracing: Active}
              Api: {Cors: "'*'"}
            Conditions:
              IsProd: !Equals [!Ref AWS::Region, eu-west-1]
            Outputs:
              FnArn: {Value: !GetAtt Fn.Arn}
            Metadata:
              AWS::ServerlessRepo::Application: {Name: app}
            Hooks: {}
            Resources:
              Bus:
                Type: AWS::Events::EventBus
                Description: the orders bus
                Properties:
                  Name: orders
                  Archive: {RetentionDays: 3}
              Fn:
                Type: AWS::Serverless::Function
                DependsOn: Bus
                Metadata: {BuildMethod: makefile}
                Connectors:
                  Write: {Properties: {Destination: {Id: Bus}, Permissions: [Write]}}
                Comment: reads orders
                Properties:
                  CodeUri: src/
                  SnapStart: {ApplyOn: None}
                  Events:
                    OnOrder:
                      Type: EventBridgeRule
                      Properties: {EventBusName: !Ref Bus, Pattern: {source: [shop]}}
              Rule:
                Type: AWS::Events::Rule
                Description: a description where CloudFormation has none
                DependsOn: [Fn]
                Properties:
                  EventPattern: {source: [shop]}
                  Targets: [{Id: t, Arn: !GetAtt Fn.Arn}]
            """)
        #expect(file.rules.map(\.name) == ["FnOnOrder", "Rule"])
        #expect(
            file.warnings.map(\.description) == [
                "rules.yaml:12:1: warning: unknown key 'Hooks' in the template is ignored",
                "rules.yaml:16:5: warning: unknown key 'Description' in resource 'Bus' is ignored",
                "rules.yaml:19:7: warning: unknown key 'Archive' in AWS::Events::EventBus Properties is ignored",
                "rules.yaml:26:5: warning: unknown key 'Comment' in resource 'Fn' is ignored",
                "rules.yaml:36:5: warning: rule 'Rule': unknown key 'Description' in resource 'Rule' is ignored",
            ])
        #expect(file.warnings.allSatisfy { $0.code == .unknownKey && $0.severity == .warning })
    }

    @Test func aTypoOfAKeyWarrenReadsIsStillAnError() {
        #expect(
            problemLines(
                """
                Resorces: {}
                Resources:
                  Bus:
                    Type: AWS::Events::EventBus
                    Propertes: {Name: orders}
                  Other:
                    Type: AWS::Events::EventBus
                    Properties: {Nmae: other}
                  Fn:
                    Type: AWS::Serverless::Function
                    Tpye: AWS::Serverless::Function
                """)
                == [
                    "rules.yaml:1:1: unknown key 'Resorces' in the template; did you mean 'Resources'?",
                    "rules.yaml:5:5: unknown key 'Propertes' in resource 'Bus'; did you mean 'Properties'?",
                    "rules.yaml:8:18: unknown key 'Nmae' in AWS::Events::EventBus Properties; did you mean 'Name'?",
                    "rules.yaml:11:5: unknown key 'Tpye' in resource 'Fn'; did you mean 'Type'?",
                ])
    }

    @Test func keysOfRulesPatternsAndTargetsStayStrict() {
        #expect(
            problemLines(
                """
                Resources:
                  Rule:
                    Type: AWS::Events::Rule
                    Properties:
                      EventPattern: {source: [shop]}
                      Tags: [{Key: team, Value: shop}]
                      Targets:
                        - {Id: t, Arn: arn:aws:sqs:us-east-1:1:q, Priority: 1}
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Events:
                        OnOrder:
                          Type: EventBridgeRule
                          Description: orders
                          Properties: {Pattern: {source: [shop]}, Filter: x}
                """)
                == [
                    "rules.yaml:6:7: rule 'Rule': unknown key 'Tags' in AWS::Events::Rule Properties; expected one of: "
                        + "Description, EventBusName, EventPattern, Name, RoleArn, ScheduleExpression, State, Targets",
                    "rules.yaml:8:51: rule 'Rule': unknown key 'Priority' in target; expected one of: AppSyncParameters, "
                        + "Arn, BatchParameters, DeadLetterConfig, EcsParameters, HttpParameters, Id, Input, InputPath, "
                        + "InputTransformer, KinesisParameters, RedshiftDataParameters, RetryPolicy, RoleArn, "
                        + "RunCommandParameters, SageMakerPipelineParameters, SqsParameters",
                    "rules.yaml:15:11: rule 'FnOnOrder': unknown key 'Description' in event 'OnOrder' of 'Fn'; expected "
                        + "one of: Type, Properties",
                    "rules.yaml:16:51: rule 'FnOnOrder': unknown key 'Filter' in event 'OnOrder' of 'Fn' Properties; "
                        + "expected one of: DeadLetterConfig, Enabled, EventBusName, Input, InputPath, InputTransformer, "
                        + "Pattern, RetryPolicy, RuleName, State, Target",
                ])
    }
}
