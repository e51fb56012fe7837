import Yams

/// Reads values out of YAML nodes, reporting every node of the wrong kind with its place.
///
/// `what` names the value in messages (`'targets'`, `rule name`); `rule` is the rule the problem belongs to.
struct DocumentReader {
    /// What to do with a key a mapping does not know.
    enum UnknownKeys {
        /// An error: in the parts that make rules, patterns and targets, where a typo would change routing.
        case error
        /// A warning, unless the key looks like a misspelling of one of `read` (the keys Warren reads there): in
        /// the parts of a template Warren skips, where CloudFormation and SAM keep adding keys.
        case warning(unlessCloseTo: [String])
    }

    var log: ProblemLog
    /// Whether local tags (`!Ref`) are errors: in Warren's own format, where nothing resolves them.
    let rejectsLocalTags: Bool
    let work: LoadWork
    /// Template parameters used where their value matters that have neither a `Default` nor an override, each with
    /// where it was first used, in order of use.
    private(set) var missingParameters: [(name: String, position: SourcePosition)] = []
    private var missingParameterNames: Set<String> = []

    init(file: String, rejectsLocalTags: Bool, work: LoadWork) {
        self.log = ProblemLog(file: file, work: work)
        self.rejectsLocalTags = rejectsLocalTags
        self.work = work
    }

    /// The node as a mapping with text keys.
    mutating func mapping(_ node: Node, what: String, rule: String?) -> YAMLMapping? {
        guard rejectTag(node, what: what, rule: rule), case .mapping(let mapping) = node else {
            if node.localTag == nil || !rejectsLocalTags {
                log.error(
                    .wrongType, at: node.position, rule: rule,
                    "\(what) must be a mapping, found \(node.kindDescription)")
            }
            return nil
        }
        let result = YAMLMapping(mapping, at: node.position, work: work)
        for entry in result.entries where !entry.keyIsText {
            log.error(.wrongType, at: entry.keyPosition, rule: rule, "keys of \(what) must be text")
        }
        return result
    }

    /// The node as a list.
    mutating func sequence(_ node: Node, what: String, rule: String?) -> [Node]? {
        guard rejectTag(node, what: what, rule: rule), case .sequence(let sequence) = node else {
            if node.localTag == nil || !rejectsLocalTags {
                log.error(
                    .wrongType, at: node.position, rule: rule, "\(what) must be a list, found \(node.kindDescription)")
            }
            return nil
        }
        return Array(sequence)
    }

    /// The node as text: any scalar but null (numbers and booleans read as written).
    mutating func text(_ node: Node, what: String, rule: String?) -> String? {
        guard rejectTag(node, what: what, rule: rule) else { return nil }
        guard case .scalar(let scalar) = node, !node.isNull, node.localTag == nil else {
            log.error(.wrongType, at: node.position, rule: rule, "\(what) must be text, found \(node.kindDescription)")
            return nil
        }
        return scalar.string
    }

    /// The node as a whole number (quoted or not, as CloudFormation accepts both).
    mutating func integer(_ node: Node, what: String, rule: String?) -> Int? {
        guard rejectTag(node, what: what, rule: rule) else { return nil }
        guard case .scalar(let scalar) = node, node.localTag == nil, let value = Int(scalar.string) else {
            log.error(
                .wrongType, at: node.position, rule: rule,
                "\(what) must be a whole number, found \(node.kindDescription)")
            return nil
        }
        return value
    }

    /// The node as `true` or `false` (quoted or not).
    mutating func boolean(_ node: Node, what: String, rule: String?) -> Bool? {
        guard rejectTag(node, what: what, rule: rule) else { return nil }
        if case .scalar(let scalar) = node, node.localTag == nil {
            switch scalar.string {
            case "true", "True", "TRUE": return true
            case "false", "False", "FALSE": return false
            default: break
            }
        }
        log.error(
            .wrongType, at: node.position, rule: rule, "\(what) must be true or false, found \(node.kindDescription)")
        return nil
    }

