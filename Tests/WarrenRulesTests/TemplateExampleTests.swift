import EventPatterns
import Foundation
import Testing
import WarrenCore
import WarrenRules

/// Whole templates of the kinds real EventBridge applications have (written for these tests, in `Templates/`):
/// pseudo parameters, references to the template's own resources, parameters, mappings, conditions, outputs and
/// the keys Warren skips. Each loads, with the rules and patterns it would have once deployed.
@Suite("Example templates")
struct TemplateExampleTests {
    static let context = TemplateContext(account: "123456789012", region: "eu-west-1", stackName: "shop")

    static func load(_ name: String, overrides: [String: String] = [:]) throws -> RulesFile {
        let url = try #require(Bundle.module.url(forResource: "Templates/\(name)", withExtension: "yaml"))
        var context = Self.context
        context.parameterOverrides = overrides
        return try RulesFileLoader.load(path: url.path, context: context)
    }

    @Test func s3UploadsThroughEventBridge() throws {
        #expect(throws: RulesFileError.self) { try Self.load("s3-uploads") }  // UploadPrefix has no Default.
        let file = try Self.load("s3-uploads", overrides: ["UploadPrefix": "incoming"])
        let rule = try #require(file.rules.first)
        #expect(file.rules.count == 1)
        #expect(rule.name == "shop-image-uploaded")
        #expect(
            rule.eventPattern
                == (try pattern(
                    """
                    {"source": ["aws.s3"], "detail-type": ["Object Created"], "account": ["123456789012"],
                     "resources": ["arn:aws:s3:::shop-uploads-123456789012-eu-west-1"],
                     "detail": {"bucket": {"name": ["shop-uploads-123456789012-eu-west-1"]},
                                "object": {"key": [{"prefix": "incoming/"}],
                                           "size": [{"numeric": [">", 0, "<=", 10485760]}]}}}
                    """)))
        #expect(
            rule.targets == [
                RuleTarget(
                    id: "ThumbnailFunctionImageUploadedLambdaTarget",
                    retryPolicy: RetryPolicy(maximumRetryAttempts: 4, maximumEventAgeInSeconds: 3600),
                    deadLetterQueue: "ThumbnailFunctionImageUploadedQueue")
            ])
        #expect(file.references(handler: "app.handler").count == 1)
        #expect(file.warnings.isEmpty)
    }

    @Test func pipelineAlerts() throws {
        let file = try Self.load("pipeline-alerts")
        #expect(file.rules.map(\.name) == ["PushRule", "shop-pipeline-failed"])
        #expect(file.rules[0].description == "Start shop-pipeline on pushes")
        #expect(
            file.rules[0].eventPattern
                == (try pattern(
                    """
                    {"source": ["aws.codecommit"], "detail-type": ["CodeCommit Repository State Change"],
                     "resources": ["arn:aws:codecommit:eu-west-1:123456789012:shop-app"],
                     "detail": {"event": ["referenceCreated", "referenceUpdated"], "referenceType": ["branch"],
                                "referenceName": ["main", "release"]}}
                    """)))
        #expect(file.rules[0].targets.map(\.id) == ["shop-pipeline-start"])
        #expect(
            file.rules[1].eventPattern
                == (try pattern(
                    """
                    {"source": ["aws.codepipeline"], "detail-type": ["CodePipeline Pipeline Execution State Change"],
                     "detail": {"pipeline": ["shop-pipeline"], "state": ["FAILED"]}}
                    """)))
        #expect(file.origins.values.map(\.logicalID) == ["AlertTopic"])
        #expect(
            file.warnings.map { "\($0.line): \($0.message)" } == [
                "76: Condition is not evaluated; the rule is always loaded"
            ])
        // The template's !Sub and !FindInMap are evaluated; the placeholder is left for each delivery.
        #expect(
            file.rules[1].targets[0].input
                == .transformer(
                    InputTransformer(
                        inputPathsMap: ["pipeline": "$.detail.pipeline"],
                        inputTemplate: #""<pipeline> failed; tell ops-dublin""#)))
    }

    @Test func orderFanOutOnACustomBus() throws {
        let file = try Self.load("order-fanout")
        #expect(file.buses == ["default", "shop-orders"])
        #expect(file.rules.map(\.name) == ["RefundFlowRefundRequested", "order-placed", "RefundsFromWorkflow"])
        #expect(file.rules.allSatisfy { $0.eventBusName == "shop-orders" })
        #expect(
            file.rules[0].eventPattern
                == (try pattern(#"{"source": ["shop.orders"], "detail-type": ["RefundRequested"], "detail": {"market": ["EU"]}}"#)))
        #expect(file.rules[0].targets.map(\.id) == ["RefundFlowRefundRequestedStepFunctionsTarget"])
        #expect(file.rules[0].targets[0].retryPolicy.maximumRetryAttempts == 5)
        #expect(
            file.rules[1].eventPattern
                == (try pattern(
                    """
                    {"source": ["shop.orders"], "detail-type": ["OrderPlaced"], "account": ["123456789012"],
                     "region": ["eu-west-1"], "detail": {"total": [{"numeric": [">", 0]}], "market": ["EU"]}}
                    """)))
        #expect(
            file.rules[1].targets == [
                RuleTarget(
                    id: "fulfilment", retryPolicy: RetryPolicy(maximumRetryAttempts: 5),
                    deadLetterQueue: "FulfilmentDLQ"),
                RuleTarget(id: "audit"),
            ])
        #expect(
            file.rules[2].eventPattern
                == (try pattern(
                    """
                    {"source": ["aws.states"], "detail-type": ["Step Functions Execution Status Change"],
                     "detail": {"stateMachineArn": ["arn:aws:states:eu-west-1:123456789012:stateMachine:shop-refunds"],
                                "status": ["FAILED", "TIMED_OUT"]}}
                    """)))
        #expect(
            file.warnings.map { "\($0.line): \($0.message)" } == [
                "85: SqsParameters is not supported and is ignored"
            ])
    }

    @Test func scanFindingsAndASkippedSchedule() throws {
        let file = try Self.load("scan-findings", overrides: ["Repositories": "api", "Severity": "HIGH"])
        #expect(file.rules.map(\.name) == ["ScanFindingsRule"])
        #expect(
            file.rules[0].eventPattern
                == (try pattern(
                    """
                    {"source": ["aws.ecr"], "detail-type": ["ECR Image Scan"],
                     "resources": ["arn:aws:ecr:eu-west-1:123456789012:repository/api"],
                     "detail": {"repository-name": ["api"], "finding-severity-counts": {"CRITICAL": [{"numeric": [">", 0]}]},
                                "scan-status": ["HIGH_SCANNED"]}}
                    """)))
        #expect(
            file.origins.values.first
                == TargetOrigin(
                    logicalID: "FindingsFunction", resourceType: "AWS::Lambda::Function", handler: "index.handler"))
        #expect(
            file.warnings.map { "\($0.line): \($0.message)" } == [
                "55: scheduled rules are not supported; the rule is not loaded"
            ])
        #expect(file.rules[0].targets[0].input == .constant(#"{"kind": "scan"}"#))
    }
}
