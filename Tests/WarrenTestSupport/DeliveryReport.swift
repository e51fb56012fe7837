/// The figures of a fault test or a soak: every entry PutEvents reported successful must reach every target whose
/// rule matches it at least once. `lost` must be 0; `duplicates` are allowed (at-least-once) and reported.
public struct DeliveryReport: Sendable, CustomStringConvertible {
    /// PutEvents entries sent, counting an entry put again after it failed.
    public var published: Int
    /// Entries PutEvents reported successful (each has an event id).
    public var confirmed: Int
    /// (confirmed event, matching target) pairs: what must be delivered.
    public var expected: Int
    /// Of those, the pairs delivered at least once.
    public var delivered: Int
    /// Expected pairs never delivered.
    public var lost: Int
    /// Deliveries beyond the first of one event to one target.
    public var duplicates: Int
    /// Deliveries of events PutEvents did not report successful (an entry stored although its confirm was lost and
    /// that was then reported failed and put again): not lost, not expected.
    public var unreported: Int
    /// A few of the lost (target, event id) pairs, to start an investigation.
    public var lostSample: [String]

    /// - Parameters:
    ///   - expected: for each target, the event ids it must receive.
    ///   - deliveries: for each target, every event id it received, repeats included.
    public init(published: Int, confirmed: Int, expected: [String: Set<String>], deliveries: [String: [String]]) {
        self.published = published
        self.confirmed = confirmed
        var expectedCount = 0
        var delivered = 0
        var duplicates = 0
        var unreported = 0
        var lostSample: [String] = []
        for (target, ids) in expected.sorted(by: { $0.key < $1.key }) {
            expectedCount += ids.count
            var seen: [String: Int] = [:]
            for id in deliveries[target] ?? [] { seen[id, default: 0] += 1 }
            for (id, count) in seen {
                if ids.contains(id) {
                    delivered += 1
                    duplicates += count - 1
                } else {
                    unreported += count
                }
            }
            for id in ids.sorted() where seen[id] == nil && lostSample.count < 10 { lostSample.append("\(target)/\(id)") }
        }
        self.expected = expectedCount
        self.delivered = delivered
        self.lost = expectedCount - delivered
        self.duplicates = duplicates
        self.unreported = unreported
        self.lostSample = lostSample
    }

    public var description: String {
        var text =
            "published=\(published) confirmed=\(confirmed) expected_deliveries=\(expected) delivered=\(delivered) lost=\(lost) duplicates=\(duplicates)"
        if unreported > 0 { text += " unreported=\(unreported)" }
        if !lostSample.isEmpty { text += " lost_sample=\(lostSample.joined(separator: ","))" }
        return text
    }
}
