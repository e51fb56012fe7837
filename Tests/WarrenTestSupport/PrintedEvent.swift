import EventPatterns

/// An event as `warren consume` prints it (its JSON on one line): the id, and the `n` that load producers put in
/// `detail` to number their events.
public struct PrintedEvent: Sendable, Hashable {
    public var id: String
    public var number: Int?

    /// Reads one printed line; nil when it is not an event.
    public init?(line: Substring) {
        guard let json = try? JSONValue(parsing: String(line)), case .object(let envelope) = json,
            case .string(let id)? = envelope["id"]
        else { return nil }
        self.id = id
        if case .object(let detail)? = envelope["detail"], case .number(let number)? = detail["n"] {
            self.number = Int(number.doubleValue)
        }
    }

    /// Every event among `lines`, in order.
    public static func parse<Lines: Sequence>(_ lines: Lines) -> [PrintedEvent] where Lines.Element == Substring {
        lines.compactMap(PrintedEvent.init(line:))
    }
}
