/// Everything the compiled patterns test at one flattened path, arranged so that one event value finds all the
/// conditions it satisfies with a hash lookup, a trie walk or two, and a short list of general tests.
///
/// A class, so that the scanner reaches it without copying its tables; immutable after `init`.
final class PathValueIndex: Sendable {
    private let exactStrings: ByteStringMap
    private let equalsIgnoringCase: ByteStringMap
    private let prefixes: ByteTrie
    private let suffixes: ByteTrie
    private let prefixesIgnoringCase: ByteTrie
    private let suffixesIgnoringCase: ByteTrie
    /// Finite exact numbers, sorted by value.
    private let numbers: [(value: Double, condition: Int32)]
    private let ranges: [(interval: NumericInterval, condition: Int32)]
    private let addresses: [(block: CIDRBlock, condition: Int32)]
    private let trueConditions: [Int32]
    private let falseConditions: [Int32]
    private let nullConditions: [Int32]
    private let presenceConditions: [Int32]
    private let general: [(test: ValueTest, condition: Int32)]
    /// `anything-but` matchers, each numbered (`exclusion`): the matcher holds unless the value is excluded by one
    /// of its values, which the indexes below find the way the positive ones find matches.
    private let exclusions: [(exclusion: UInt64, condition: Int32)]
    private let excludedStrings: ByteStringMap
    private let excludedIgnoringCase: ByteStringMap
    private let excludedPrefixes: ByteTrie
    private let excludedSuffixes: ByteTrie
    /// Excluded numbers, sorted by value.
    private let excludedNumbers: [(value: Double, exclusion: Int32)]
    /// Every number the tests here compare with, sorted (see `EventNumberReader`).
    private let criticalNumberBuffer: FrozenBuffer<Double>
    /// The numbers the tests here compare with, through a raw pointer.
    var criticalNumberView: UnsafeBufferPointer<Double> {
        UnsafeBufferPointer(start: criticalNumberBuffer.pointer, count: criticalNumberBuffer.count)
    }
    /// Whether a number leaf needs its value.
    let needsNumber: Bool
    /// Whether string leaves need to be looked at at all.
    private let hasStringTests: Bool

