import Yams

extension Node {
    /// The value of `key` when the node is a mapping (compared as text, whatever the key's style).
    func value(forKey key: String) -> Node? {
        guard case .mapping(let mapping) = self else { return nil }
        return mapping.first { $0.key.scalar?.string == key }?.value
    }

    /// Where the node starts.
    var position: SourcePosition {
        mark.map(SourcePosition.init) ?? .start
    }

    /// The node's tag as written, expanded (`!Ref`, `tag:yaml.org,2002:str`); empty when it has none.
    ///
    /// Reads the stored tag, never the resolved one: resolving would overwrite an absent tag.
    var writtenTag: String {
        switch self {
        case .scalar(let scalar): scalar.tag.rawValue
        case .mapping(let mapping): mapping.tag.rawValue
        case .sequence(let sequence): sequence.tag.rawValue
        case .alias(let alias): alias.tag.rawValue
        }
    }

    /// A local tag such as CloudFormation's `!Ref` or `!GetAtt`; nil for standard tags and untagged nodes.
    var localTag: String? {
        let tag = writtenTag
        return tag.hasPrefix("!") && tag != "!" ? tag : nil
    }

    /// Whether the node is YAML null: `~`, `null` or nothing at all, unquoted (or tagged `!!null`).
    var isNull: Bool {
        guard case .scalar(let scalar) = self else { return false }
        if scalar.tag.rawValue == YAMLScalarTyping.nullTag { return true }
        return scalar.style == .plain && scalar.tag.rawValue.isEmpty && YAMLScalarTyping.isNull(scalar.string)
    }

    /// What the node is, for messages: `a mapping`, `a list`, `null`, `a !Ref`, `'text'`.
    var kindDescription: String {
        if let tag = localTag { return "\(tag)" }
        switch self {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let scalar):
            if isNull { return "null" }
            return "'\(scalar.string)'"
        }
    }
}
