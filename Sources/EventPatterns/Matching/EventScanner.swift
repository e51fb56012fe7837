/// Reads an event's UTF-8 bytes once, materialising only the scalars at paths the compiled patterns name; every
/// other value is skipped without being decoded (and, in lenient mode, without being validated: see
/// `skipUnnamedValue`).
///
/// Found scalars become `MatchBuffers.Leaf`s and are tested at once against their path's index, which records
/// `Hit`s. Along the way the scanner records array elements (for array-consistent matching) and replaces the
/// leaves of a key that the same object repeats (the last value wins). Everything it reads it reads strictly, and
/// it never traps on bad input: it reports `false` for anything it finds not to be a JSON object nested at most
/// 1,000 deep.
struct EventScanner {
    /// The deepest nesting accepted, as EventBridge ("nesting deeper than 1000 levels is not processed").
    static let maximumDepth = 1000

    private let bytes: UnsafePointer<UInt8>
    private let end: Int
    // Raw views of the automaton, which the caller keeps alive for the whole scan: reading through them costs no
    // reference counting on the hot path.
    private let trie: PathTrie.View
    private let automaton: MatchingAutomaton.View
    /// Whether values no pattern names are skipped without validation (see `skipUnnamedValue`).
    private let skipsLeniently: Bool
    private var position = 0

    init(
        bytes: UnsafePointer<UInt8>, count: Int, trie: PathTrie.View, automaton: MatchingAutomaton.View,
        skipsLeniently: Bool
    ) {
        self.bytes = bytes
        self.end = count
        self.trie = trie
        self.automaton = automaton
        self.skipsLeniently = skipsLeniently
    }

    // MARK: Structure