    /// Indexes the matchers of the conditions on this path.
    init(_ matchers: [(matcher: Matcher, condition: Int32)]) {
        var numbers: [(value: Double, condition: Int32)] = []
        var ranges: [(interval: NumericInterval, condition: Int32)] = []
        var addresses: [(block: CIDRBlock, condition: Int32)] = []
        var trueConditions: [Int32] = []
        var falseConditions: [Int32] = []
        var nullConditions: [Int32] = []
        var presenceConditions: [Int32] = []
        var general: [(test: ValueTest, condition: Int32)] = []
        var needsNumber = false
        var exclusions: [(exclusion: UInt64, condition: Int32)] = []
        var excludedStrings: [[UInt8]: [Int32]] = [:]
        var excludedIgnoringCase: [[UInt8]: [Int32]] = [:]
        var excludedPrefixKeys: [(key: [UInt8], condition: Int32)] = []
        var excludedSuffixKeys: [(key: [UInt8], condition: Int32)] = []
        var excludedNumbers: [(value: Double, exclusion: Int32)] = []
        /// Whether the anything-but matcher can be indexed (bit numbers run out at 64).
        func indexable(_ anythingBut: AnythingBut) -> Bool {
            guard exclusions.count < 64 else { return false }
            switch anythingBut {
            case .strings, .prefixes, .suffixes: return true
            case .numbers(let values): return values.allSatisfy { $0.doubleValue.isFinite }
            case .equalsIgnoreCase(let values): return values.allSatisfy { $0.utf8.allSatisfy { $0 < 0x80 } }
            case .wildcards: return false
            }
        }
        var exact: [[UInt8]: [Int32]] = [:]
        var ignoringCase: [[UInt8]: [Int32]] = [:]
        var prefixKeys: [(key: [UInt8], condition: Int32)] = []
        var suffixKeys: [(key: [UInt8], condition: Int32)] = []
        var prefixIgnoringCaseKeys: [(key: [UInt8], condition: Int32)] = []
        var suffixIgnoringCaseKeys: [(key: [UInt8], condition: Int32)] = []
        var critical: Set<Double> = []
        for (matcher, condition) in matchers {
            switch matcher {
            case .exactString(let text):
                if case .address(let address) = IPAddress.read(Array(text.utf8)) {
                    addresses.append((CIDRBlock(singleAddress: address, text: text), condition))
                } else {
                    exact[Array(text.utf8), default: []].append(condition)
                }
            case .exactNumber(let number) where number.doubleValue.isFinite:
                numbers.append((number.doubleValue, condition))
                critical.insert(number.doubleValue)
            case .exactBool(true): trueConditions.append(condition)
            case .exactBool(false): falseConditions.append(condition)
            case .exactNull: nullConditions.append(condition)
            case .prefix(let text, false): prefixKeys.append((Array(text.utf8), condition))
            case .suffix(let text, false): suffixKeys.append((Array(text.utf8).reversed(), condition))
            case .prefix(let text, true) where text.utf8.allSatisfy({ $0 < 0x80 }):
                prefixIgnoringCaseKeys.append((text.utf8.map(CaseInsensitivePattern.asciiLowercase), condition))
            case .suffix(let text, true) where text.utf8.allSatisfy({ $0 < 0x80 }):
                suffixIgnoringCaseKeys.append((text.utf8.map(CaseInsensitivePattern.asciiLowercase).reversed(), condition))
            case .equalsIgnoreCase(let text) where text.utf8.allSatisfy({ $0 < 0x80 }):
                ignoringCase[text.utf8.map(CaseInsensitivePattern.asciiLowercase), default: []].append(condition)
            case .numeric(let range):
                let interval = NumericInterval(range)
                ranges.append((interval, condition))
                critical.formUnion([interval.lower, interval.upper].filter(\.isFinite))
            case .anythingBut(let anythingBut) where indexable(anythingBut):
                let exclusion = Int32(exclusions.count)
                exclusions.append((1 << UInt64(exclusion), condition))
                switch anythingBut {
                case .strings(let values):
                    for value in Set(values) { excludedStrings[Array(value.utf8), default: []].append(exclusion) }
                case .numbers(let values):
                    for value in values {
                        excludedNumbers.append((value.doubleValue, exclusion))
                        critical.insert(value.doubleValue)
                    }
                case .equalsIgnoreCase(let values):
                    for value in Set(values) {
                        excludedIgnoringCase[value.utf8.map(CaseInsensitivePattern.asciiLowercase), default: []]
                            .append(exclusion)
                    }
                case .prefixes(let values):
                    for value in values { excludedPrefixKeys.append((Array(value.utf8), exclusion)) }
                case .suffixes(let values):
                    for value in values { excludedSuffixKeys.append((Array(value.utf8).reversed(), exclusion)) }
                case .wildcards:
                    break
                }
            case .exists(true): presenceConditions.append(condition)
            case .exists(false): break  // absence is decided per branch, not per value
            case .cidr(let block): addresses.append((block, condition))
            default:
                let test = ValueTest(matcher)
                general.append((test, condition))
                critical.formUnion(test.criticalNumbers)
                needsNumber = needsNumber || test.needsNumber
            }
        }
        exactStrings = ByteStringMap(exact.map { (key: $0.key, conditions: $0.value) })
        equalsIgnoringCase = ByteStringMap(ignoringCase.map { (key: $0.key, conditions: $0.value) })
        prefixes = ByteTrie(prefixKeys)
        suffixes = ByteTrie(suffixKeys)
        prefixesIgnoringCase = ByteTrie(prefixIgnoringCaseKeys)
        suffixesIgnoringCase = ByteTrie(suffixIgnoringCaseKeys)
        numbers.sort { $0.value < $1.value }
        self.numbers = numbers
        self.exclusions = exclusions
        self.excludedStrings = ByteStringMap(excludedStrings.map { (key: $0.key, conditions: $0.value) })
        self.excludedIgnoringCase = ByteStringMap(excludedIgnoringCase.map { (key: $0.key, conditions: $0.value) })
        self.excludedPrefixes = ByteTrie(excludedPrefixKeys)
        self.excludedSuffixes = ByteTrie(excludedSuffixKeys)
        self.excludedNumbers = excludedNumbers.sorted { $0.value < $1.value }
        self.ranges = ranges
        self.addresses = addresses
        self.trueConditions = trueConditions
        self.falseConditions = falseConditions
        self.nullConditions = nullConditions
        self.presenceConditions = presenceConditions
        self.general = general
        self.needsNumber = needsNumber || !numbers.isEmpty || !ranges.isEmpty || !excludedNumbers.isEmpty
        self.criticalNumberBuffer = FrozenBuffer(critical.sorted())
        self.hasStringTests = !exact.isEmpty || !ignoringCase.isEmpty || !prefixKeys.isEmpty || !suffixKeys.isEmpty
            || !prefixIgnoringCaseKeys.isEmpty || !suffixIgnoringCaseKeys.isEmpty || !addresses.isEmpty
    }

