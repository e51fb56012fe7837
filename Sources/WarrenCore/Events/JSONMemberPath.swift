import EventPatterns

/// A path of member names and array indexes in a JSON document, written as problems name it (`Entries[1].Detail`).
///
/// `components(in:at:)` finds the member a parse error (a bad byte, invalid UTF-8) is in. It scans the text before
/// the error for structure only; that text parsed cleanly, so its structure is sound.
enum JSONMemberPath {
    enum Component: Hashable {
        case member(String)
        case index(Int)
    }

    private enum Frame {
        /// An object, and the member whose value is being read (nil while reading a name).
        case object(member: String?)
        /// An array, and the index of the element being read.
        case array(index: Int)
    }

    static func components(in bytes: [UInt8], at offset: Int) -> [Component] {
        var stack: [Frame] = []
        var index = 0
        let end = min(offset, bytes.count)
        while index < end {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "{"): stack.append(.object(member: nil))
            case UInt8(ascii: "["): stack.append(.array(index: 0))
            case UInt8(ascii: "}"), UInt8(ascii: "]"): _ = stack.popLast()
            case UInt8(ascii: ","):
                switch stack.last {
                case .array(let position)?: stack[stack.count - 1] = .array(index: position + 1)
                case .object?: stack[stack.count - 1] = .object(member: nil)
                case nil: break
                }
            case UInt8(ascii: "\""):
                let start = index + 1
                var cursor = start
                while cursor < end, bytes[cursor] != UInt8(ascii: "\"") {
                    cursor += bytes[cursor] == UInt8(ascii: "\\") ? 2 : 1
                }
                // A name (a string where an object expects one) names the member whose value follows.
                if cursor < end, case .object(member: nil)? = stack.last {
                    stack[stack.count - 1] = .object(member: name(bytes[start..<cursor]))
                }
                index = cursor
            default: break
            }
            index += 1
        }
        return stack.compactMap { frame in
            switch frame {
            case .object(let member): member.map(Component.member)
            case .array(let index): .index(index)
            }
        }
    }

    /// `Entries[1].Detail`: names joined with dots, indexes in brackets; a list at the top is `rootList`.
    static func text(_ components: [Component], rootList: String) -> String {
        var text = ""
        for (position, component) in components.enumerated() {
            switch component {
            case .member(let name): text += text.isEmpty ? name : ".\(name)"
            case .index(let index):
                if position == 0 { text = rootList }
                text += "[\(index)]"
            }
        }
        return text
    }

    private static func name(_ bytes: ArraySlice<UInt8>) -> String {
        guard bytes.contains(UInt8(ascii: "\\")) else { return String(decoding: bytes, as: UTF8.self) }
        let quoted = [UInt8(ascii: "\"")] + bytes + [UInt8(ascii: "\"")]
        return (try? JSONValue(parsing: quoted))?.stringValue ?? String(decoding: bytes, as: UTF8.self)
    }
}
