import Yams

/// Reads values out of YAML nodes, reporting every node of the wrong kind with its place.
///
/// `what` names the value in messages (`'targets'`, `rule name`); `rule` is the rule the problem belongs to.
struct DocumentReader {
    var log: ProblemLog
    /// Whether local tags (`!Ref`) are errors: in Warren's own format, where nothing resolves them.
    let rejectsLocalTags: Bool

    init(file: String, rejectsLocalTags: Bool) {
        self.log = ProblemLog(file: file)
        self.rejectsLocalTags = rejectsLocalTags
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
        let result = YAMLMapping(mapping, at: node.position)
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
    mutating func checkKeys(_ mapping: YAMLMapping, known: [String], in context: String, rule: String?) {
        for entry in mapping.entries where entry.keyIsText && !known.contains(entry.key) {
            if entry.key == "<<" {
                log.error(
                    .unknownKey, at: entry.keyPosition, rule: rule,
                    "YAML merge keys ('<<') are not supported; write the keys out")
                continue
            }
            let hint =
                KeySuggestion.closest(to: entry.key, among: known).map { "; did you mean '\($0)'?" }
                ?? "; expected one of: \(known.joined(separator: ", "))"
            log.error(.unknownKey, at: entry.keyPosition, rule: rule, "unknown key '\(entry.key)' in \(context)\(hint)")
        }
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
            entry.key != key && KeySuggestion.closest(to: entry.key, among: [key]) != nil
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
