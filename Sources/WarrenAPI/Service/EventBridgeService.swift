import EventPatterns
public import Logging
public import WarrenCore

/// The EventBridge API over a backend: decodes a call, checks it as AWS does, runs the operation and encodes the
/// answer. No HTTP here (`WarrenServer` carries it); every failure becomes AWS's exception, never a crash.
public struct EventBridgeService: Sendable {
    public let backend: any EventBridgeBackend
    /// The account of every ARN, event and `CreatedBy`.
    public let account: String
    /// The region of unsigned calls (signed ones name theirs in the credential scope).
    public let defaultRegion: String
    /// PutEvents' limit of the total entry size (256 KiB by default, at most 1 MiB).
    public let maximumPutEventsSize: Int
    let logger: Logger

    public init(
        backend: any EventBridgeBackend, account: String, defaultRegion: String = "us-east-1",
        maximumPutEventsSize: Int = EventBusSettings.defaultRequestSize, logger: Logger
    ) {
        self.backend = backend
        self.account = account
        self.defaultRegion = defaultRegion
        self.maximumPutEventsSize = maximumPutEventsSize
        self.logger = logger
    }

    /// Answers one call.
    public func handle(_ request: EventBridgeRequest) async -> EventBridgeResponse {
        let operation: EventBridgeOperation
        do {
            operation = try EventBridgeOperation(target: request.target)
        } catch {
            return .failure(error, operation: nil)
        }
        do {
            let input = try Self.decode(request.body, as: operation.inputShape)
            let call = EventBridgeCall(
                input: input,
                settings: EventBusSettings(
                    account: account, region: request.region(default: defaultRegion), maximumRequestSize: maximumPutEventsSize))
            return .success(try await run(operation, call), operation: operation)
        } catch {
            if error.code == .internal {
                logger.error(
                    "the backend failed", metadata: ["operation": "\(operation.rawValue)", "error": "\(error)"])
            }
            return .failure(error, operation: operation)
        }
    }

    /// Parses the body and checks it against the operation's input shape: member types first, then constraints.
    static func decode(_ body: [UInt8], as shape: StructureShape) throws(EventBridgeError) -> ShapeInput {
        let value: JSONValue
        do throws(JSONParseError) {
            value = try JSONValue(parsing: body)
        } catch {
            throw EventBridgeError(.serialization, "The request body is not valid JSON: \(error)")
        }
        switch value {
        case .object(let object):
            try shape.checkTypes(ofBody: value)
            if let error = StructureShape.validationError(shape.problems(in: object)) { throw error }
            return ShapeInput(object)
        case .array:
            throw EventBridgeError(.serialization, "Start of list found where not expected")
        default:
            throw EventBridgeError(.serialization, "The request body must be a JSON object.")
        }
    }

    private func run(_ operation: EventBridgeOperation, _ call: EventBridgeCall) async throws(EventBridgeError)
        -> JSONValue
    {
        switch operation {
        case .putEvents: try await putEvents(call)
        case .testEventPattern: try testEventPattern(call)
        case .createEventBus: try await createEventBus(call)
        case .deleteEventBus: try await deleteEventBus(call)
        case .describeEventBus: try await describeEventBus(call)
        case .listEventBuses: try await listEventBuses(call)
        case .putRule: try await putRule(call)
        case .deleteRule: try await deleteRule(call)
        case .describeRule: try await describeRule(call)
        case .listRules: try await listRules(call)
        case .enableRule: try await setRuleState(call, .enabled)
        case .disableRule: try await setRuleState(call, .disabled)
        case .listRuleNamesByTarget: try await listRuleNamesByTarget(call)
        case .putTargets: try await putTargets(call)
        case .removeTargets: try await removeTargets(call)
        case .listTargetsByRule: try await listTargetsByRule(call)
        case .tagResource: try await tagResource(call)
        case .untagResource: try await untagResource(call)
        case .listTagsForResource: try await listTagsForResource(call)
        }
    }
}

/// One call's checked input and what it runs under.
struct EventBridgeCall: Sendable {
    var input: ShapeInput
    /// The caller's account and region (for ARNs and events) and PutEvents' size limit.
    var settings: EventBusSettings

    /// The bus an `EventBusName` member names (a name or an ARN); `default` when absent.
    func busName(_ member: String = "EventBusName") -> String {
        input.string(member).map(EventBusName.name(fromNameOrARN:)) ?? EventBusName.default
    }
}
