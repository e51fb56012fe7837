/// The model's `pattern` constraints, which are Java regular expressions matched against the whole value.
enum JavaPattern {
    /// Whether the whole of `text` matches `pattern`. `\w`, `\d` and `\s` are ASCII-only, as in Java.
    ///
    /// A pattern Swift cannot compile would accept everything; a unit test compiles every pattern of the model.
    static func matches(_ text: String, pattern: String) -> Bool {
        guard let regex = compile(pattern) else { return true }
        return (try? regex.wholeMatch(in: text)) != nil
    }

    static func compile(_ pattern: String) -> Regex<AnyRegexOutput>? {
        guard let regex = try? Regex(pattern) else { return nil }
        return regex.asciiOnlyWordCharacters().asciiOnlyDigits().asciiOnlyWhitespace()
    }
}
