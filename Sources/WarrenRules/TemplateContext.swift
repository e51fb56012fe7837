import Foundation
public import WarrenBus

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

    /// The longest stack name Warren derives or accepts.
    public static let maximumStackNameLength = 64

    /// The stack name of a file when none is given: its base name without extension, every character outside
    /// `[.-_A-Za-z0-9]` written as `-`, at most 64 characters (`orders.template.yaml` gives `orders.template`).
    public static func defaultStackName(forPath path: String) -> String {
        let base = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        var name = String(
            String.UnicodeScalarView(
                base.unicodeScalars.prefix(maximumStackNameLength).map { isAllowedInStackName($0) ? $0 : "-" }))
        if name.isEmpty || name == "." || name == ".." { name = "stack" }
        return name
    }

    private static func isAllowedInStackName(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", ".", "-", "_": true
        default: false
        }
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
