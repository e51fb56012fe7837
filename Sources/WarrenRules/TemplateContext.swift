import Foundation
public import WarrenCore

/// What a deployment would tell a CloudFormation template: the account, region and stack it runs in, and the values
/// of its parameters. Templates use them through pseudo parameters (`AWS::AccountId`, `AWS::Region`,
/// `AWS::StackName`, ...), `!Ref` of parameters, and the names and ARNs of their own resources.
///
/// Warren's own format uses none of it; `stackName` still names the file's rules as a whole.
public struct TemplateContext: Sendable, Hashable {
    /// `AWS::AccountId`, and the account of every ARN built for a template resource.
    public var account: String
    /// `AWS::Region`, and the region of every ARN built for a template resource.
    public var region: String
    /// `AWS::StackName`; nil for the default, derived from the file's name (see `defaultStackName(forPath:)`).
    public var stackName: String?
    /// Values of template parameters by name, as `sam deploy --parameter-overrides Key=Value` gives them; they
    /// win over each parameter's `Default`.
    public var parameterOverrides: [String: String]

    /// Creates a context; the account and region default to those of `EventBusSettings`.
    public init(
        account: String = EventBusSettings().account, region: String = EventBusSettings().region,
        stackName: String? = nil, parameterOverrides: [String: String] = [:]
    ) {
        self.account = account
        self.region = region
        self.stackName = stackName
        self.parameterOverrides = parameterOverrides
    }

    /// Stack names follow the rule-name rules (see `StackName`).
    public static let maximumStackNameLength = StackName.maximumLength

    /// The stack a file applies as when none is named (see `StackName.derived(fromPath:)`).
    public static func defaultStackName(forPath path: String) -> String {
        StackName.derived(fromPath: path)
    }

    /// `AWS::Partition`: `aws-cn` in China's regions, `aws-us-gov` in GovCloud, else `aws`.
    public var partition: String {
        if region.hasPrefix("cn-") { return "aws-cn" }
        if region.hasPrefix("us-gov-") { return "aws-us-gov" }
        return "aws"
    }

    /// `AWS::URLSuffix`: `amazonaws.com.cn` in China's regions, else `amazonaws.com`.
    public var urlSuffix: String {
        region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
    }
}
