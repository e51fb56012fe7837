extension JSONValue {
    /// Why bytes cannot be an event, or `nil` when they can: an event is a valid UTF-8 JSON object nested at most
    /// 1,000 levels deep. Matching treats such bytes as matching nothing; this says why.
    public static func eventProblem(in bytes: some Collection<UInt8>) -> JSONParseError? {
        let value: JSONValue
        do throws(JSONParseError) {
            value = try JSONValue(parsing: bytes)
        } catch {
            return error
        }
        guard case .object = value else {
            return JSONParseError(message: "Event must be a JSON object", offset: 0, line: 1, column: 1)
        }
        return nil
    }
}
