/// The routing key of an event on its bus's topic exchange: `<source>.<detail-type>`, each an escaped topic word.
///
/// Escaping keeps letters, digits and `-_:/`; every other byte (including `.`, `*`, `#`, `%`, `~`, spaces and
/// any non-ASCII UTF-8) becomes `%XX`, so no value can be mistaken for topic syntax and equal values always give
/// equal words. A word longer than `maximumWordBytes` is replaced by `~` and a 64-bit hash of the value, so the key
/// stays within AMQP's 255 bytes and exact bindings still route correctly; the in-consumer filter then checks the
/// full value (hashes may collide).
public enum RoutingKey {
    public static let maximumWordBytes = 120

    /// The routing key of an event.
    public static func make(source: String, detailType: String) -> String {
        "\(word(source).text).\(word(detailType).text)"
    }

    /// One value as a topic word, and whether it had to be hashed.
    public static func word(_ value: String) -> (text: String, isHashed: Bool) {
        var escaped: [UInt8] = []
        escaped.reserveCapacity(value.utf8.count)
        let hex = Array("0123456789ABCDEF".utf8)
        for byte in value.utf8 {
            if isKept(byte) {
                escaped.append(byte)
            } else {
                escaped.append(UInt8(ascii: "%"))
                escaped.append(hex[Int(byte >> 4)])
                escaped.append(hex[Int(byte & 0xF)])
            }
            if escaped.count > maximumWordBytes { return (hashedWord(value), true) }
        }
        // An empty value still needs a word: topic keys have no empty words that bindings could name.
        if escaped.isEmpty { return ("%", false) }
        return (String(decoding: escaped, as: UTF8.self), false)
    }

    private static func isKept(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: ":"),
            UInt8(ascii: "/"):
            true
        default:
            false
        }
    }

    private static func hashedWord(_ value: String) -> String {
        // FNV-1a, 64 bits: stable across processes and platforms (unlike Hasher).
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in value.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        let digits = String(hash, radix: 16)
        return "~" + String(repeating: "0", count: 16 - digits.count) + digits
    }
}
