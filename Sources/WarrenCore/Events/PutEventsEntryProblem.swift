/// One problem with PutEvents entries given as JSON: where it is (`Entries[2].Resources[1]`) and what is wrong,
/// in the AWS CLI's words where it has them.
public struct PutEventsEntryProblem: Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem it is; an HTTP front end maps it to its exception.
    public enum Kind: Sendable, Hashable {
        /// The text is not JSON, or not UTF-8 (`SerializationException` on the wire).
        case malformedJSON
        /// A value of the wrong JSON type, such as a number in `Resources` (`SerializationException`).
        case wrongType
        /// A member the request or entry does not have, such as `EventBusname` (the AWS CLI refuses it).
        case unknownParameter
        /// A required member is missing, such as `Entries`.
        case missingParameter
        /// A value of the right type that EventBridge refuses, such as `Time` on February 30
        /// (`ValidationException`).
        case invalidValue
    }

    /// Where the problem is: `Entries`, `Entries[2]`, `Entries[2].Resources[1]`; empty for the text as a whole.
    public var path: String
    public var kind: Kind
    /// The whole message, naming the path.
    public var message: String

    public init(path: String, kind: Kind, message: String) {
        self.path = path
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}

/// PutEvents entries that cannot be read from JSON: every problem found, each with its path.
public struct PutEventsEntriesError: Error, Sendable, Hashable, CustomStringConvertible {
    public var problems: [PutEventsEntryProblem]

    public init(problems: [PutEventsEntryProblem]) {
        self.problems = problems
    }

    /// As the AWS CLI reports parameter problems: `Parameter validation failed:` and one line per problem.
    public var description: String {
        if problems.count == 1, problems[0].kind == .malformedJSON { return problems[0].message }
        return (["Parameter validation failed:"] + problems.map(\.message)).joined(separator: "\n")
    }
}
