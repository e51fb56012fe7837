/// Why a YAML scalar has no JSON value in a pattern.
struct ScalarTypingError: Error {
    enum Problem {
        /// `.inf` or `.nan`.
        case noJSONForm
        /// `!!int abc`.
        case notOfTag(String)
        /// `!!timestamp ...` or a local tag.
        case unsupportedTag(String)
    }

    var text: String
    var problem: Problem

    var message: String {
        switch problem {
        case .noJSONForm:
            "the YAML number '\(text)' has no JSON form; quote it to match the text"
        case .notOfTag(let tag):
            "'\(text)' is not a valid \(tag.replacingPrefix())"
        case .unsupportedTag(let tag):
            "the YAML tag \(tag.replacingPrefix()) cannot be used in an event pattern"
        }
    }
}

extension String {
    /// `tag:yaml.org,2002:int` → `!!int`.
    fileprivate func replacingPrefix() -> String {
        hasPrefix("tag:yaml.org,2002:") ? "!!" + dropFirst("tag:yaml.org,2002:".count) : self
    }
}
