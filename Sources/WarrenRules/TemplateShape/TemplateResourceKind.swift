/// What `!Ref` and `!GetAtt` give for one type of template resource, built from its name as AWS builds them: the
/// name, an ARN in the configured partition, region and account, or a queue's URL.
///
/// The name is the resource's name property (`QueueName`, `FunctionName`, ...) or, when it has none, its logical
/// ID (a deployed stack would generate one). Types not listed here, and attributes a deployment generates (a
/// table's `StreamArn`, a repository's ID), are only known once deployed.
struct TemplateResourceKind {
    /// Where an ARN or URL is built.
    struct Environment {
        var partition: String
        var region: String
        var account: String
        var urlSuffix: String
    }

    /// One value of a resource, from its name.
    typealias Value = @Sendable (_ name: String, _ environment: Environment) -> String

    /// The property that names the resource; nil when the type has no name (or none Warren reads).
    var nameProperty: String?
    /// What `!Ref` gives; nil when only a deployment knows (an ID it generates).
    var reference: Value?
    /// What `!GetAtt X.<attribute>` gives.
    var attributes: [String: Value]

    /// The kind of a resource type, when Warren knows it.
    static func of(_ type: String) -> TemplateResourceKind? {
        kinds[type]
    }

    private static let name: Value = { name, _ in name }

    /// `arn:<partition>:<service>:<region>:<account>:<prefix><name>`.
    private static func arn(_ service: String, _ prefix: String = "") -> Value {
        { name, environment in
            "arn:\(environment.partition):\(service):\(environment.region):\(environment.account):\(prefix)\(name)"
        }
    }

    private static let queueURL: Value = { name, environment in
        "https://sqs.\(environment.region).\(environment.urlSuffix)/\(environment.account)/\(name)"
    }

    private static let function = TemplateResourceKind(
        nameProperty: "FunctionName", reference: name, attributes: ["Arn": arn("lambda", "function:")])
    private static func stateMachine(nameProperty: String) -> TemplateResourceKind {
        TemplateResourceKind(
            nameProperty: nameProperty, reference: arn("states", "stateMachine:"),
            attributes: ["Arn": arn("states", "stateMachine:"), "Name": name])
    }
    private static let table = TemplateResourceKind(
        nameProperty: "TableName", reference: name, attributes: ["Arn": arn("dynamodb", "table/")])

    private static let kinds: [String: TemplateResourceKind] = [
        TemplateVocabulary.eventBusType: TemplateResourceKind(
            nameProperty: "Name", reference: name, attributes: ["Arn": arn("events", "event-bus/"), "Name": name]),
        TemplateVocabulary.queueType: TemplateResourceKind(
            nameProperty: "QueueName", reference: queueURL,
            attributes: ["Arn": arn("sqs"), "QueueName": name, "QueueUrl": queueURL]),
        "AWS::SNS::Topic": TemplateResourceKind(
            nameProperty: "TopicName", reference: arn("sns"), attributes: ["TopicArn": arn("sns"), "TopicName": name]),
        TemplateVocabulary.lambdaFunctionType: function,
        TemplateVocabulary.serverlessFunctionType: function,
        "AWS::StepFunctions::StateMachine": stateMachine(nameProperty: "StateMachineName"),
        TemplateVocabulary.stateMachineType: stateMachine(nameProperty: "Name"),
        "AWS::S3::Bucket": TemplateResourceKind(
            nameProperty: "BucketName", reference: name,
            attributes: [
                "Arn": { name, environment in "arn:\(environment.partition):s3:::\(name)" },
                "DomainName": { name, environment in "\(name).s3.\(environment.urlSuffix)" },
            ]),
        "AWS::DynamoDB::Table": table,
        "AWS::Serverless::SimpleTable": table,
        "AWS::Kinesis::Stream": TemplateResourceKind(
            nameProperty: "Name", reference: name, attributes: ["Arn": arn("kinesis", "stream/")]),
        "AWS::KinesisFirehose::DeliveryStream": TemplateResourceKind(
            nameProperty: "DeliveryStreamName", reference: name,
            attributes: ["Arn": arn("firehose", "deliverystream/")]),
        "AWS::Logs::LogGroup": TemplateResourceKind(
            nameProperty: "LogGroupName", reference: name,
            attributes: [
                "Arn": { name, environment in
                    "arn:\(environment.partition):logs:\(environment.region):\(environment.account):log-group:\(name):*"
                }
            ]),
        "AWS::CodeCommit::Repository": TemplateResourceKind(
            nameProperty: "RepositoryName", reference: nil, attributes: ["Arn": arn("codecommit"), "Name": name]),
        "AWS::CodeBuild::Project": TemplateResourceKind(
            nameProperty: "Name", reference: name, attributes: ["Arn": arn("codebuild", "project/")]),
        "AWS::CodePipeline::Pipeline": TemplateResourceKind(nameProperty: "Name", reference: name, attributes: [:]),
        "AWS::ECR::Repository": TemplateResourceKind(
            nameProperty: "RepositoryName", reference: name, attributes: ["Arn": arn("ecr", "repository/")]),
        "AWS::ECS::Cluster": TemplateResourceKind(
            nameProperty: "ClusterName", reference: name, attributes: ["Arn": arn("ecs", "cluster/")]),
        "AWS::SSM::Parameter": TemplateResourceKind(nameProperty: "Name", reference: name, attributes: [:]),
        // A role's ARN holds its Path: only its name is built.
        "AWS::IAM::Role": TemplateResourceKind(nameProperty: "RoleName", reference: name, attributes: [:]),
    ]
}
