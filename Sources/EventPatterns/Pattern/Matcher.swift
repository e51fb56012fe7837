/// One alternative of a pattern's value list: an exact value or an operator.
public enum Matcher: Sendable, Hashable {
    /// The value is this string. A string that is an IP address matches that address in any notation, as in
    /// EventBridge.
    case exactString(String)
    /// The value is a number equal to this one (`300` matches `300.0`).
    case exactNumber(JSONNumber)
    /// The value is this boolean.
    case exactBool(Bool)
    /// The value is `null`.
    case exactNull
    /// The value is a string that starts with the prefix.
    case prefix(String, ignoreCase: Bool)
    /// The value is a string that ends with the suffix.
    case suffix(String, ignoreCase: Bool)
    /// The value is a string equal to this one, ignoring case.
    case equalsIgnoreCase(String)
    /// The value is a string matching the glob: `*` is any run of characters, `\*` and `\\` are literal.
    case wildcard(String)
    /// The value is present (`null` included) and is none of the excluded values.
    case anythingBut(AnythingBut)
    /// The value is a number inside the range.
    case numeric(NumericRange)
    /// `true`: some value is present at the path; `false`: none is (a missing parent or an object counts as none).
    case exists(Bool)
    /// The value is a string holding an IP address inside the block.
    case cidr(CIDRBlock)
}

extension Matcher {
    /// The matcher as it is written in a pattern, for example `{"prefix":"us-"}` or `"running"`.
    public var jsonValue: JSONValue {
        switch self {
        case .exactString(let value): return .string(value)
        case .exactNumber(let value): return .number(value)
        case .exactBool(let value): return .bool(value)
        case .exactNull: return .null
        case .prefix(let value, let ignoreCase):
            return ["prefix": ignoreCase ? ["equals-ignore-case": .string(value)] : .string(value)]
        case .suffix(let value, let ignoreCase):
            return ["suffix": ignoreCase ? ["equals-ignore-case": .string(value)] : .string(value)]
        case .equalsIgnoreCase(let value): return ["equals-ignore-case": .string(value)]
        case .wildcard(let value): return ["wildcard": .string(value)]
        case .anythingBut(let anythingBut): return ["anything-but": anythingBut.jsonValue]
        case .numeric(let range): return ["numeric": .array(range.operands)]
        case .exists(let value): return ["exists": .bool(value)]
        case .cidr(let block): return ["cidr": .string(block.text)]
        }
    }
}
