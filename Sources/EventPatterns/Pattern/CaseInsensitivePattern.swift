/// A string compared ignoring case the way event-ruler does it: each character of the pattern may appear in the
/// value as its lower-case or its upper-case form (full Unicode mappings, so `ß` also matches `SS`).
struct CaseInsensitivePattern: Sendable, Hashable {
    /// Per pattern character, its accepted UTF-8 forms.
    let alternatives: [[[UInt8]]]
    /// The pattern lower-cased byte by byte when it is pure ASCII: the fast path and the hash key.
    let asciiLowercased: [UInt8]?

    init(_ text: String) {
        var alternatives: [[[UInt8]]] = []
        for scalar in text.unicodeScalars {
            let lower = Array(scalar.properties.lowercaseMapping.utf8)
            let upper = Array(scalar.properties.uppercaseMapping.utf8)
            alternatives.append(lower == upper ? [lower] : [lower, upper])
        }
        self.alternatives = alternatives
        let bytes = Array(text.utf8)
        self.asciiLowercased = bytes.allSatisfy { $0 < 0x80 } ? bytes.map(CaseInsensitivePattern.asciiLowercase) : nil
    }

    @inline(__always)
    static func asciiLowercase(_ byte: UInt8) -> UInt8 {
        byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte
    }

    /// Whether the value is the pattern, ignoring case.
    func matchesWhole(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        if let ascii = asciiLowercased {
            guard value.count == ascii.count else { return false }
            for index in 0..<ascii.count where Self.asciiLowercase(value[index]) != ascii[index] { return false }
            return true
        }
        return ends(from: 0, in: value, reversed: false).contains(value.count)
    }

    /// Whether the value starts with the pattern, ignoring case.
    func isPrefix(of value: UnsafeBufferPointer<UInt8>) -> Bool {
        if let ascii = asciiLowercased {
            guard value.count >= ascii.count else { return false }
            for index in 0..<ascii.count where Self.asciiLowercase(value[index]) != ascii[index] { return false }
            return true
        }
        return !ends(from: 0, in: value, reversed: false).isEmpty
    }

    /// Whether the value ends with the pattern, ignoring case.
    func isSuffix(of value: UnsafeBufferPointer<UInt8>) -> Bool {
        if let ascii = asciiLowercased {
            guard value.count >= ascii.count else { return false }
            let offset = value.count - ascii.count
            for index in 0..<ascii.count where Self.asciiLowercase(value[offset + index]) != ascii[index] {
                return false
            }
            return true
        }
        return !ends(from: 0, in: value, reversed: true).isEmpty
    }

    /// The positions (counted from the start, or from the end when `reversed`) where matching every pattern
    /// character can end; characters whose forms differ in length make this a set.
    private func ends(from start: Int, in value: UnsafeBufferPointer<UInt8>, reversed: Bool) -> Set<Int> {
        var positions: Set<Int> = [start]
        let characters = reversed ? Array(alternatives.reversed()) : alternatives
        for forms in characters {
            var next: Set<Int> = []
            for position in positions {
                for form in forms where position + form.count <= value.count {
                    let matches = form.indices.allSatisfy { offset in
                        let index = reversed ? value.count - 1 - (position + offset) : position + offset
                        let expected = reversed ? form[form.count - 1 - offset] : form[offset]
                        return value[index] == expected
                    }
                    if matches { next.insert(position + form.count) }
                }
            }
            positions = next
            if positions.isEmpty { break }
        }
        return positions
    }
}
