/// Which messages of a dead-letter queue to show or redrive: all, or those with one of the given event ids and
/// error codes, and only those of one target when the queue is shared.
public struct DeadLetterSelection: Sendable, Hashable {
    /// Only these events (empty: any).
    public var eventIDs: Set<String>
    /// Only these `ERROR_CODE`s (empty: any).
    public var errorCodes: Set<String>
    /// Only messages dead-lettered from this target queue, or whose origin is unknown; nil: any. A dead-letter
    /// queue several targets share then gives each its own messages back.
    public var originQueue: String?

    /// Every message.
    public static let everything = DeadLetterSelection()

    public init(eventIDs: Set<String> = [], errorCodes: Set<String> = [], originQueue: String? = nil) {
        self.eventIDs = eventIDs
        self.errorCodes = errorCodes
        self.originQueue = originQueue
    }

    /// Whether `letter` is selected.
    public func contains(_ letter: DeadLetter) -> Bool {
        if !eventIDs.isEmpty, !(letter.eventID.map(eventIDs.contains) ?? false) { return false }
        if !errorCodes.isEmpty, !(letter.errorCode.map(errorCodes.contains) ?? false) { return false }
        if let originQueue, let origin = letter.originQueue, origin != originQueue { return false }
        return true
    }
}
