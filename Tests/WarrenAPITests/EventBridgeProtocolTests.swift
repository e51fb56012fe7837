import EventPatterns
import Testing
@testable import WarrenAPI

@Suite("AWS JSON 1.1: targets, regions, body types and AWS's validation texts")
struct EventBridgeProtocolTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var operation: String?
        var body: String
        var expected: APIFailure
        var testDescription: String { "\(operation ?? "(no target)") \(body.prefix(80))" }

        init(_ operation: String?, _ body: String, _ type: String, _ message: String?) {
            self.operation = operation
            self.body = body
            self.expected = APIFailure(type, message)
        }
    }

    static let cases: [Case] = [
        // The operation.
        Case(nil, "{}", "UnknownOperationException", "Missing X-Amz-Target header: expected AWSEvents.<Operation>."),
        Case("CreateArchive", "{}", "UnknownOperationException", "Warren does not support the operation CreateArchive."),
        // The body.
        Case("ListRules", "[]", "SerializationException", "Start of list found where not expected"),
        Case("ListRules", #""x""#, "SerializationException", "The request body must be a JSON object."),
        // Member types: AWS's deserializer texts.
        Case("ListRules", #"{"Limit": "5"}"#, "SerializationException", "STRING_VALUE can not be converted to an Integer"),
        Case("ListRules", #"{"Limit": true}"#, "SerializationException", "TRUE_VALUE can not be converted to an Integer"),
        Case("ListRules", #"{"Limit": 1.5}"#, "SerializationException", "NUMBER_VALUE can not be converted to an Integer"),
        Case("DescribeRule", #"{"Name": 5}"#, "SerializationException", "NUMBER_VALUE can not be converted to a String"),
        Case("DescribeRule", #"{"Name": false}"#, "SerializationException", "FALSE_VALUE can not be converted to a String"),
        Case("DescribeRule", #"{"Name": ["a"]}"#, "SerializationException", "Start of list found where not expected"),
        Case(
            "DescribeRule", #"{"Name": {"a": 1}}"#, "SerializationException",
            "Start of structure or map found where not expected."),
        Case("PutTargets", #"{"Rule": "r", "Targets": "x"}"#, "SerializationException", "Expected list or null"),
        Case(
            "PutTargets", #"{"Rule": "r", "Targets": [{"Id": "a", "Arn": "arn:x", "RetryPolicy": "x"}]}"#,
            "SerializationException", "Expected null"),
        Case("DeleteRule", #"{"Name": "r", "Force": "yes"}"#, "SerializationException", "STRING_VALUE can not be converted to a Boolean"),
        Case("RemoveTargets", #"{"Rule": "r", "Ids": [1]}"#, "SerializationException", "NUMBER_VALUE can not be converted to a String"),
        Case(
            "PutEvents", #"{"Entries": [{"Time": "yesterday"}]}"#, "SerializationException",
            "STRING_VALUE can not be converted to a Timestamp"),
        // Types are checked before constraints.
        Case("ListRules", #"{"Limit": "1", "NamePrefix": ""}"#, "SerializationException", "STRING_VALUE can not be converted to an Integer"),
        // Constraints.
        Case(
            "DescribeRule", "{}", "ValidationException",
            "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null"),
        Case(
            "DescribeRule", #"{"Name": null}"#, "ValidationException",
            "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null"),
        Case(
            "PutRule", #"{"Name": ""}"#, "ValidationException",
            #"2 validation errors detected: Value '' at 'name' failed to satisfy constraint: Member must have length greater than or equal to 1; Value '' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\.\-_A-Za-z0-9]+"#
        ),
        Case(
            "PutRule", #"{"Name": "This should fail with two errors 123467890123412341234123412341234", "State": "ON"}"#,
            "ValidationException",
            #"3 validation errors detected: Value 'This should fail with two errors 123467890123412341234123412341234' at 'name' failed to satisfy constraint: Member must have length less than or equal to 64; Value 'This should fail with two errors 123467890123412341234123412341234' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\.\-_A-Za-z0-9]+; Value 'ON' at 'state' failed to satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED, ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS]"#
        ),
        Case(
            "ListRules", #"{"Limit": 0}"#, "ValidationException",
            "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"),
        Case(
            "ListRules", #"{"Limit": 101}"#, "ValidationException",
            "1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100"),
        Case(
            "PutTargets", #"{"Rule": "r", "Targets": []}"#, "ValidationException",
            "1 validation error detected: Value '[]' at 'targets' failed to satisfy constraint: Member must have length greater than or equal to 1"),
        // Recorded against AWS (LocalStack's test_put_target_id_validation).
        Case(
            "PutTargets", #"{"Rule": "r", "Targets": [{"Id": "!@#$@!#$", "Arn": "arn:aws:sqs:us-east-1:1:q"}]}"#,
            "ValidationException",
            #"1 validation error detected: Value '!@#$@!#$' at 'targets.1.member.id' failed to satisfy constraint: Member must satisfy regular expression pattern: [\.\-_A-Za-z0-9]+"#
        ),
        Case(
            "PutTargets",
            #"{"Rule": "r", "Targets": [{"Id": "a", "Arn": "arn:x"}, {"Id": "b", "RetryPolicy": {"MaximumRetryAttempts": 186, "MaximumEventAgeInSeconds": 59}}]}"#,
            "ValidationException",
            "3 validation errors detected: Value null at 'targets.2.member.arn' failed to satisfy constraint: Member must not be null; Value '186' at 'targets.2.member.retryPolicy.maximumRetryAttempts' failed to satisfy constraint: Member must have value less than or equal to 185; Value '59' at 'targets.2.member.retryPolicy.maximumEventAgeInSeconds' failed to satisfy constraint: Member must have value greater than or equal to 60"
        ),
        Case(
            "TagResource", "{}", "ValidationException",
            "2 validation errors detected: Value null at 'resourceARN' failed to satisfy constraint: Member must not be null; Value null at 'tags' failed to satisfy constraint: Member must not be null"
        ),
        Case(
            "PutEvents", #"{"Entries": [{"Source": "s", "EventBusName": "bad bus"}]}"#, "ValidationException",
            #"1 validation error detected: Value 'bad bus' at 'entries.1.member.eventBusName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:aws[\w-]*:events:[a-z]+-[a-z]+-[\w-]+:[0-9]{12}:event-bus\/)?[\.\-_A-Za-z0-9]+"#
        ),
        Case(
            "CreateEventBus", "{\"Name\": \"\(String(repeating: "b", count: 257))\"}", "ValidationException",
            "1 validation error detected: Value '\(String(repeating: "b", count: 257))' at 'name' failed to satisfy constraint: Member must have length less than or equal to 256"
        ),
        Case(
            "DescribeEventBus", #"{"Name": "arn:aws:events:us-east-1:12:event-bus/x"}"#, "ValidationException",
            #"1 validation error detected: Value 'arn:aws:events:us-east-1:12:event-bus/x' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:aws[\w-]*:events:[a-z]+-[a-z]+-[\w-]+:[0-9]{12}:event-bus\/)?[/\.\-_A-Za-z0-9]+"#
        ),
    ]

    @Test("each malformed call gets AWS's exception and text", arguments: cases)
    func malformed(_ testCase: Case) async throws {
        let failure = try await APICall().failure(testCase.operation, testCase.body)
        #expect(failure == testCase.expected)
    }

    @Test("malformed JSON is a SerializationException that says where")
    func malformedJSON() async throws {
        let failure = try await APICall().failure("ListRules", #"{"Limit": 1,"#)
        #expect(failure.type == "SerializationException")
        #expect(failure.message?.hasPrefix("The request body is not valid JSON:") == true)
    }

    @Test("SerializationException spells its member Message, EventBridge's own exceptions message")
    func messageKeys() async throws {
        let call = APICall()
        #expect(await call.raw("ListRules", #"{"Limit": "x"}"#).body.contains(#""Message":"#))
        #expect(await call.raw("DescribeRule", #"{"Name": "nope"}"#).body.contains(#""message":"#))
        #expect(await call.raw("DescribeRule", #"{"Name": "nope"}"#).errorCode == "ResourceNotFoundException")
    }

    @Test("null members and members the model does not have are ignored")
    func ignoredMembers() async throws {
        let bus = try await APICall().ok("DescribeEventBus", #"{"Name": null, "Unknown": [1, 2]}"#)
        #expect(bus["Name"] == "default")
    }

    @Test("the region is the credential scope's fourth element; unsigned calls use the default")
    func region() async throws {
        let call = APICall()
        let signed = try await call.ok("DescribeEventBus", "{}", authorization: APICall.signedInEuCentral1)
        #expect(signed["Arn"] == "arn:aws:events:eu-central-1:123456789012:event-bus/default")
        let unsigned = try await call.ok("DescribeEventBus", "{}")
        #expect(unsigned["Arn"] == "arn:aws:events:us-east-1:123456789012:event-bus/default")
        #expect(EventBridgeRequest.region(fromAuthorization: "AWS4-HMAC-SHA256 Credential=k/d") == nil)
        #expect(EventBridgeRequest.region(fromAuthorization: "Basic abc") == nil)
        #expect(
            EventBridgeRequest(target: nil, authorization: "AWS4-HMAC-SHA256 Credential=k/20260101/ap-south-2/events/aws4_request", body: [])
                .region() == "ap-south-2")
    }

    @Test("the operations Warren serves, by X-Amz-Target")
    func operations() throws {
        #expect(EventBridgeOperation.allCases.count == 19)
        for operation in EventBridgeOperation.allCases {
            #expect(try EventBridgeOperation(target: "AWSEvents.\(operation.rawValue)") == operation)
        }
        #expect(throws: EventBridgeError.self) { try EventBridgeOperation(target: "Logs_20140328.CreateLogGroup") }
    }

    @Test("every pattern of the model compiles as a Swift regular expression")
    func patternsCompile() {
        var patterns: [String] = []
        func collect(_ shape: Shape, _ seen: inout Set<String>) {
            switch shape {
            case .string(let string): if let pattern = string.pattern { patterns.append(pattern) }
            case .list(let list): collect(list.member, &seen)
            case .map(let map): collect(map.key, &seen); collect(map.value, &seen)
            case .structure(let structure):
                guard seen.insert(structure.name).inserted else { return }
                for member in structure.members { collect(member.shape, &seen) }
            default: break
            }
        }
        var seen = Set<String>()
        for operation in EventBridgeOperation.allCases { collect(.structure(operation.inputShape), &seen) }
        #expect(patterns.count > 5)
        for pattern in patterns { #expect(JavaPattern.compile(pattern) != nil, "\(pattern)") }
        #expect(JavaPattern.matches("arn:aws:events:us-east-1:123456789012:event-bus/orders", pattern: #"(arn:aws[\w-]*:events:[a-z]+-[a-z]+-[\w-]+:[0-9]{12}:event-bus\/)?[/\.\-_A-Za-z0-9]+"#))
        #expect(!JavaPattern.matches("a b", pattern: #"[\.\-_A-Za-z0-9]+"#))
    }
}
