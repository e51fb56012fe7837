/// A condition on one flattened event path: the value there must satisfy at least one of the matchers.
///
/// A branch of a pattern (see `EventPattern.branches`) is a conjunction of path conditions.
public struct PathCondition: Sendable, Hashable, CustomStringConvertible {
    /// The path as written in the pattern, one element per nesting level (elements may contain dots).
    public var path: [String]
    /// The alternatives; one must hold.
    public var matchers: [Matcher]

    /// Creates a condition.
    public init(path: [String], matchers: [Matcher]) {
        self.path = path
        self.matchers = matchers
    }

    /// The flattened path, levels joined with `.`, which is how EventBridge compares paths.
    public var flattenedPath: String {
        path.joined(separator: ".")
    }

    /// `path: [matchers as JSON]`, for example `detail.state: ["running",{"prefix":"stop"}]`.
    public var description: String {
        "\(flattenedPath): \(JSONValue.array(matchers.map(\.jsonValue)).serialized())"
    }
}
