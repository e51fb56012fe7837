/// One thing wrong with a rules file: where it is, which rule it belongs to, and what is wrong.
///
/// `description` reads like a compiler diagnostic, so editors and terminals can jump to the place:
/// `rules.yaml:12:7: rule 'approved': Event pattern is not valid. Reason: prefix match pattern must be a string`,
/// or for a warning `template.yaml:9:5: warning: rule 'Nightly': scheduled rules are not supported; ...`.
public struct RulesFileProblem: Sendable, Hashable, CustomStringConvertible {
    /// Whether the problem stops the file from loading.
    public enum Severity: String, Sendable, Hashable {
        /// The file does not load (`RulesFileError.problems`).
        case error
        /// The file loads without the setting (`RulesFile.warnings`).
        case warning
    }

    /// The kind of problem, stable across releases (match on it rather than on `message`).
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        /// The code's name, such as `unknownKey`.
        public let rawValue: String

        /// Creates a code; the static members are the codes the loader uses.
        public init(_ rawValue: String) {
            self.rawValue = rawValue
        }

        /// The file could not be read (missing, unreadable, not UTF-8).
        public static let unreadableFile = Code("unreadableFile")
        /// The text is not valid YAML (syntax error, duplicate key, more than one document).
        public static let invalidYAML = Code("invalidYAML")
        /// The document is neither a Warren rules file (`rules:`) nor a CloudFormation template (`Resources:`).
        public static let unknownShape = Code("unknownShape")
        /// A key the format does not have; the message suggests the closest known key.
        public static let unknownKey = Code("unknownKey")
        /// A required key is absent.
        public static let missingKey = Code("missingKey")
        /// A value of the wrong YAML kind: a list where text belongs, text where a mapping belongs, and so on.
        public static let wrongType = Code("wrongType")
        /// A value of the right kind that is not allowed, such as an unknown `queueType`.
        public static let invalidValue = Code("invalidValue")
        /// A rule, target or bus name that breaks EventBridge's naming rules (length, characters).
        public static let invalidName = Code("invalidName")
        /// Two rules with the same name on one bus, or two targets with the same id in one rule.
        public static let duplicateName = Code("duplicateName")
        /// A rule with more than five targets.
        public static let tooManyTargets = Code("tooManyTargets")
        /// A retry policy or delivery limit outside its allowed range.
        public static let outOfRange = Code("outOfRange")
        /// A rule state other than `ENABLED` or `DISABLED`.
        public static let invalidState = Code("invalidState")
        /// An event pattern EventBridge would reject; the message is AWS's.
        public static let invalidEventPattern = Code("invalidEventPattern")
        /// A target's `Input`, `InputPath` or `InputTransformer` that PutTargets would reject; the message is AWS's.
        public static let invalidTargetInput = Code("invalidTargetInput")
        /// A target's input options that AWS accepts but that can never produce input (warnings only): every
        /// matching event goes to the dead-letter queue.
        public static let undeliverableInput = Code("undeliverableInput")
        /// A rule on a bus the file does not declare.
        public static let unknownBus = Code("unknownBus")
        /// A CloudFormation function (`!Ref`, `!GetAtt`, `!Sub`, ...) whose value cannot be known without deploying.
        public static let unresolvedReference = Code("unresolvedReference")
        /// Template parameters used where their value matters that have neither a `Default` nor an override.
        public static let missingParameter = Code("missingParameter")
        /// A valid setting that Warren does not implement (warnings only: the rest of the file still loads).
        public static let unsupported = Code("unsupported")

        /// The code's name.
        public var description: String { rawValue }
    }

    /// What kind of problem this is.
    public var code: Code
    /// Whether it stops the file from loading.
    public var severity: Severity
    /// The file's path as it was given to the loader.
    public var file: String
    /// The 1-based line; 0 when the problem concerns the whole file (it could not be read).
    public var line: Int
    /// The 1-based column, counted in Unicode scalars; 0 with `line` 0.
    public var column: Int
    /// The name of the rule the problem belongs to, when it belongs to one whose name is known.
    public var rule: String?
    /// What is wrong, in one line.
    public var message: String

    /// Creates a problem.
    public init(
        code: Code, severity: Severity = .error, file: String, line: Int, column: Int, rule: String? = nil,
        message: String
    ) {
        self.code = code
        self.severity = severity
        self.file = file
        self.line = line
        self.column = column
        self.rule = rule
        self.message = message
    }

    /// `<file>:<line>:<column>: rule '<name>': <message>` (`warning: ` before the rule for a warning), leaving out
    /// what is unknown.
    public var description: String {
        var text = file
        if line > 0 { text += ":\(line):\(column)" }
        text += ": "
        if severity == .warning { text += "warning: " }
        if let rule { text += "rule '\(rule)': " }
        return text + message
    }
}
