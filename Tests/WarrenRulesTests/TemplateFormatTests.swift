import EventPatterns
import Testing
import WarrenCore
import WarrenRules

@Suite("CloudFormation and SAM templates")
struct TemplateFormatTests {
    @Test func readsAnEventsRuleWithEveryField() throws {
        let file = try loadRules(
            """
            AWSTemplateFormatVersion: '2010-09-09'
            Transform: AWS::Serverless-2016-10-31
            Globals:
              Function:
                Handler: index.handler
                Timeout: 3
            Resources:
              OrdersBus:
                Type: AWS::Events::EventBus
                Properties:
                  Name: orders
              OrdersDLQ:
                Type: AWS::SQS::Queue
                Properties:
                  QueueName: orders-dlq
              ConsumerFn:
                Type: AWS::Serverless::Function
                Properties:
                  CodeUri: consumer/
                  Runtime: nodejs18.x
              OrderRule:
                Type: AWS::Events::Rule
                Properties:
                  Name: order-placed
                  Description: Orders placed
                  EventBusName: !Ref OrdersBus
                  State: DISABLED
                  RoleArn: !GetAtt Role.Arn
                  EventPattern:
                    source: [shop.orders]
                    detail-type: [OrderPlaced]
                  Targets:
                    - Id: consumer
                      Arn: !GetAtt ConsumerFn.Arn
                      RetryPolicy:
                        MaximumRetryAttempts: 4
                        MaximumEventAgeInSeconds: 600
                      DeadLetterConfig:
                        Arn: !GetAtt OrdersDLQ.Arn
                    - Id: elsewhere
                      Arn: arn:aws:lambda:us-east-1:123456789012:function:elsewhere
                      DeadLetterConfig:
                        Arn: arn:aws:sqs:us-east-1:123456789012:literal-dlq
              Role:
                Type: AWS::IAM::Role
                Properties:
                  AssumeRolePolicyDocument: {}
            """)
        #expect(file.shape == .cloudFormation)
        #expect(file.buses == ["default", "orders"])
        #expect(file.warnings.isEmpty)
        let rule = try #require(file.rules.first)
        #expect(file.rules.count == 1)
        #expect(rule.name == "order-placed")
        #expect(rule.eventBusName == "orders")
        #expect(rule.description == "Orders placed")
        #expect(rule.state == .disabled)
        #expect(rule.eventPattern == (try pattern(#"{"source":["shop.orders"],"detail-type":["OrderPlaced"]}"#)))
        #expect(
            rule.targets == [
                RuleTarget(
                    id: "consumer", retryPolicy: RetryPolicy(maximumRetryAttempts: 4, maximumEventAgeInSeconds: 600),
                    deadLetterQueue: "orders-dlq"),
                RuleTarget(id: "elsewhere", deadLetterQueue: "literal-dlq"),
            ])
        #expect(
            file.origins == [
                RuleTargetReference(busName: "orders", ruleName: "order-placed", targetID: "consumer"): TargetOrigin(
                    logicalID: "ConsumerFn", resourceType: "AWS::Serverless::Function", handler: "index.handler")
            ])
        #expect(file.references(handler: "index.handler").map(\.targetID) == ["consumer"])
    }

    @Test func namesRulesAfterTheirLogicalIDAndDeclaresBusesFoundElsewhere() throws {
        let file = try loadRules(
            """
            Resources:
              Plain:
                Type: AWS::Events::Rule
                Properties:
                  EventBusName: partner-bus
                  EventPattern: '{"source": ["a"]}'
              ByARN:
                Type: AWS::Events::Rule
                Properties:
                  EventBusName: arn:aws:events:eu-west-1:123456789012:event-bus/audit
                  EventPattern: {source: [b]}
                  Targets:
                    - Id: t
                      Arn: !Sub "${Queue.Arn}"
              Queue:
                Type: AWS::SQS::Queue
            """)
        #expect(file.rules.map(\.name) == ["Plain", "ByARN"])
        #expect(file.rules.map(\.eventBusName) == ["partner-bus", "audit"])
        #expect(file.buses == ["default", "partner-bus", "audit"])
        #expect(file.rules[0].targets.isEmpty)
        #expect(file.rules[0].state == .enabled)
        #expect(file.rules[0].description == nil)
        #expect(
            file.origins[RuleTargetReference(busName: "audit", ruleName: "ByARN", targetID: "t")]
                == TargetOrigin(logicalID: "Queue", resourceType: "AWS::SQS::Queue", handler: nil))
    }

    @Test func readsSAMEventBridgeRuleEvents() throws {
        let file = try loadRules(
            """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Bus:
                Type: AWS::Events::EventBus
                Properties:
                  Name: payments
              PaymentFn:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: app.onPayment
                  Events:
                    Settled:
                      Type: EventBridgeRule
                      Properties:
                        EventBusName: !GetAtt Bus.Name
                        State: DISABLED
                        Pattern:
                          source: [payments]
                          detail: {status: [settled]}
                        RetryPolicy: {MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 120}
                        DeadLetterConfig:
                          Type: SQS
                    Refunded:
                      Type: EventBridgeRule
                      Properties:
                        RuleName: refunds
                        Target:
                          Id: refund-target
                        DeadLetterConfig:
                          Type: SQS
                          QueueLogicalId: RefundDLQ
                        Pattern: {source: [payments], detail: {status: [refunded]}}
                    Legacy:
                      Type: CloudWatchEvent
                      Properties:
                        Enabled: false
                        Pattern: {source: [legacy]}
                    Api:
                      Type: Api
                      Properties: {Path: /pay, Method: post}
            """)
        #expect(file.rules.map(\.name) == ["PaymentFnSettled", "refunds", "PaymentFnLegacy"])
        #expect(file.rules.map(\.eventBusName) == ["payments", "default", "default"])
        #expect(file.rules.map(\.state) == [.disabled, .enabled, .disabled])
        #expect(
            file.rules.map(\.targets) == [
                [
                    RuleTarget(
                        id: "PaymentFnSettledLambdaTarget",
                        retryPolicy: RetryPolicy(maximumRetryAttempts: 2, maximumEventAgeInSeconds: 120),
                        deadLetterQueue: "PaymentFnSettledQueue")
                ],
                [RuleTarget(id: "refund-target", deadLetterQueue: "RefundDLQ")],
                [RuleTarget(id: "PaymentFnLegacyLambdaTarget")],
            ])
        #expect(
            file.rules[0].eventPattern == (try pattern(#"{"source":["payments"],"detail":{"status":["settled"]}}"#)))
        let origin = TargetOrigin(
            logicalID: "PaymentFn", resourceType: "AWS::Serverless::Function", handler: "app.onPayment")
        #expect(file.origins.count == 3)
        #expect(file.origins.values.allSatisfy { $0 == origin })
        #expect(
            file.references(handler: "app.onPayment") == [
                RuleTargetReference(
                    busName: "payments", ruleName: "PaymentFnSettled", targetID: "PaymentFnSettledLambdaTarget"),
                RuleTargetReference(busName: "default", ruleName: "refunds", targetID: "refund-target"),
                RuleTargetReference(
                    busName: "default", ruleName: "PaymentFnLegacy", targetID: "PaymentFnLegacyLambdaTarget"),
            ])
        let reference = file.references(handler: "app.onPayment")[1]
        #expect(file.target(reference) == RuleTarget(id: "refund-target", deadLetterQueue: "RefundDLQ"))
    }

    @Test func statesMachinesAreTargetsToo() throws {
        let file = try loadRules(
            """
            Resources:
              Flow:
                Type: AWS::Serverless::StateMachine
                Properties:
                  Events:
                    Start:
                      Type: EventBridgeRule
                      Properties:
                        Pattern: {source: [a]}
            """)
        #expect(file.rules.map { $0.targets.map(\.id) } == [["FlowStartStepFunctionsTarget"]])
        #expect(file.origins.values.map(\.handler) == [nil])
    }

    @Test func toleratesIntrinsicFunctionsAndOtherResources() throws {
        let file = try loadRules(
            """
            AWSTemplateFormatVersion: '2010-09-09'
            Parameters:
              Stage:
                Type: String
                Default: prod
              Source:
                Type: String
                Default: shop.orders
              NoDefault:
                Type: String
            Mappings:
              Regions:
                us-east-1: {Name: virginia}
            Conditions:
              IsProd: !Equals [!Ref Stage, prod]
            Resources:
              Table:
                Type: AWS::DynamoDB::Table
                Condition: IsProd
                Properties:
                  TableName: !Sub "${AWS::StackName}-table"
                  Tags:
                    - Key: region
                      Value: !FindInMap [Regions, !Ref "AWS::Region", Name]
              QueuePolicy:
                Type: AWS::SQS::QueuePolicy       # not a typo of AWS::SQS::Queue
                Properties: {Queues: [!Ref Topic], PolicyDocument: {}}
              BusPolicy:
                Type: AWS::Events::EventBusPolicy
                Properties: {StatementId: s, Statement: {}}
              Topic:
                Type: AWS::SNS::Topic
                Properties:
                  TopicName: !Join ["-", [!Ref Stage, !Select [0, !Split [",", "a,b"]]]]
                  KmsMasterKeyId: !If [IsProd, !ImportValue key, !Ref "AWS::NoValue"]
              Rule:
                Type: AWS::Events::Rule
                Properties:
                  Name: !Sub "${Stage}-orders"
                  Description: !Join [" ", [Orders, in, !Ref Stage]]
                  EventPattern:
                    source: [!Ref Source]
                    detail-type: [!Sub "Order.${Stage}"]
                    detail:
                      region: [!Join ["", [eu, "-", west]]]
                  Targets:
                    - Id: !Sub "${Stage}-target"
                      Arn:
                        Fn::GetAtt: [Topic, TopicArn]
                      RetryPolicy:
                        MaximumRetryAttempts: '7'     # CloudFormation accepts numbers as strings
            Outputs:
              TopicArn:
                Value: !Ref Topic
                Export:
                  Name: !Sub "${AWS::StackName}-topic"
            """)
        let rule = try #require(file.rules.first)
        #expect(rule.name == "prod-orders")
        #expect(rule.description == "Orders in prod")
        #expect(
            rule.eventPattern
                == (try pattern(
                    #"{"source":["shop.orders"],"detail-type":["Order.prod"],"detail":{"region":["eu-west"]}}"#)))
        #expect(rule.targets == [RuleTarget(id: "prod-target", retryPolicy: RetryPolicy(maximumRetryAttempts: 7))])
        #expect(
            file.origins.values.first == TargetOrigin(logicalID: "Topic", resourceType: "AWS::SNS::Topic", handler: nil)
        )
    }

    @Test func parameterDefaultsResolveBusesAndRetryPolicies() throws {
        let file = try loadRules(
            """
            Parameters:
              BusName: {Type: String, Default: orders}
              Retries: {Type: Number, Default: 9}
            Resources:
              Rule:
                Type: AWS::Events::Rule
                Properties:
                  EventBusName: !Ref BusName
                  EventPattern: {source: [a]}
                  Targets:
                    - Id: t
                      Arn: arn:aws:sqs:us-east-1:123456789012:q
                      RetryPolicy: {MaximumRetryAttempts: !Ref Retries}
            """)
        #expect(file.rules[0].eventBusName == "orders")
        #expect(file.rules[0].targets[0].retryPolicy.maximumRetryAttempts == 9)
    }

    @Test func warnsAboutSettingsWarrenIgnores() throws {
        let file = try loadRules(
            """
            Resources:
              Nightly:
                Type: AWS::Events::Rule
                Properties:
                  ScheduleExpression: rate(1 day)
                  Targets: [{Id: t, Arn: arn:aws:lambda:us-east-1:1:function:f}]
              Shaped:
                Type: AWS::Events::Rule
                Condition: IsProd
                Properties:
                  EventPattern: {source: [a]}
                  Name: !ImportValue shared-name
                  Targets:
                    - Id: t
                      Arn: arn:aws:lambda:us-east-1:1:function:f
                      InputTransformer:
                        InputPathsMap: {id: $.id}
                        InputTemplate: '"<id>"'
            """)
        #expect(file.rules.map(\.name) == ["Shaped"])
        #expect(
            file.warnings.map(\.description) == [
                "rules.yaml:5:27: warning: rule 'Nightly': scheduled rules are not supported; the rule is not loaded",
                "rules.yaml:9:5: warning: rule 'Shaped': Condition is not evaluated; the rule is always loaded",
                "rules.yaml:12:13: warning: rule 'Shaped': 'Name' cannot be evaluated (!ImportValue can only be evaluated by "
                    + "deploying the template); the rule is named 'Shaped'",
            ])
        #expect(file.warnings.allSatisfy { $0.code == .unsupported || $0.code == .unresolvedReference })
    }
}
