/// The block of a `cidr` matcher, such as `10.0.0.0/24` or `2001:db8:1234:1a00::/64`.
///
/// As in event-ruler, the block runs from the address as written (host bits are not cleared) to that address with
/// all host bits set, and the mask must be shorter than the address (`/32` is refused for IPv4).
public struct CIDRBlock: Sendable, Hashable, CustomStringConvertible {
    /// The block as written.
    public let text: String
    /// The lowest address in the block.
    let lowest: [UInt8]
    /// The highest address in the block.
    let highest: [UInt8]

    /// Parses a block, or returns `nil` when `text` is not one EventBridge accepts.
    public init?(_ text: String) {
        guard case .success(let block) = CIDRBlock.parse(text) else { return nil }
        self = block
    }

    private init(text: String, lowest: [UInt8], highest: [UInt8]) {
        self.text = text
        self.lowest = lowest
        self.highest = highest
    }

    /// A block holding exactly one address: what an exact string that is an IP address compiles to.
    init(singleAddress address: IPAddress, text: String) {
        self.init(text: text, lowest: address.bytes, highest: address.bytes)
    }

    /// Whether `address` is in the block; addresses of the other IP version never are.
    func contains(_ address: IPAddress) -> Bool {
        address.bytes.count == lowest.count
            && !address.bytes.lexicographicallyPrecedes(lowest) && !highest.lexicographicallyPrecedes(address.bytes)
    }

    /// The block as written.
    public var description: String { text }

    /// Equal when written the same.
    public static func == (lhs: CIDRBlock, rhs: CIDRBlock) -> Bool { lhs.text == rhs.text }

    /// Hashes the text.
    public func hash(into hasher: inout Hasher) { hasher.combine(text) }

    /// Parses a block, or gives event-ruler's reason for refusing it.
    static func parse(_ text: String) -> Result<CIDRBlock, PatternReason> {
        // Java's String.split drops trailing empty strings: "10.0.0.0/" is one part, "/8" is two.
        var parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        while let last = parts.last, last.isEmpty { parts.removeLast() }
        guard parts.count == 2 else { return .failure(PatternReason("Malformed CIDR, one '/' required")) }
        guard let maskBits = javaParseInt(parts[1]) else {
            return .failure(PatternReason("Malformed CIDR, mask bits must be an integer"))
        }
        guard maskBits >= 0 else { return .failure(PatternReason("Malformed CIDR, mask bits must not be negative")) }
        let address: IPAddress
        switch IPAddress.read(Array(parts[0].utf8)) {
        case .address(let parsed): address = parsed
        case .invalid: return .failure(PatternReason("Invalid IP address: \(parts[0])"))
        case .notAnAddress: return .failure(PatternReason("Nonstandard IP address: \(parts[0])"))
        }
        if address.bytes.count == 4 && maskBits > 31 { return .failure(PatternReason("IPv4 mask bits must be < 32")) }
        if address.bytes.count == 16 && maskBits > 127 { return .failure(PatternReason("IPv6 mask bits must be < 128")) }
        var highest = address.bytes
        var hostBits = address.bytes.count * 8 - maskBits
        for index in stride(from: highest.count - 1, through: 0, by: -1) {
            if hostBits >= 8 {
                highest[index] = 0xFF
            } else if hostBits > 0 {
                highest[index] |= UInt8((1 << hostBits) - 1)
            }
            hostBits -= 8
        }
        return .success(CIDRBlock(text: text, lowest: address.bytes, highest: highest))
    }

    /// Java's `Integer.parseInt`: an optional sign and decimal digits that fit in 32 bits.
    private static func javaParseInt(_ text: String) -> Int? {
        var digits = Substring(text)
        var sign = 1
        if let first = digits.first, first == "+" || first == "-" {
            sign = first == "-" ? -1 : 1
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        guard let magnitude = Int(digits), magnitude <= Int(Int32.max) + (sign < 0 ? 1 : 0) else { return nil }
        return sign * magnitude
    }
}
