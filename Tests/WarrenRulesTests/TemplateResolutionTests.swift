import EventPatterns
import Testing
import WarrenCore
import WarrenRules

/// What a template's functions evaluate to without deploying it: pseudo parameters from the context, parameters
/// with their overrides, and resources as the names and ARNs EventBridge would see.
@Suite("Template values")
struct TemplateResolutionTests {
    static let context = TemplateContext(
        account: "123456789012", region: "eu-west-1", stackName: "shop", parameterOverrides: [:])

    static func load(
        _ yaml: String, context: TemplateContext = context, path: String = "template.yaml"
    ) throws(RulesFileError) -> RulesFile {
        try RulesFileLoader.parse(yaml: yaml, path: path, context: context)
    }

    static func failures(_ yaml: String, context: TemplateContext = context) -> [String] {
        do {
            _ = try load(yaml, context: context)
            Issue.record("the template loaded, but problems were expected")
            return []
        } catch {
            return error.problems.map(\.description)
        }
    }

    @Test func pseudoParametersComeFromTheContext() throws {
        let file = try Self.load(
            """
            Resources:
              Rule:
                Type: AWS::Events::Rule
                Properties:
                  EventPattern:
                    account: [!Ref AWS::AccountId]
                    region: [!Ref "AWS::Region"]
                    detail:
                      stack: [!Ref AWS::StackName]
                      arn: [!Sub "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:q"]
                      host: [!Sub "sqs.${AWS::Region}.${AWS::URLSuffix}"]
                      long: [{Ref: AWS::AccountId}]
                      literal: [!Sub "${!AWS::Region}"]
            """)
        #expect(
            file.rules[0].eventPattern.serialized()
                == #"{"account":["123456789012"],"region":["eu-west-1"],"detail":{"stack":["shop"],"#
                + #""arn":["arn:aws:sqs:eu-west-1:123456789012:q"],"host":["sqs.eu-west-1.amazonaws.com"],"#
                + #""long":["123456789012"],"literal":["${AWS::Region}"]}}"#)
        #expect(file.warnings.isEmpty)
    }

    @Test func theStackIsNamedAfterTheFileByDefaultAndPartitionsFollowTheRegion() throws {
        let yaml = """
            Resources:
              Rule:
                Type: AWS::Events::Rule
                Properties:
                  EventPattern: !Sub '{"source": ["${AWS::StackName}"], "detail": {"p": ["${AWS::Partition}"], "u": ["${AWS::URLSuffix}"]}}'
            """
        let file = try Self.load(yaml, context: TemplateContext(region: "cn-north-1"), path: "/x/orders-prod.yaml")
        #expect(
            file.rules[0].eventPattern.serialized()
                == #"{"source":["orders-prod"],"detail":{"p":["aws-cn"],"u":["amazonaws.com.cn"]}}"#)
        #expect(TemplateContext(region: "us-gov-west-1").partition == "aws-us-gov")
        #expect(TemplateContext().account == "000000000000" && TemplateContext().region == "us-east-1")
    }

