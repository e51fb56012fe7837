/// EventBridge's `TestEventPattern` API: does this pattern match this event?
public enum TestEventPattern {
    /// The fields a `TestEventPattern` event must have. (The API reference also lists `resources`, but EventBridge
    /// accepts events without it; the conformance corpus has such cases.)
    public static let requiredEventFields = ["id", "account", "source", "time", "region", "detail-type"]

    /// Evaluates the pattern against the event, as `aws events test-event-pattern` does.
    ///
    /// - Throws: `.invalidEvent` when the event is not a JSON object with the required fields (checked first, as
    ///   the API validates its parameters before reading the pattern); `.invalidPattern` with AWS's message when
    ///   the pattern is invalid.
    public static func evaluate(pattern: String, event: String, limits: PatternLimits = .init())
        throws(TestEventPatternError) -> Bool
    {
        let parsedEvent = try validatedEvent(event)
        let parsedPattern: EventPattern
        do throws(EventPatternError) {
            parsedPattern = try EventPattern(parsing: pattern, limits: limits)
        } catch {
            throw .invalidPattern(error)
        }
        return CompiledPattern(parsedPattern).matches(parsedEvent)
    }

    /// Parses and checks a `TestEventPattern` event.
    public static func validatedEvent(_ event: String) throws(TestEventPatternError) -> JSONValue {
        let value: JSONValue
        do throws(JSONParseError) {
            value = try JSONValue(parsing: event)
        } catch {
            throw .invalidEvent(detail: "the event is not valid JSON: \(error)")
        }
        guard case .object(let object) = value else {
            throw .invalidEvent(detail: "the event is not a JSON object")
        }
        let missing = requiredEventFields.filter { object[$0] == nil }
        guard missing.isEmpty else {
            throw .invalidEvent(detail: "the event lacks \(missing.joined(separator: ", "))")
        }
        return value
    }
}
