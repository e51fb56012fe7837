/// The publishes of one confirm-mode channel that the broker has not yet acked or nacked, by sequence number.
///
/// A pure value type (no I/O) so it can be tested alone. Sequence numbers start at 1 and grow by one per publish,
/// as `confirm.select` defines; `basic.ack`/`basic.nack` name one number or, with `multiple`, all up to it.
struct ConfirmTracker<Pending> {
    /// The sequence number of `entries[head]`.
    private var firstSequence: UInt64 = 1
    private var entries: [Pending?] = []
    private var head = 0
    private(set) var count = 0

    /// The sequence number the next publish will get.
    var nextSequence: UInt64 { firstSequence + UInt64(entries.count - head) }

    /// Records a publish; returns its sequence number.
    @discardableResult
    mutating func add(_ pending: Pending) -> UInt64 {
        let sequence = nextSequence
        entries.append(pending)
        count += 1
        return sequence
    }

    /// The oldest sequence number not yet settled (meaningful when `count > 0`).
    var firstPendingSequence: UInt64 { firstSequence }

    /// The pending entry for `sequence`, left in place.
    func peek(_ sequence: UInt64) -> Pending? {
        guard sequence >= firstSequence else { return nil }
        let index = head + Int(sequence - firstSequence)
        return index < entries.count ? entries[index] : nil
    }

    /// Removes and returns what a `basic.ack`/`basic.nack` with this tag settles.
    mutating func settle(tag: UInt64, multiple: Bool) -> [Pending] {
        guard tag >= firstSequence else { return [] }
        var settled: [Pending] = []
        if multiple {
            let last = min(tag, nextSequence - 1)
            if last < firstSequence { return [] }
            let end = head + Int(last - firstSequence) + 1
            for index in head..<end {
                if let pending = entries[index] {
                    settled.append(pending)
                    entries[index] = nil
                }
            }
        } else {
            let index = head + Int(tag - firstSequence)
            guard index < entries.count, let pending = entries[index] else { return [] }
            settled.append(pending)
            entries[index] = nil
        }
        count -= settled.count
        advancePastSettled()
        return settled
    }

    /// Removes and returns everything still pending (the channel closed).
    mutating func settleAll() -> [Pending] {
        let remaining = entries[head...].compactMap { $0 }
        firstSequence = nextSequence
        entries.removeAll(keepingCapacity: true)
        head = 0
        count = 0
        return remaining
    }

    private mutating func advancePastSettled() {
        while head < entries.count, entries[head] == nil {
            head += 1
            firstSequence += 1
        }
        // Compact now and then so settled entries do not accumulate.
        if head > 4096, head * 2 > entries.count {
            entries.removeFirst(head)
            head = 0
        }
    }
}

/// A publisher confirm from the broker: `basic.ack` or `basic.nack`, for one sequence number or, with `multiple`,
/// every one up to it.
struct BrokerConfirm: Hashable {
    enum Kind: Hashable {
        case ack
        case nack
    }

    var kind: Kind
    var tag: UInt64
    var multiple: Bool

    /// What the publishes it settles complete with: success, or `.nacked` (worth retrying).
    var result: Result<Void, AMQPError> {
        switch kind {
        case .ack:
            return .success(())
        case .nack:
            return .failure(
                AMQPError(
                    code: .nacked, operation: "basic.publish",
                    message: "the broker rejected the message (basic.nack); it was not stored", scope: .operation,
                    recovery: .retry))
        }
    }
}

extension ConfirmTracker {
    /// Removes and returns what `confirm` settles.
    mutating func settle(_ confirm: BrokerConfirm) -> [Pending] {
        settle(tag: confirm.tag, multiple: confirm.multiple)
    }
}
