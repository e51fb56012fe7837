/// A matcher compiled for testing one event value at a time: the general (and slower) way of matching, used for
/// the operators the per-path indexes do not cover and for explanations.
struct ValueTest: Sendable {
    private enum Test: Sendable {
        case string([UInt8])
        case address(CIDRBlock)
        case number(Double)
        case numberLexeme([UInt8])
        case bool(Bool)
        case null
        case prefix([UInt8])
        case suffix([UInt8])
        case prefixIgnoringCase(CaseInsensitivePattern)
        case suffixIgnoringCase(CaseInsensitivePattern)
        case equalsIgnoringCase(CaseInsensitivePattern)
        case wildcard(WildcardPattern)
        case anythingButStrings([[UInt8]])
        case anythingButNumbers([Double])
        case anythingButIgnoringCase([CaseInsensitivePattern])
        case anythingButPrefixes([[UInt8]])
        case anythingButSuffixes([[UInt8]])
        case anythingButWildcards([WildcardPattern])
        case range(NumericInterval)
        case present
        case absent
        case block(CIDRBlock)
    }

    private let test: Test

    /// Compiles a matcher.
    init(_ matcher: Matcher) {
        switch matcher {
        case .exactString(let text):
            if case .address(let address) = IPAddress.read(Array(text.utf8)) {
                test = .address(CIDRBlock(singleAddress: address, text: text))
            } else {
                test = .string(Array(text.utf8))
            }
        case .exactNumber(let number):
            let value = number.doubleValue
            test = value.isFinite ? .number(value) : .numberLexeme(Array(number.text.utf8))
        case .exactBool(let value): test = .bool(value)
        case .exactNull: test = .null
        case .prefix(let text, false): test = .prefix(Array(text.utf8))
        case .prefix(let text, true): test = .prefixIgnoringCase(CaseInsensitivePattern(text))
        case .suffix(let text, false): test = .suffix(Array(text.utf8))
        case .suffix(let text, true): test = .suffixIgnoringCase(CaseInsensitivePattern(text))
        case .equalsIgnoreCase(let text): test = .equalsIgnoringCase(CaseInsensitivePattern(text))
        case .wildcard(let glob): test = ValueTest.wildcards([glob]).first.map(Test.wildcard) ?? .absent
        case .anythingBut(.strings(let values)): test = .anythingButStrings(values.map { Array($0.utf8) })
        case .anythingBut(.numbers(let values)): test = .anythingButNumbers(values.map(\.doubleValue))
        case .anythingBut(.equalsIgnoreCase(let values)): test = .anythingButIgnoringCase(values.map(CaseInsensitivePattern.init))
        case .anythingBut(.prefixes(let values)): test = .anythingButPrefixes(values.map { Array($0.utf8) })
        case .anythingBut(.suffixes(let values)): test = .anythingButSuffixes(values.map { Array($0.utf8) })
        case .anythingBut(.wildcards(let globs)): test = .anythingButWildcards(ValueTest.wildcards(globs))
        case .numeric(let range): test = .range(NumericInterval(range))
        case .exists(let value): test = value ? .present : .absent
        case .cidr(let block): test = .block(block)
        }
    }

    private static func wildcards(_ globs: [String]) -> [WildcardPattern] {
        globs.compactMap { glob in
            if case .success(let pattern) = WildcardPattern.parse(glob) { return pattern }
            return nil
        }
    }

    /// Whether the test needs the numeric value of number leaves.
    var needsNumber: Bool {
        switch test {
        case .number, .anythingButNumbers, .range: true
        default: false
        }
    }

    /// The numbers this test compares with, which an approximate event number must stay clear of.
    var criticalNumbers: [Double] {
        switch test {
        case .number(let value): [value]
        case .anythingButNumbers(let values): values
        case .range(let interval): [interval.lower, interval.upper].filter(\.isFinite)
        default: []
        }
    }

    /// Whether the leaf satisfies the matcher (for `exists: false`, never: absence is decided elsewhere).
    func matches(_ leaf: LeafValue) -> Bool {
        let bytes = leaf.bytes
        switch test {
        case .string(let expected):
            return leaf.kind == .string && bytes.elementsEqual(expected)
        case .address(let block), .block(let block):
            guard leaf.kind == .string, let base = bytes.baseAddress,
                let address = IPAddress.parse(base, count: bytes.count)
            else { return false }
            return block.contains(address)
        case .number(let expected):
            return leaf.kind == .number && leaf.number == expected
        case .numberLexeme(let lexeme):
            return leaf.kind == .number && bytes.elementsEqual(lexeme)
        case .bool(let expected):
            return leaf.kind == (expected ? .trueValue : .falseValue)
        case .null:
            return leaf.kind == .null
        case .prefix(let prefix):
            return leaf.kind == .string && bytes.starts(with: prefix)
        case .suffix(let suffix):
            return leaf.kind == .string && bytes.count >= suffix.count
                && bytes[(bytes.count - suffix.count)...].elementsEqual(suffix)
        case .prefixIgnoringCase(let pattern):
            return leaf.kind == .string && pattern.isPrefix(of: bytes)
        case .suffixIgnoringCase(let pattern):
            return leaf.kind == .string && pattern.isSuffix(of: bytes)
        case .equalsIgnoringCase(let pattern):
            return leaf.kind == .string && pattern.matchesWhole(bytes)
        case .wildcard(let glob):
            return leaf.kind == .string && glob.matches(bytes)
        case .anythingButStrings(let excluded):
            return leaf.kind != .string || !excluded.contains { bytes.elementsEqual($0) }
        case .anythingButNumbers(let excluded):
            return leaf.kind != .number || !excluded.contains(leaf.number)
        case .anythingButIgnoringCase(let excluded):
            return leaf.kind != .string || !excluded.contains { $0.matchesWhole(bytes) }
        case .anythingButPrefixes(let excluded):
            return leaf.kind != .string || !excluded.contains { bytes.starts(with: $0) }
        case .anythingButSuffixes(let excluded):
            return leaf.kind != .string
                || !excluded.contains { bytes.count >= $0.count && bytes[(bytes.count - $0.count)...].elementsEqual($0) }
        case .anythingButWildcards(let excluded):
            return leaf.kind != .string || !excluded.contains { $0.matches(bytes) }
        case .range(let interval):
            return leaf.kind == .number && leaf.number.isFinite && interval.contains(leaf.number)
        case .present:
            return true
        case .absent:
            return false
        }
    }
}