    /// Reports every key of `mapping` not in `known` (with the closest known key), and merge keys.
    mutating func checkKeys(
        _ mapping: YAMLMapping, known: [String], in context: String, rule: String?, unknown: UnknownKeys = .error
    ) {
        let knownKeys = Set(known)
        for entry in mapping.entries where entry.keyIsText {
            work.count()
            guard !knownKeys.contains(entry.key) else { continue }
            if entry.key == "<<" {
                log.error(
                    .unknownKey, at: entry.keyPosition, rule: rule,
                    "YAML merge keys ('<<') are not supported; write the keys out")
                continue
            }
            let suggestion = KeySuggestion.closest(to: entry.key, among: known, work: work)
            switch unknown {
            case .error:
                let hint = suggestion.map { "; did you mean '\($0)'?" } ?? "; expected one of: \(known.joined(separator: ", "))"
                log.error(
                    .unknownKey, at: entry.keyPosition, rule: rule, "unknown key '\(entry.key)' in \(context)\(hint)")
            case .warning(let read):
                if let suggestion, read.contains(suggestion) {
                    log.error(
                        .unknownKey, at: entry.keyPosition, rule: rule,
                        "unknown key '\(entry.key)' in \(context); did you mean '\(suggestion)'?")
                } else {
                    let hint = suggestion.map { " (did you mean '\($0)'?)" } ?? ""
                    log.warning(
                        .unknownKey, at: entry.keyPosition, rule: rule,
                        "unknown key '\(entry.key)' in \(context) is ignored\(hint)")
                }
            }
        }
    }

    /// Reports a value that cannot be evaluated without deploying, as an error; a parameter without a value is
    /// only noted, for the one error that lists them all (see `reportMissingParameters`).
    mutating func reportUnresolved(
        _ unresolved: UnresolvedValue, at position: SourcePosition, rule: String?, _ message: String
    ) {
        if let name = unresolved.missingParameter {
            if missingParameterNames.insert(name).inserted { missingParameters.append((name, position)) }
            return
        }
        log.error(.unresolvedReference, at: position, rule: rule, message)
    }

    /// One error naming every parameter noted by `reportUnresolved`, at the first place one was used.
    mutating func reportMissingParameters() {
        guard let first = missingParameters.first else { return }
        let names = missingParameters.map { "\($0.name) (used at line \($0.position.line))" }
        let overrides = missingParameters.map { "\($0.name)=VALUE" }
        log.error(
            .missingParameter, at: first.position, rule: nil,
            "template parameters without a Default need a value: \(names.joined(separator: ", ")); give "
                + "\(missingParameters.count == 1 ? "it" : "them") with --parameter-overrides "
                + overrides.joined(separator: " "))
    }

    /// The value of a key that must be present; reports its absence at the mapping.
    mutating func required(_ key: String, in mapping: YAMLMapping, context: String, rule: String?) -> Node? {
        if let value = mapping[key] { return value }
        reportMissing(key, in: mapping, context: context, rule: rule)
        return nil
    }

    /// Reports that `key` is missing, unless a misspelling of it is there (`checkKeys` reports that one, with the
    /// right spelling).
    mutating func reportMissing(_ key: String, in mapping: YAMLMapping, context: String, rule: String?) {
        let misspelt = mapping.entries.contains { entry in
            entry.key != key && KeySuggestion.closest(to: entry.key, among: [key], work: work) != nil
        }
        guard !misspelt else { return }
        log.error(.missingKey, at: mapping.position, rule: rule, "\(context) is missing required key '\(key)'")
    }

    /// In Warren's format, reports a local tag; returns whether the node may be read on.
    private mutating func rejectTag(_ node: Node, what: String, rule: String?) -> Bool {
        guard rejectsLocalTags, let tag = node.localTag else { return true }
        log.error(
            .wrongType, at: node.position, rule: rule,
            "\(what): the YAML tag \(tag) is not supported in a Warren rules file (CloudFormation functions such as "
                + "!Ref belong in a template with Resources:)")
        return false
    }
}
