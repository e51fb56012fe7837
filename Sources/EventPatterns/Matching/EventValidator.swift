/// Checks that an event is strict JSON: an object, nested at most 1,000 deep, every token valid (see
/// `StrictJSON`), only whitespace after it.
///
/// The scanner skips what no pattern names without validating it; before an event may match, the automaton has
/// this validator read it all, so an invalid event never matches.
struct EventValidator {
    private let bytes: UnsafePointer<UInt8>
    private let end: Int
    private var position = 0
    private var deepKinds: [Bool] = []

    private init(bytes: UnsafePointer<UInt8>, end: Int) {
        self.bytes = bytes
        self.end = end
    }

    /// Whether the bytes are a valid event.
    static func isValid(_ bytes: UnsafePointer<UInt8>, count: Int) -> Bool {
        var validator = EventValidator(bytes: bytes, end: count)
        if count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { validator.position = 3 }
        validator.position = StrictJSON.skipWhitespace(bytes, validator.position, count)
        guard validator.position < count, bytes[validator.position] == UInt8(ascii: "{") else { return false }
        guard validator.skipValue(depth: 0) else { return false }
        return StrictJSON.skipWhitespace(bytes, validator.position, count) == count
    }

    /// The index after the valid value starting at `start` (on its first byte), or -1; `depth` containers are
    /// already open around it.
    static func endOfValue(at start: Int, depth: Int, _ bytes: UnsafePointer<UInt8>, _ count: Int) -> Int {
        var validator = EventValidator(bytes: bytes, end: count)
        validator.position = start
        return validator.skipValue(depth: depth) ? validator.position : -1
    }

    /// The deepest nesting accepted.
    static let maximumDepth = EventScanner.maximumDepth