    /// Scans the whole event into `buffers`; false when the event is not a valid JSON object.
    ///
    /// The innermost open container is kept in a local variable (`frame`) and only the enclosing ones in
    /// `buffers.frames`, which keeps the loop's bookkeeping in registers.
    mutating func scan(into buffers: inout MatchBuffers) -> Bool {
        if end >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { position = 3 }
        guard let first = nextNonWhitespace(), first == UInt8(ascii: "{") else { return false }
        position &+= 1
        var frame = MatchBuffers.Frame(
            node: PathTrie.root, isArray: false, isTopLevel: true, element: -1, array: -1, openMark: -1,
            markBase: 0, object: buffers.nextObject()
        )
        // The loop alternates between reading the start of a container's next entry and what follows a value.
        var atContainerStart = true
        while true {
            guard var byte = nextNonWhitespace() else { return false }
            if atContainerStart {
                atContainerStart = false
                if byte == (frame.isArray ? UInt8(ascii: "]") : UInt8(ascii: "}")) {
                    position &+= 1
                    guard close(&frame, &buffers) else { return nextNonWhitespace() == nil }
                    continue
                }
            } else {
                if byte == UInt8(ascii: ",") {
                    position &+= 1
                    guard let next = nextNonWhitespace() else { return false }
                    byte = next
                } else if byte == (frame.isArray ? UInt8(ascii: "]") : UInt8(ascii: "}")) {
                    position &+= 1
                    guard close(&frame, &buffers) else { return nextNonWhitespace() == nil }
                    continue
                } else {
                    return false
                }
            }
            // The next entry: an array element, or a key and its value.
            var node = frame.node
            if !frame.isArray {
                guard byte == UInt8(ascii: "\""), let keyNode = readKey(in: &frame, &buffers) else { return false }
                node = keyNode
                guard let colon = nextNonWhitespace(), colon == UInt8(ascii: ":") else { return false }
                position &+= 1
                guard let valueStart = nextNonWhitespace() else { return false }
                byte = valueStart
                if node < 0 {
                    if byte == UInt8(ascii: "\"") {
                        // Strings are the commonest unnamed values beside named ones: step over them here.
                        let closing = StrictJSON.stringEnd(bytes, position &+ 1, end)
                        guard closing >= 0 else { return false }
                        position = closing &+ 1
                    } else {
                        guard skipUnnamedValue(depth: buffers.frames.count &+ 1) else { return false }
                    }
                    continue
                }
            }
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let isArray = byte == UInt8(ascii: "[")
                if !isArray && !trie.hasChildren(node) {
                    // An object where no pattern path continues: nothing inside can match, and it is no leaf.
                    guard skipUnnamedValue(depth: buffers.frames.count &+ 1) else { return false }
                    continue
                }
                guard buffers.frames.count &+ 1 < Self.maximumDepth else { return false }
                position &+= 1
                var element = frame.element
                if frame.isArray {
                    let parentDepth = element >= 0 ? buffers.elements[Int(element)].depth : 0
                    buffers.elements.append(
                        MatchBuffers.Element(parent: element, array: frame.array, depth: parentDepth &+ 1)
                    )
                    element = Int32(buffers.elements.count &- 1)
                    buffers.hasElements = true
                }
                var array: Int32 = -1
                if isArray {
                    array = buffers.arrayCount
                    buffers.arrayCount &+= 1
                }
                buffers.frames.append(frame)
                frame = MatchBuffers.Frame(
                    node: node, isArray: isArray, isTopLevel: false, element: element, array: array,
                    openMark: -1, markBase: Int32(buffers.marks.count), object: isArray ? 0 : buffers.nextObject()
                )
                atContainerStart = true
            default:
                guard readScalar(byte, node: node, element: frame.element, &buffers) else { return false }
            }
        }
    }

    /// Closes the innermost container and makes its parent innermost; false when it was the top-level object.
    @inline(__always)
    private func close(_ frame: inout MatchBuffers.Frame, _ buffers: inout MatchBuffers) -> Bool {
        if !frame.isArray {
            if frame.openMark >= 0 { buffers.marks[Int(frame.openMark)].leafEnd = Int32(buffers.leaves.count) }
            buffers.marks.truncate(to: Int(frame.markBase))
        }
        guard !buffers.frames.isEmpty else { return false }
        frame = buffers.frames.removeLast()
        return true
    }

    /// Reads a key (the position is on its opening quote) and returns the trie node it leads to (-1: no pattern
    /// looks there), or `nil` for invalid JSON. Manages the key marks of the object.
    private mutating func readKey(in frame: inout MatchBuffers.Frame, _ buffers: inout MatchBuffers) -> Int32? {
        let start = position &+ 1
        if frame.openMark >= 0 {
            buffers.marks[Int(frame.openMark)].leafEnd = Int32(buffers.leaves.count)
            frame.openMark = -1
        }
        let trie = self.trie
        let bytes = self.bytes
        let end = self.end
        var node = frame.isTopLevel ? frame.node : trie.step(frame.node, UInt8(ascii: "."))
        var index = start
        // Walk the trie along the key; escapes and non-ASCII take the general way.
        while node >= 0 {
            guard index < end else { return nil }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                position = index &+ 1
                return markKey(node, in: &frame, &buffers)
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 || byte >= 0x80 {
                return readKeyGenerally(from: start, in: &frame, &buffers)
            }
            node = trie.step(node, byte)
            index &+= 1
        }
        // No pattern looks under this key: only find (and check) the rest of it.
        let closing = StrictJSON.stringEnd(bytes, index, end)
        guard closing >= 0 else { return nil }
        position = closing &+ 1
        return -1
    }

    /// `readKey` for keys with escapes or non-ASCII characters.
    private mutating func readKeyGenerally(
        from start: Int, in frame: inout MatchBuffers.Frame, _ buffers: inout MatchBuffers
    ) -> Int32? {
        guard let (closing, hasEscapes) = scanString(from: start) else { return nil }
        position = closing &+ 1
        var node = frame.isTopLevel ? frame.node : trie.step(frame.node, UInt8(ascii: "."))
        if node < 0 { return -1 }
        if hasEscapes {
            JSONEscapes.decode(UnsafeBufferPointer(start: bytes + start, count: closing - start), into: &buffers.unescaped)
            for byte in buffers.unescaped {
                node = trie.step(node, byte)
                if node < 0 { return -1 }
            }
        } else {
            for index in start..<closing {
                node = trie.step(node, bytes[index])
                if node < 0 { return -1 }
            }
        }
        return markKey(node, in: &frame, &buffers)
    }

    /// Notes that the object's key leading to `node` is being read. When the object already had that key, the
    /// last value wins: the leaves of the earlier value are forgotten.
    private func markKey(_ node: Int32, in frame: inout MatchBuffers.Frame, _ buffers: inout MatchBuffers) -> Int32 {
        let leafCount = Int32(buffers.leaves.count)
        let markIndex: Int32
        if buffers.nodeObject[Int(node)] == frame.object {
            markIndex = buffers.nodeMark[Int(node)]
            let earlier = buffers.marks[Int(markIndex)]
            for leaf in Int(earlier.leafStart)..<Int(earlier.leafEnd) { buffers.leaves[leaf].isAlive = false }
            buffers.marks[Int(markIndex)].leafStart = leafCount
            buffers.marks[Int(markIndex)].leafEnd = leafCount
        } else {
            markIndex = Int32(buffers.marks.count)
            buffers.marks.append(MatchBuffers.KeyMark(node: node, leafStart: leafCount, leafEnd: leafCount))
            buffers.nodeObject[Int(node)] = frame.object
            buffers.nodeMark[Int(node)] = markIndex
        }
        frame.openMark = markIndex
        return node
    }

    // MARK: Scalars

    /// Reads a scalar value at `node`; records a leaf when the node is a pattern path.
    private mutating func readScalar(_ byte: UInt8, node: Int32, element: Int32, _ buffers: inout MatchBuffers) -> Bool
    {
        let start = position
        let kind: LeafValue.Kind
        var contentStart = start
        var contentEnd = start
        var hasEscapes = false
        switch byte {
        case UInt8(ascii: "\""):
            guard let (closing, escapes) = scanString(from: start + 1) else { return false }
            contentStart = start + 1
            contentEnd = closing
            hasEscapes = escapes
            position = closing + 1
            kind = .string
        default:
            let scalarEnd = StrictJSON.scalarEnd(bytes, start, end)
            guard scalarEnd >= 0 else { return false }
            position = scalarEnd
            switch byte {
            case UInt8(ascii: "t"): kind = .trueValue
            case UInt8(ascii: "f"): kind = .falseValue
            case UInt8(ascii: "n"): kind = .null
            default:
                kind = .number
                contentEnd = scalarEnd
            }
        }
        guard node >= 0 else { return true }
        let path = trie.pathIndex(node)
        guard path >= 0 else { return true }
        if hasEscapes {
            JSONEscapes.decode(UnsafeBufferPointer(start: bytes + contentStart, count: contentEnd - contentStart), into: &buffers.unescaped)
            let unescaped = buffers.unescaped
            unescaped.withUnsafeBufferPointer { content in
                MatchingAutomaton.record(
                    automaton, kind: kind, content: content, path: path, element: element, into: &buffers)
            }
        } else {
            MatchingAutomaton.record(
                automaton,
                kind: kind,
                content: UnsafeBufferPointer(start: bytes + contentStart, count: contentEnd - contentStart),
                path: path,
                element: element,
                into: &buffers
            )
        }
        return true
    }

    // MARK: Skipping

    /// Whether some value was skipped without validation.
    private(set) var skippedWithoutValidation = false

    /// Skips a value no pattern names.
    ///
    /// Validating JSON only changes the answer for an event that would match something (an invalid event matches
    /// nothing). So when the automaton expects few events to match (`skipsLeniently`), a skipped value's end is
    /// found by a fast bracket count (`LenientSkip`), and the whole event is validated strictly only if it comes
    /// to a match. Otherwise the value is validated as it is skipped (`EventValidator`), which costs less than a
    /// second pass over nearly every event.
    private mutating func skipUnnamedValue(depth: Int) -> Bool {
        let valueEnd: Int
        if skipsLeniently {
            skippedWithoutValidation = true
            valueEnd = LenientSkip.endOfValue(at: position, bytes, end)
        } else {
            valueEnd = EventValidator.endOfValue(at: position, depth: depth, bytes, end)
        }
        guard valueEnd > position else { return false }
        position = valueEnd
        return true
    }

    // MARK: Bytes

    /// Moves past whitespace and returns the byte there (not consumed), or `nil` at the end.
    @inline(__always)
    private mutating func nextNonWhitespace() -> UInt8? {
        position = StrictJSON.skipWhitespace(bytes, position, end)
        return position < end ? bytes[position] : nil
    }

    /// Validates string content starting at `start`; returns the index of the closing quote and whether the
    /// content has escapes, or `nil` for invalid JSON (control characters, bad escapes, invalid UTF-8, no end).
    @inline(__always)
    private func scanString(from start: Int) -> (Int, Bool)? {
        var hasEscapes = false
        let closing = StrictJSON.stringEnd(bytes, start, end, &hasEscapes)
        guard closing >= 0 else { return nil }
        return (closing, hasEscapes)
    }
}
