/// What an `anything-but` matcher excludes. The matcher holds for any value that is present (`null` included) and
/// not excluded; a value of another type than the exclusions is never excluded (`{"anything-but": {"prefix":
/// "init"}}` matches the number 12).
public enum AnythingBut: Sendable, Hashable {
    /// Strings equal to one of these: `{"anything-but": "x"}` or `["x", "y"]`.
    case strings([String])
    /// Numbers numerically equal to one of these: `{"anything-but": 100}` or `[100, 200]`.
    case numbers([JSONNumber])
    /// Strings equal to one of these ignoring case: `{"anything-but": {"equals-ignore-case": ...}}`.
    case equalsIgnoreCase([String])
    /// Strings starting with one of these: `{"anything-but": {"prefix": ...}}`.
    case prefixes([String])
    /// Strings ending with one of these: `{"anything-but": {"suffix": ...}}`.
    case suffixes([String])
    /// Strings matching one of these globs: `{"anything-but": {"wildcard": ...}}`.
    case wildcards([String])
}

extension AnythingBut {
    /// The operand as written in a pattern: a single value stays single, several become a list.
    public var jsonValue: JSONValue {
        func operand(_ values: [JSONValue]) -> JSONValue {
            values.count == 1 ? values[0] : .array(values)
        }
        switch self {
        case .strings(let values): return operand(values.map(JSONValue.string))
        case .numbers(let values): return operand(values.map(JSONValue.number))
        case .equalsIgnoreCase(let values): return ["equals-ignore-case": operand(values.map(JSONValue.string))]
        case .prefixes(let values): return ["prefix": operand(values.map(JSONValue.string))]
        case .suffixes(let values): return ["suffix": operand(values.map(JSONValue.string))]
        case .wildcards(let values): return ["wildcard": operand(values.map(JSONValue.string))]
        }
    }
}
