public import WarrenBus

/// Puts numbered events through PutEvents as a careful client does: batches of up to ten, several requests in
/// flight, and every entry that failed (PutEvents' retryable `InternalFailure`, or a request that did not reach the
/// broker) put again, with a new event id, until PutEvents confirms it. It records the event id PutEvents confirmed
/// for each number: exactly what must be delivered.
public actor EventLoadProducer {
    /// The entry for event number `n` (put its number in `detail.n` so printed events can be matched).
    public typealias EntryMaker = @Sendable (_ number: Int) -> PutEventsRequestEntry

    private let publisher: EventBusPublisher
    private let makeEntry: EntryMaker
    /// The event id PutEvents confirmed, by event number.
    public private(set) var confirmedIDs: [Int: String] = [:]
    /// Entries sent, counting each entry put again.
    public private(set) var entriesSent = 0
    /// Entries PutEvents reported failed (and that were put again).
    public private(set) var failedEntries = 0
    /// Requests that failed as a whole (the broker could not be reached) and were sent again.
    public private(set) var failedRequests = 0
    /// Failures a valid entry must never get (anything but a retryable one).
    public private(set) var unexpectedErrors: [String] = []
    private var nextNumber = 0
    private var endNumber = 0
    private var stopRequested = false

    public init(publisher: EventBusPublisher, makeEntry: @escaping EntryMaker) {
        self.publisher = publisher
        self.makeEntry = makeEntry
    }

    public var confirmedCount: Int { confirmedIDs.count }

    /// Puts the events numbered `numbers` with `concurrency` requests in flight and, with `rate`, no faster than
    /// that many events a second (a steady load). Returns once every one was confirmed, or after `stop()` once the
    /// requests in flight are answered (their failed entries are then given up: they count as never confirmed).
    public func put(_ numbers: Range<Int>, concurrency: Int = 8, rate: Double? = nil, batchSize: Int = 10) async {
        nextNumber = numbers.lowerBound
        endNumber = numbers.upperBound
        let start = ContinuousClock.now
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<concurrency {
                group.addTask {
                    await self.work(start: start, first: numbers.lowerBound, rate: rate, batchSize: batchSize)
                }
            }
        }
    }

    /// Stops taking new batches; `put` returns once the requests in flight are answered.
    public func stop() {
        stopRequested = true
    }

    private func takeBatch(size: Int) -> Range<Int>? {
        guard !stopRequested, nextNumber < endNumber else { return nil }
        let batch = nextNumber..<min(nextNumber + size, endNumber)
        nextNumber = batch.upperBound
        return batch
    }

    private func work(start: ContinuousClock.Instant, first: Int, rate: Double?, batchSize: Int) async {
        while let batch = takeBatch(size: batchSize) {
            if let rate {
                try? await ContinuousClock().sleep(until: start + .seconds(Double(batch.lowerBound - first) / rate))
            }
            var pending = Array(batch)
            while !pending.isEmpty && !Task.isCancelled {
                let entries = pending.map(makeEntry)
                entriesSent += entries.count
                do {
                    let result = try await publisher.putEvents(entries)
                    var failed: [Int] = []
                    for (number, entry) in zip(pending, result.entries) {
                        if let id = entry.eventID {
                            confirmedIDs[number] = id
                        } else if entry.errorCode == PutEventsEntryError.Code.internalFailure.rawValue {
                            failed.append(number)
                        } else {
                            unexpectedErrors.append("event \(number): \(entry.errorCode ?? "?"): \(entry.errorMessage ?? "")")
                        }
                    }
                    failedEntries += failed.count
                    pending = failed
                } catch {
                    guard error.code == .internalFailure else {
                        unexpectedErrors.append("events \(pending.first!)...: \(error)")
                        break
                    }
                    failedRequests += 1
                }
                if stopRequested { break }
                if !pending.isEmpty { try? await Task.sleep(for: .milliseconds(200)) }
            }
        }
    }
}