    /// Skips one value starting at the current position (which is on its first byte), validating it.
    ///
    /// This is where most of an event's bytes go (coordinates, payloads no pattern names), so it is one tight loop
    /// over a local pointer: the kinds of the open containers are bits of a register, the common tokens (numbers,
    /// short keys, compact separators) are tested first and inline, digit runs go eight bytes at a time, and no
    /// arithmetic is overflow-checked (indexes never exceed the buffer's size). Values nested more than 63 deep are
    /// left to `skipDeepValue`.
    private mutating func skipValue(depth: Int) -> Bool {
        let bytes = self.bytes
        let end = self.end
        var index = position
        var openKinds: UInt64 = 0  // bit n: the container at level n + 1 is an array
        var level = 0
        while true {
            // A value starts at `index` (whitespace skipped).
            guard index < end else { return false }
            let byte = bytes[index]
            if byte &- UInt8(ascii: "0") < 10 || byte == UInt8(ascii: "-") {
                // A number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
                if byte == UInt8(ascii: "-") {
                    index &+= 1
                    guard index < end else { return false }
                }
                let first = bytes[index] &- UInt8(ascii: "0")
                guard first < 10 else { return false }
                index &+= 1
                if first != 0 { index = StrictJSON.digitsEnd(bytes, index, end) }
                if index < end && bytes[index] == UInt8(ascii: ".") {
                    index &+= 1
                    guard index < end && bytes[index] &- UInt8(ascii: "0") < 10 else { return false }
                    index = StrictJSON.digitsEnd(bytes, index &+ 1, end)
                }
                if index < end && bytes[index] | 0x20 == UInt8(ascii: "e") {
                    index &+= 1
                    if index < end && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) {
                        index &+= 1
                    }
                    guard index < end && bytes[index] &- UInt8(ascii: "0") < 10 else { return false }
                    index = StrictJSON.digitsEnd(bytes, index &+ 1, end)
                }
            } else if byte == UInt8(ascii: "\"") {
                index = StrictJSON.stringEnd(bytes, index &+ 1, end)
                guard index >= 0 else { return false }
                index &+= 1
            } else if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
                let isArray = byte == UInt8(ascii: "[")
                guard level < 63 else { return skipDeepValue(depth: depth) }
                guard depth &+ level < Self.maximumDepth else { return false }
                index &+= 1
                if index < end && bytes[index] <= UInt8(ascii: " ") { index = StrictJSON.skipWhitespace(bytes, index, end) }
                guard index < end else { return false }
                if bytes[index] == (isArray ? UInt8(ascii: "]") : UInt8(ascii: "}")) {
                    index &+= 1
                } else {
                    level &+= 1
                    openKinds = openKinds << 1 | (isArray ? 1 : 0)
                    if !isArray {
                        index = StrictJSON.skipKeyAndColon(bytes, index, end)
                        guard index >= 0 else { return false }
                    }
                    continue
                }
            } else if index &+ 4 <= end {
                // Literals, compared as little-endian words: "true", "null", "fals" + "e".
                let word = UnsafeRawPointer(bytes + index).loadUnaligned(as: UInt32.self)
                if word == 0x6575_7274 || word == 0x6C6C_756E {
                    index &+= 4
                } else if word == 0x736C_6166 && index &+ 5 <= end && bytes[index &+ 4] == UInt8(ascii: "e") {
                    index &+= 5
                } else {
                    return false
                }
            } else {
                return false
            }
            // After a value: close containers, or find the next entry.
            while true {
                if level == 0 {
                    position = index
                    return true
                }
                guard index < end else { return false }
                var next = bytes[index]
                if next <= UInt8(ascii: " ") {
                    index = StrictJSON.skipWhitespace(bytes, index, end)
                    guard index < end else { return false }
                    next = bytes[index]
                }
                let isArray = openKinds & 1 == 1
                if next == UInt8(ascii: ",") {
                    index &+= 1
                    if isArray {
                        if index < end && bytes[index] <= UInt8(ascii: " ") { index = StrictJSON.skipWhitespace(bytes, index, end) }
                    } else {
                        index = StrictJSON.skipKeyAndColon(bytes, index, end)
                        guard index >= 0 else { return false }
                    }
                    break
                }
                guard next == (isArray ? UInt8(ascii: "]") : UInt8(ascii: "}")) else { return false }
                index &+= 1
                level &-= 1
                openKinds >>= 1
            }
        }
    }

    /// Skips values nested deeper than the register of `skipValue` holds, with the open containers in an array.
    private mutating func skipDeepValue(depth: Int) -> Bool {
        deepKinds.removeAll(keepingCapacity: true)
        var expectingValue = true
        while true {
            position = StrictJSON.skipWhitespace(bytes, position, end)
            guard position < end else { return false }
            let byte = bytes[position]
            if expectingValue {
                switch byte {
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    let isArray = byte == UInt8(ascii: "[")
                    guard depth + deepKinds.count < Self.maximumDepth else { return false }
                    deepKinds.append(isArray)
                    position += 1
                    position = StrictJSON.skipWhitespace(bytes, position, end)
                    guard position < end else { return false }
                    let next = bytes[position]
                    if next == (isArray ? UInt8(ascii: "]") : UInt8(ascii: "}")) {
                        position += 1
                        deepKinds.removeLast()
                        expectingValue = false
                    } else if !isArray {
                        position = StrictJSON.skipKeyAndColon(bytes, position, end)
                        guard position >= 0 else { return false }
                    }
                case UInt8(ascii: "\""):
                    position = StrictJSON.stringEnd(bytes, position + 1, end)
                    guard position >= 0 else { return false }
                    position += 1
                    expectingValue = false
                default:
                    position = StrictJSON.scalarEnd(bytes, position, end)
                    guard position >= 0 else { return false }
                    expectingValue = false
                }
            } else {
                guard let isArray = deepKinds.last else { return true }
                if byte == UInt8(ascii: ",") {
                    position += 1
                    if !isArray {
                        position = StrictJSON.skipKeyAndColon(bytes, StrictJSON.skipWhitespace(bytes, position, end), end)
                        guard position >= 0 else { return false }
                    }
                    expectingValue = true
                } else if byte == (isArray ? UInt8(ascii: "]") : UInt8(ascii: "}")) {
                    position += 1
                    deepKinds.removeLast()
                } else {
                    return false
                }
            }
            if !expectingValue && deepKinds.isEmpty { return true }
        }
    }

}
