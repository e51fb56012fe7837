import Yams

/// Refuses YAML whose aliases would expand into more than a small budget of nodes, before the file is composed.
///
/// Yams composes aliases by sharing the anchored node, so composing itself stays small, but everything that walks
/// the tree afterwards (Yams' own check for duplicate keys hashes alias keys in full, and so does every reader)
/// walks the expansion: 600 bytes of nested aliases (a "billion laughs") expand to billions of nodes. So a file
/// with aliases is first composed with each alias `*name` written as the plain scalar `_name` (the same length, so
/// every position stays), which cannot expand; that tree is walked once, in document order, to add up what each
/// alias would stand for. Only a file within the budget is then composed for real.
enum YAMLAliasBudget {
    /// How many nodes aliases may add to a file in all: each use of an alias adds the nodes of what it stands for.
    static let maximumAddedNodes = 10_000
    /// How deep the expanded tree may nest, as deep as libyaml lets a file nest without aliases.
    static let maximumDepth = 1_000

    /// Why a file was refused.
    enum Refusal: Error {
        /// The placeholder text is not YAML (nor, then, is the file).
        case invalidYAML(any Error)
        /// An alias that takes the expansion past the budget.
        case tooLarge(alias: String, position: SourcePosition, message: String)
    }

    /// Checks `yaml`; throws when its aliases expand too much, or when it is not YAML.
    static func check(
        _ yaml: String, maximumAddedNodes: Int = maximumAddedNodes, work: LoadWork
    ) throws(Refusal) {
        let aliases = aliasCandidates(in: yaml, work: work)
        guard !aliases.offsets.isEmpty else { return }
        var bytes = Array(yaml.utf8)
        for offset in aliases.offsets { bytes[offset] = UInt8(ascii: "_") }
        let placeholders = String(decoding: bytes, as: UTF8.self)
        let parser: Parser
        let root: Node?
        do {
            parser = try Parser(yaml: placeholders, resolver: .basic)
            root = try parser.singleRoot()
        } catch {
            throw .invalidYAML(error)
        }
        guard let root else { return }
        // Anchors are weak references held by the parser: it must outlive the walk.
        try withExtendedLifetime(parser) { () throws(Refusal) in
            var walk = Walk(aliases: aliases.positions, maximumAddedNodes: maximumAddedNodes, work: work)
            _ = try walk.measure(root, depth: 1)
        }
    }

    /// Every `*` followed by a character of an anchor name (libyaml's `[0-9A-Za-z_-]`) with its UTF-8 offset and
    /// its position as libyaml counts it. A superset of the aliases: it also finds `*x` inside quoted text or
    /// comments, which is harmless (the text is only measured), while no alias can be missed.
    static func aliasCandidates(in yaml: String, work: LoadWork) -> (offsets: [Int], positions: [SourcePosition: String]) {
        var offsets: [Int] = []
        var positions: [SourcePosition: String] = [:]
        let bytes = Array(yaml.utf8)
        work.count(bytes.count)
        var line = 1
        var column = 1
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0  // libyaml drops a byte-order mark
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\n"):
                line += 1
                column = 1
                index += 1
                continue
            case UInt8(ascii: "\r"):
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "\n") { index += 1 }
                line += 1
                column = 1
                continue
            case 0xC2 where index + 1 < bytes.count && bytes[index + 1] == 0x85,  // NEL
                0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80
                    && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):  // LS, PS
                index += byte == 0xC2 ? 2 : 3
                line += 1
                column = 1
                continue
            case UInt8(ascii: "*"):
                var end = index + 1
                while end < bytes.count, isAnchorCharacter(bytes[end]) { end += 1 }
                if end > index + 1 {
                    offsets.append(index)
                    positions[SourcePosition(line: line, column: column)] = String(
                        decoding: bytes[(index + 1)..<end], as: UTF8.self)
                }
            default:
                break
            }
            // Columns count characters: every byte but UTF-8 continuation bytes starts one.
            if byte & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        return (offsets, positions)
    }

    private static func isAnchorCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
            true
        default:
            false
        }
    }

    /// The walk over the placeholder tree: each node once, each anchored node's expanded size and height kept by
    /// name (a later anchor of the same name replaces it, as in YAML).
    private struct Walk {
        let aliases: [SourcePosition: String]
        let maximumAddedNodes: Int
        let work: LoadWork
        var anchored: [String: (size: Int, height: Int)] = [:]
        var added = 0

        /// The node's expanded size and height.
        mutating func measure(_ node: Node, depth: Int) throws(Refusal) -> (size: Int, height: Int) {
            work.count()
            var size = 1
            var height = 1
            switch node {
            case .scalar(let scalar):
                if scalar.style == .plain, node.localTag == nil, let name = aliases[node.position] {
                    // An alias: it stands for what its anchor holds (an undefined one is reported by Yams later).
                    let target = anchored[name] ?? (1, 1)
                    added += target.size
                    if added > maximumAddedNodes {
                        throw .tooLarge(
                            alias: name, position: node.position,
                            message: "YAML aliases expand to more than \(maximumAddedNodes) nodes (at '*\(name)'); "
                                + "write the values out instead of nesting aliases")
                    }
                    if depth - 1 + target.height > YAMLAliasBudget.maximumDepth {
                        throw .tooLarge(
                            alias: name, position: node.position,
                            message: "YAML aliases nest more than \(YAMLAliasBudget.maximumDepth) levels deep (at "
                                + "'*\(name)'); write the values out instead of nesting aliases")
                    }
                    return target
                }
            case .mapping(let mapping):
                for (key, value) in mapping {
                    for child in [key, value] {
                        let measured = try measure(child, depth: depth + 1)
                        size += measured.size
                        height = max(height, measured.height + 1)
                    }
                }
            case .sequence(let sequence):
                for child in sequence {
                    let measured = try measure(child, depth: depth + 1)
                    size += measured.size
                    height = max(height, measured.height + 1)
                }
            case .alias:
                break
            }
            if let anchor = node.anchor { anchored[anchor.rawValue] = (size, height) }
            return (size, height)
        }
    }
}
