/// The mandatory publishes of a confirm-mode channel that the broker may still return, to match a `basic.return` to
/// its publish.
///
/// RabbitMQ returns the whole message but not its publish sequence number, and sends the return before the
/// message's ack. So a return belongs to the oldest mandatory publish with the same identity that is not yet
/// confirmed; a confirmed publish can no longer be returned and is forgotten. A pure value, kept by `ChannelCore`.
struct MandatoryPublishes {
    private struct Entry {
        var sequence: UInt64
        var identity: ReturnedMessageIdentity
    }

    /// In publish order, so by increasing sequence number.
    private var entries: [Entry] = []

    var isEmpty: Bool { entries.isEmpty }
    var count: Int { entries.count }

    /// Records a mandatory publish sent with this sequence number.
    mutating func record(sequence: UInt64, identity: ReturnedMessageIdentity) {
        entries.append(Entry(sequence: sequence, identity: identity))
    }

    /// The sequence number of the publish a `basic.return` of `identity` belongs to (the oldest match), taken out so
    /// that a second identical return matches the next identical publish; nil when none matches.
    mutating func matchReturn(_ identity: ReturnedMessageIdentity) -> UInt64? {
        guard let index = entries.firstIndex(where: { $0.identity == identity }) else { return nil }
        return entries.remove(at: index).sequence
    }

    /// A `basic.ack` or `basic.nack` with this tag confirmed these publishes: forgets them.
    mutating func forgetConfirmed(tag: UInt64, multiple: Bool) {
        guard !entries.isEmpty else { return }
        if multiple {
            let end = entries.firstIndex(where: { $0.sequence > tag }) ?? entries.endIndex
            entries.removeFirst(end)
        } else if let index = entries.firstIndex(where: { $0.sequence == tag }) {
            entries.remove(at: index)
        }
    }

    /// The channel closed: nothing can be returned any more.
    mutating func removeAll() {
        entries.removeAll()
    }
}

/// What identifies a returned message: its exchange, routing key, message id and body (length and hash).
struct ReturnedMessageIdentity: Hashable {
    var exchange: String
    var routingKey: String
    var messageID: String?
    var bodyCount: Int
    var bodyHash: UInt64

    init(exchange: String, routingKey: String, messageID: String?, body: UnsafeRawBufferPointer) {
        self.exchange = exchange
        self.routingKey = routingKey
        self.messageID = messageID
        self.bodyCount = body.count
        // FNV-1a: cheap and good enough to tell bodies apart alongside the other fields.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in body {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        self.bodyHash = hash
    }

    init(exchange: String, routingKey: String, messageID: String?, body: [UInt8]) {
        self = body.withUnsafeBytes {
            ReturnedMessageIdentity(exchange: exchange, routingKey: routingKey, messageID: messageID, body: $0)
        }
    }
}
