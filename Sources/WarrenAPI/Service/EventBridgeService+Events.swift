import EventPatterns
import WarrenCore

extension EventBridgeService {
    /// PutEvents: the backend's publisher validates each entry as EventBridge does; entries fail alone.
    func putEvents(_ call: EventBridgeCall) async throws(EventBridgeError) -> JSONValue {
        let entries = (call.input.structures("Entries") ?? []).map(PutEventsRequestEntry.init(shapeInput:))
        let result: PutEventsResult
        do throws(PutEventsRequestError) {
            result = try await backend.putEvents(entries, settings: call.settings)
        } catch {
            throw EventBridgeError(EventBridgeError.Code(rawValue: error.code.rawValue), error.message)
        }
        let results: [JSONValue] = result.entries.map { entry in
            if let eventID = entry.eventID { return ["EventId": .string(eventID)] }
            return [
                "ErrorCode": .string(entry.errorCode ?? "InternalFailure"),
                "ErrorMessage": .string(entry.errorMessage ?? ""),
            ]
        }
        return ["FailedEntryCount": .number(JSONNumber(result.failedEntryCount)), "Entries": .array(results)]
    }

    /// TestEventPattern: Warren's pattern engine, with AWS's reason texts.
    func testEventPattern(_ call: EventBridgeCall) throws(EventBridgeError) -> JSONValue {
        do throws(TestEventPatternError) {
            let matches = try TestEventPattern.evaluate(
                pattern: call.input.string("EventPattern") ?? "", event: call.input.string("Event") ?? "")
            return ["Result": .bool(matches)]
        } catch {
            throw EventBridgeError(EventBridgeError.Code(rawValue: error.awsErrorCode), error.message)
        }
    }
}
