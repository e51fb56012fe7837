/// The template resource a target stands for, when a CloudFormation template named one: the
/// `AWS::Serverless::Function` whose `Events` made the rule, or the resource of `Arn: !GetAtt X.Arn`.
///
/// A Warren consumer takes the place of that resource; the demo's consumers find their target by the function's
/// `Handler` (`handler.case2Handler`).
public struct TargetOrigin: Sendable, Hashable {
    /// The resource's logical ID, such as `atmConsumerCase2Fn`.
    public var logicalID: String
    /// The resource's `Type`, such as `AWS::Serverless::Function`; nil when the template does not declare it.
    public var resourceType: String?
    /// The function's `Handler` (from its properties or `Globals.Function`), when the resource is a function that
    /// has one.
    public var handler: String?

    /// Creates an origin.
    public init(logicalID: String, resourceType: String? = nil, handler: String? = nil) {
        self.logicalID = logicalID
        self.resourceType = resourceType
        self.handler = handler
    }
}