    /// Calls `body` with every condition the value satisfies (possibly more than once).
    @inline(__always)
    func forEachSatisfiedCondition(by leaf: LeafValue, _ body: (Int32) -> Void) {
        for condition in presenceConditions { body(condition) }
        switch leaf.kind {
        case .string:
            if hasStringTests { forEachStringCondition(leaf.bytes, body) }
        case .number:
            if needsNumber { forEachNumberCondition(leaf.number, body) }
        case .trueValue:
            for condition in trueConditions { body(condition) }
        case .falseValue:
            for condition in falseConditions { body(condition) }
        case .null:
            for condition in nullConditions { body(condition) }
        }
        for (test, condition) in general where test.matches(leaf) { body(condition) }
        if !exclusions.isEmpty { forEachNonExcludingCondition(leaf, body) }
    }

    /// The anything-but conditions the value does not fall foul of.
    @inline(__always)
    private func forEachNonExcludingCondition(_ leaf: LeafValue, _ body: (Int32) -> Void) {
        var excluded: UInt64 = 0
        let mark: (Int32) -> Void = { excluded |= 1 << UInt64($0) }
        switch leaf.kind {
        case .string:
            let base = leaf.bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!
            let count = leaf.bytes.count
            excludedStrings.forEachCondition(of: base, count: count, mark)
            if !excludedPrefixes.isEmpty {
                excludedPrefixes.forEachMatch(in: base, count: count, reversed: false, transform: { $0 }, mark)
            }
            if !excludedSuffixes.isEmpty {
                excludedSuffixes.forEachMatch(in: base, count: count, reversed: true, transform: { $0 }, mark)
            }
            if !excludedIgnoringCase.isEmpty { Self.forEachIgnoringCase(base, count, in: excludedIgnoringCase, mark) }
        case .number:
            var low = 0
            var high = excludedNumbers.count
            while low < high {
                let middle = (low + high) / 2
                if excludedNumbers[middle].value < leaf.number { low = middle + 1 } else { high = middle }
            }
            while low < excludedNumbers.count && excludedNumbers[low].value == leaf.number {
                mark(excludedNumbers[low].exclusion)
                low += 1
            }
        default:
            break
        }
        for (exclusion, condition) in exclusions where excluded & exclusion == 0 { body(condition) }
    }

    @inline(__always)
    private func forEachStringCondition(_ value: UnsafeBufferPointer<UInt8>, _ body: (Int32) -> Void) {
        // A zero-length buffer may have no address; any valid pointer will do for zero bytes.
        let base = value.baseAddress ?? UnsafePointer(bitPattern: 1)!
        let count = value.count
        exactStrings.forEachCondition(of: base, count: count, body)
        if !prefixes.isEmpty {
            prefixes.forEachMatch(in: base, count: count, reversed: false, transform: { $0 }, body)
        }
        if !suffixes.isEmpty {
            suffixes.forEachMatch(in: base, count: count, reversed: true, transform: { $0 }, body)
        }
        if !prefixesIgnoringCase.isEmpty {
            prefixesIgnoringCase.forEachMatch(
                in: base, count: count, reversed: false, transform: CaseInsensitivePattern.asciiLowercase, body)
        }
        if !suffixesIgnoringCase.isEmpty {
            suffixesIgnoringCase.forEachMatch(
                in: base, count: count, reversed: true, transform: CaseInsensitivePattern.asciiLowercase, body)
        }
        if !equalsIgnoringCase.isEmpty {
            Self.forEachIgnoringCase(base, count, in: equalsIgnoringCase, body)
        }
        if !addresses.isEmpty, let address = IPAddress.parse(base, count: count) {
            for (block, condition) in addresses where block.contains(address) { body(condition) }
        }
    }

    /// Looks the ASCII-lower-cased value up in `map`; a value with non-ASCII bytes cannot equal an ASCII pattern in
    /// any case.
    private static func forEachIgnoringCase(
        _ base: UnsafePointer<UInt8>, _ count: Int, in map: ByteStringMap, _ body: (Int32) -> Void
    ) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(count, 1)) { lowered in
            for index in 0..<count {
                let byte = base[index]
                if byte >= 0x80 { return }
                lowered[index] = CaseInsensitivePattern.asciiLowercase(byte)
            }
            map.forEachCondition(of: UnsafePointer(lowered.baseAddress!), count: count, body)
        }
    }

    @inline(__always)
    private func forEachNumberCondition(_ value: Double, _ body: (Int32) -> Void) {
        if !numbers.isEmpty {
            var low = 0
            var high = numbers.count
            while low < high {
                let middle = (low + high) / 2
                if numbers[middle].value < value { low = middle + 1 } else { high = middle }
            }
            while low < numbers.count && numbers[low].value == value {
                body(numbers[low].condition)
                low += 1
            }
        }
        guard value.isFinite else { return }
        for (interval, condition) in ranges where interval.contains(value) { body(condition) }
    }
}