    @Test func resourcesAreTheNamesAndARNsEventBridgeWouldSee() throws {
        let file = try Self.load(
            """
            Resources:
              Uploads:
                Type: AWS::S3::Bucket
                Properties:
                  BucketName: !Sub "${AWS::StackName}-uploads-${AWS::AccountId}"
              Jobs:
                Type: AWS::SQS::Queue
                Properties: {QueueName: jobs}
              Alerts:
                Type: AWS::SNS::Topic
                Properties: {TopicName: alerts}
              Worker:
                Type: AWS::Serverless::Function
                Properties: {FunctionName: !Sub "${AWS::StackName}-worker", Handler: app.handler}
              Flow:
                Type: AWS::StepFunctions::StateMachine
                Properties: {StateMachineName: flow}
              Orders:
                Type: AWS::DynamoDB::Table
                Properties: {TableName: orders}
              Bus:
                Type: AWS::Events::EventBus
                Properties: {Name: orders}
              Rule:
                Type: AWS::Events::Rule
                Properties:
                  EventPattern:
                    resources:
                      - !GetAtt Uploads.Arn
                      - !GetAtt Jobs.Arn
                      - !Ref Alerts
                      - !GetAtt Worker.Arn
                      - !Ref Flow
                      - !Sub "${Orders.Arn}/stream"
                      - !GetAtt Bus.Arn
                      - Fn::GetAtt: [Jobs, QueueUrl]
                    detail:
                      bucket: {name: [!Ref Uploads]}
                      queue: [!Ref Jobs]
                      function: [!Ref Worker]
                      table: [!Ref Orders]
                      bus: [!Ref Bus]
                      key: [{prefix: !Sub "${Uploads}/in/"}]
            """)
        #expect(
            file.rules[0].eventPattern
                == (try pattern(
                    """
                    {"resources": ["arn:aws:s3:::shop-uploads-123456789012", "arn:aws:sqs:eu-west-1:123456789012:jobs",
                      "arn:aws:sns:eu-west-1:123456789012:alerts",
                      "arn:aws:lambda:eu-west-1:123456789012:function:shop-worker",
                      "arn:aws:states:eu-west-1:123456789012:stateMachine:flow",
                      "arn:aws:dynamodb:eu-west-1:123456789012:table/orders/stream",
                      "arn:aws:events:eu-west-1:123456789012:event-bus/orders",
                      "https://sqs.eu-west-1.amazonaws.com/123456789012/jobs"],
                     "detail": {"bucket": {"name": ["shop-uploads-123456789012"]},
                      "queue": ["https://sqs.eu-west-1.amazonaws.com/123456789012/jobs"], "function": ["shop-worker"],
                      "table": ["orders"], "bus": ["orders"], "key": [{"prefix": "shop-uploads-123456789012/in/"}]}}
                    """)))
        #expect(file.warnings.isEmpty)
    }

    @Test func aResourceWithoutANameIsNamedByItsLogicalIDWithAWarning() throws {
        let file = try Self.load(
            """
            Resources:
              Inbox:
                Type: AWS::SQS::Queue
                Properties: {FifoQueue: true}
              Handler:
                Type: AWS::Lambda::Function
              Rule:
                Type: AWS::Events::Rule
                Properties:
                  EventPattern:
                    resources: [!GetAtt Inbox.Arn, !GetAtt Handler.Arn]
                  Targets:
                    - Id: !Ref Handler
                      Arn: !GetAtt Handler.Arn
                      DeadLetterConfig: {Arn: !Ref Inbox}
            """)
        let rule = try #require(file.rules.first)
        #expect(
            rule.eventPattern.serialized()
                == #"{"resources":["arn:aws:sqs:eu-west-1:123456789012:Inbox.fifo","#
                + #""arn:aws:lambda:eu-west-1:123456789012:function:Handler"]}"#)
        #expect(rule.targets == [RuleTarget(id: "Handler", deadLetterQueue: "Inbox.fifo")])
        #expect(
            file.warnings.map(\.description) == [
                "template.yaml:11:21: warning: rule 'Rule': in an event pattern, 'Inbox' has no QueueName, so "
                    + "!GetAtt Inbox.Arn takes its name to be 'Inbox.fifo' (a deployed stack generates one)",
                "template.yaml:11:40: warning: rule 'Rule': in an event pattern, 'Handler' has no FunctionName, so "
                    + "!GetAtt Handler.Arn takes its name to be 'Handler' (a deployed stack generates one)",
            ])
        #expect(file.warnings.allSatisfy { $0.code == .unresolvedReference && $0.severity == .warning })
    }

    @Test func rulesAndTargetsMayReferToResources() throws {
        let file = try Self.load(
            """
            Resources:
              Bus:
                Type: AWS::Events::EventBus
                Properties: {Name: !Sub "${AWS::StackName}-orders"}
              DLQ:
                Type: AWS::SQS::Queue
                Properties: {QueueName: !Sub "${AWS::StackName}-dlq"}
              Fn:
                Type: AWS::Serverless::Function
                Properties:
                  FunctionName: notify
                  Events:
                    OnOrder:
                      Type: EventBridgeRule
                      Properties:
                        EventBusName: !Sub "arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/${Bus}"
                        RuleName: !Sub "${AWS::StackName}-on-order"
                        Target: {Id: !Sub "${Fn}-target"}
                        Pattern: {source: [shop]}
              ByArn:
                Type: AWS::Events::Rule
                Properties:
                  Name: !Join ["-", [!Ref AWS::StackName, by, arn]]
                  Description: !Sub "Orders on ${Bus} in ${AWS::Region}"
                  EventBusName: !GetAtt Bus.Arn
                  EventPattern: {source: [shop]}
                  Targets:
                    - Id: !Select [1, !Split [",", "a,dlq-target"]]
                      Arn: !GetAtt Fn.Arn
                      DeadLetterConfig: {Arn: !GetAtt DLQ.Arn}
            """)
        #expect(file.buses == ["default", "shop-orders"])
        #expect(file.rules.map(\.name) == ["shop-on-order", "shop-by-arn"])
        #expect(file.rules.map(\.eventBusName) == ["shop-orders", "shop-orders"])
        #expect(file.rules[1].description == "Orders on shop-orders in eu-west-1")
        #expect(file.rules.map { $0.targets.map(\.id) } == [["notify-target"], ["dlq-target"]])
        #expect(file.rules[1].targets[0].deadLetterQueue == "shop-dlq")
        #expect(file.origins.values.map(\.logicalID) == ["Fn", "Fn"])
        #expect(file.warnings.isEmpty)
    }

    @Test func parameterOverridesWinOverDefaults() throws {
        let yaml = """
            Parameters:
              Stage: {Type: String, Default: dev}
              Sources: {Type: CommaDelimitedList, Default: "shop,billing"}
              Retries: {Type: Number, Default: 3}
            Resources:
              Rule:
                Type: AWS::Events::Rule
                Properties:
                  EventPattern:
                    source: !Ref Sources
                    detail: {stage: [!Ref Stage], first: [!Select [0, !Ref Sources]]}
                  Targets:
                    - Id: t
                      Arn: arn:aws:sqs:eu-west-1:123456789012:q
                      RetryPolicy: {MaximumRetryAttempts: !Ref Retries}
            """
        let defaults = try Self.load(yaml)
        #expect(
            defaults.rules[0].eventPattern.serialized()
                == #"{"source":["shop","billing"],"detail":{"stage":["dev"],"first":["shop"]}}"#)
        var context = Self.context
        context.parameterOverrides = ["Stage": "prod", "Sources": "returns", "Retries": "9"]
        let overridden = try Self.load(yaml, context: context)
        #expect(
            overridden.rules[0].eventPattern.serialized()
                == #"{"source":["returns"],"detail":{"stage":["prod"],"first":["returns"]}}"#)
        #expect(overridden.rules[0].targets[0].retryPolicy.maximumRetryAttempts == 9)
    }

    @Test func everyParameterWithoutAValueIsListedInOneError() throws {
        let yaml = """
            Parameters:
              Stage: {Type: String}
              Bus: {Type: String}
              Unused: {Type: String}
              Name: {Type: String}
            Resources:
              Rule:
                Type: AWS::Events::Rule
                Properties:
                  Name: !Ref Name
                  EventBusName: !Ref Bus
                  EventPattern:
                    source: [!Sub "${Stage}.shop"]
                    detail-type: [!Ref Stage]
            """
        #expect(
            Self.failures(yaml) == [
                "template.yaml:11:21: template parameters without a Default need a value: Bus (used at line 11), Stage "
                    + "(used at line 13); give them with --parameter-overrides Bus=VALUE Stage=VALUE"
            ])
        var context = Self.context
        context.parameterOverrides = ["Stage": "prod", "Bus": "orders"]
        let file = try Self.load(yaml, context: context)
        #expect(file.rules.map(\.eventBusName) == ["orders"])
        #expect(file.rules.map(\.name) == ["Rule"])
        #expect(
            file.warnings.map(\.description) == [
                "template.yaml:10:13: warning: rule 'Rule': 'Name' cannot be evaluated (parameter 'Name' has no "
                    + "Default and no override); the rule is named 'Rule'"
            ])
    }

    @Test func anOverrideMustNameAParameter() {
        var context = Self.context
        context.parameterOverrides = ["Stgae": "prod", "Other": "x"]
        #expect(
            Self.failures(
                """
                Parameters:
                  Stage: {Type: String, Default: dev}
                Resources: {}
                """, context: context)
                == [
                    "template.yaml: --parameter-overrides names 'Other', which is not a parameter of the template; its "
                        + "parameters: Stage",
                    "template.yaml: --parameter-overrides names 'Stgae', which is not a parameter of the template; did "
                        + "you mean 'Stage'?",
                ])
    }

    @Test func overridesAreIgnoredWithAWarningInWarrensFormat() throws {
        let file = try RulesFileLoader.parse(
            yaml: "rules: []", path: "rules.yaml", context: TemplateContext(parameterOverrides: ["A": "1"]))
        #expect(
            file.warnings.map(\.description) == [
                "rules.yaml: warning: parameter overrides are ignored: this is a Warren rules file, not a template"
            ])
    }

    @Test func mappingsAreLookedUpWithTheRegion() throws {
        let file = try Self.load(
            """
            Mappings:
              Regions:
                eu-west-1: {Team: dublin, Sources: [a, b]}
                us-east-1: {Team: virginia}
            Resources:
              Rule:
                Type: AWS::Events::Rule
                Properties:
                  EventPattern:
                    source: !FindInMap [Regions, !Ref AWS::Region, Sources]
                    detail: {team: [!FindInMap [Regions, !Ref "AWS::Region", Team]]}
            """)
        #expect(file.rules[0].eventPattern.serialized() == #"{"source":["a","b"],"detail":{"team":["dublin"]}}"#)
        #expect(
            Self.failures(
                """
                Mappings: {Regions: {us-east-1: {Team: virginia}}}
                Resources:
                  Rule:
                    Type: AWS::Events::Rule
                    Properties:
                      EventPattern: {detail: {team: [!FindInMap [Regions, !Ref AWS::Region, Team]]}}
                """)
                == [
                    "template.yaml:6:38: rule 'Rule': !FindInMap in an event pattern: !FindInMap: Mappings has no "
                        + "Regions > eu-west-1 > Team"
                ])
    }

    @Test func namesThatReferToEachOtherAreReportedNotFollowedForever() {
        #expect(
            Self.failures(
                """
                Resources:
                  A:
                    Type: AWS::SQS::Queue
                    Properties: {QueueName: !Sub "${B.QueueName}-a"}
                  B:
                    Type: AWS::SQS::Queue
                    Properties: {QueueName: !Sub "${A.QueueName}-b"}
                  Rule:
                    Type: AWS::Events::Rule
                    Properties:
                      EventPattern: {resources: [!GetAtt A.Arn]}
                """)
                == [
                    "template.yaml:11:34: rule 'Rule': !GetAtt in an event pattern: !GetAtt A.QueueName needs the "
                        + "name of 'A': the name of 'A' refers to itself"
                ])
    }

    @Test func parametersReadFromParameterStoreAreOnlyKnownOnceDeployed() {
        #expect(
            Self.failures(
                """
                Parameters:
                  Source: {Type: "AWS::SSM::Parameter::Value<String>", Default: /shop/source}
                Resources:
                  Rule:
                    Type: AWS::Events::Rule
                    Properties:
                      EventPattern: {source: [!Ref Source]}
                """)
                == [
                    "template.yaml:7:31: rule 'Rule': !Ref in an event pattern: parameter 'Source' "
                        + "(AWS::SSM::Parameter::Value<String>) is read from Systems Manager Parameter Store when the "
                        + "stack is deployed"
                ])
    }
}
