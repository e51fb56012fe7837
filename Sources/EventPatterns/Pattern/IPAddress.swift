/// An IPv4 (4 bytes) or IPv6 (16 bytes) address, read the way event-ruler reads one.
///
/// event-ruler only treats text as an address when it looks like one (`[0-9]+(\.[0-9]+){3}`, or hex digits and
/// colons with at least one colon) and Java's `InetAddress` then accepts it. IPv4-mapped IPv6 addresses become IPv4
/// addresses, as Java does. IPv4 parts with leading zeros are refused, as current Java refuses ambiguous literals.
struct IPAddress: Sendable, Hashable {
    /// The address bytes, network order.
    var bytes: [UInt8]

    /// How text relates to the IP address forms.
    enum Reading {
        /// The text is an address.
        case address(IPAddress)
        /// The text looks like an address but is not one (`10.0.0.256`).
        case invalid
        /// The text does not look like an address at all.
        case notAnAddress
    }

    /// Reads `text` as event-ruler would.
    static func read(_ text: some Collection<UInt8>) -> Reading {
        let bytes = Array(text)
        if looksLikeIPv4(bytes) {
            guard let address = parseIPv4(bytes) else { return .invalid }
            return .address(address)
        }
        if looksLikeIPv6(bytes) {
            guard let address = parseIPv6(bytes) else { return .invalid }
            return .address(address)
        }
        return .notAnAddress
    }

    /// Reads an event value: the address, or `nil` when the value is not an address.
    @inline(__always)
    static func parse(_ pointer: UnsafePointer<UInt8>, count: Int) -> IPAddress? {
        guard count >= 2, count <= 45 else { return nil }
        if case .address(let address) = read(UnsafeBufferPointer(start: pointer, count: count)) { return address }
        return nil
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }

    /// `[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+`
    private static func looksLikeIPv4(_ bytes: [UInt8]) -> Bool {
        var parts = 0
        var digits = 0
        for byte in bytes {
            if isDigit(byte) {
                digits += 1
            } else if byte == UInt8(ascii: ".") && digits > 0 {
                parts += 1
                digits = 0
            } else {
                return false
            }
        }
        return parts == 3 && digits > 0
    }

    /// `[0-9a-fA-F:]*:[0-9a-fA-F:]*`
    private static func looksLikeIPv6(_ bytes: [UInt8]) -> Bool {
        var sawColon = false
        for byte in bytes {
            if byte == UInt8(ascii: ":") {
                sawColon = true
            } else if StrictJSON.hexValue(byte) == nil {
                return false
            }
        }
        return sawColon
    }

    private static func parseIPv4(_ bytes: [UInt8]) -> IPAddress? {
        var address: [UInt8] = []
        for part in bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false) {
            guard !part.isEmpty, part.count <= 3, part.count == 1 || part.first != UInt8(ascii: "0") else { return nil }
            var value = 0
            for byte in part { value = value * 10 + Int(byte - UInt8(ascii: "0")) }
            guard value <= 255 else { return nil }
            address.append(UInt8(value))
        }
        return address.count == 4 ? IPAddress(bytes: address) : nil
    }

    private static func parseIPv6(_ bytes: [UInt8]) -> IPAddress? {
        var groups: [UInt16] = []
        var compressionIndex: Int?
        var index = 0
        let count = bytes.count
        if count >= 2 && bytes[0] == UInt8(ascii: ":") && bytes[1] == UInt8(ascii: ":") {
            compressionIndex = 0
            index = 2
        } else if count >= 1 && bytes[0] == UInt8(ascii: ":") {
            return nil
        }
        while index < count {
            var value: UInt16 = 0
            var digits = 0
            while index < count, let hex = StrictJSON.hexValue(bytes[index]) {
                guard digits < 4 else { return nil }
                value = value << 4 | UInt16(hex)
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            groups.append(value)
            guard index < count else { break }
            // bytes[index] is a colon
            index += 1
            if index < count && bytes[index] == UInt8(ascii: ":") {
                guard compressionIndex == nil else { return nil }
                compressionIndex = groups.count
                index += 1
            } else if index == count {
                return nil  // a trailing single colon
            }
        }
        var expanded: [UInt16]
        if let compressionIndex {
            guard groups.count <= 7 else { return nil }
            expanded = Array(groups[..<compressionIndex])
            expanded += Array(repeating: 0, count: 8 - groups.count)
            expanded += groups[compressionIndex...]
        } else {
            guard groups.count == 8 else { return nil }
            expanded = groups
        }
        var address: [UInt8] = []
        for group in expanded { address += [UInt8(group >> 8), UInt8(group & 0xFF)] }
        if address[0..<10].allSatisfy({ $0 == 0 }) && address[10] == 0xFF && address[11] == 0xFF {
            return IPAddress(bytes: Array(address[12...]))
        }
        return IPAddress(bytes: address)
    }
}
