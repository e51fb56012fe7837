import EventPatterns
import Testing
import WarrenAPI

@Suite("Each operation's errors, with AWS's exception names and texts")
struct EventBridgeOperationErrorTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var operation: String
        var body: String
        var expected: APIFailure
        var testDescription: String { "\(operation) \(body.prefix(90))" }

        init(_ operation: String, _ body: String, _ type: String, _ message: String) {
            self.operation = operation
            self.body = body
            self.expected = APIFailure(type, message)
        }
    }

    static let target = #"{"Id": "t1", "Arn": "arn:aws:sqs:us-east-1:123456789012:q"}"#

    /// Bus `orders`; rule `r` on `default` with target `t1`; rule `full` on `orders` with five targets; rule `bare`
    /// on `default` without targets.
    static func prepared() async throws -> APICall {
        let call = APICall()
        try await call.ok("CreateEventBus", #"{"Name": "orders"}"#)
        try await call.ok("PutRule", #"{"Name": "r", "EventPattern": "{\"source\": [\"shop\"]}"}"#)
        try await call.ok("PutTargets", #"{"Rule": "r", "Targets": [\#(target)]}"#)
        try await call.ok("PutRule", #"{"Name": "bare", "EventPattern": "{\"source\": [\"a\"]}"}"#)
        try await call.ok("PutRule", #"{"Name": "full", "EventBusName": "orders", "EventPattern": "{\"source\": [\"a\"]}"}"#)
        let five = (1...5).map { #"{"Id": "t\#($0)", "Arn": "arn:aws:sqs:us-east-1:123456789012:q\#($0)"}"# }
        try await call.ok("PutTargets", #"{"Rule": "full", "EventBusName": "orders", "Targets": [\#(five.joined(separator: ","))]}"#)
        return call
    }

    static let cases: [Case] = [
        // Buses.
        Case("CreateEventBus", #"{"Name": "default"}"#, "ResourceAlreadyExistsException", "Event bus default already exists."),
        Case("CreateEventBus", #"{"Name": "orders"}"#, "ResourceAlreadyExistsException", "Event bus orders already exists."),
        Case("CreateEventBus", #"{"Name": "a/b"}"#, "ValidationException", "Event bus name must not contain '/'."),
        Case(
            "CreateEventBus", #"{"Name": "aws.partner/x/y", "EventSourceName": "aws.partner/x/y"}"#,
            "ResourceNotFoundException", "Event source aws.partner/x/y does not exist."),
        Case(
            "CreateEventBus", "{\"Name\": \"\(String(repeating: "b", count: 101))\"}", "ValidationException",
            "1 validation error detected: Value '\(String(repeating: "b", count: 101))' at 'name' failed to satisfy constraint: Member must have length less than or equal to 100"
        ),
        Case("DeleteEventBus", #"{"Name": "default"}"#, "ValidationException", "Cannot delete event bus default."),
        Case("DescribeEventBus", #"{"Name": "nope"}"#, "ResourceNotFoundException", "Event bus nope does not exist."),
        Case(
            "DescribeEventBus", #"{"Name": "arn:aws:events:us-east-1:123456789012:event-bus/nope"}"#,
            "ResourceNotFoundException", "Event bus nope does not exist."),
        // Rules.
        Case(
            "PutRule", #"{"Name": "x"}"#, "ValidationException",
            "Parameter(s) EventPattern or ScheduleExpression must be specified."),
        Case(
            "PutRule", #"{"Name": "x", "EventPattern": "", "ScheduleExpression": ""}"#, "ValidationException",
            "Parameter(s) EventPattern or ScheduleExpression must be specified."),
        Case(
            "PutRule", #"{"Name": "x", "EventBusName": "orders", "ScheduleExpression": "rate(5 minutes)"}"#,
            "ValidationException", "ScheduleExpression is supported only on the default event bus."),
        Case("PutRule", #"{"Name": "x", "ScheduleExpression": "every day"}"#, "ValidationException", "Parameter ScheduleExpression is not valid."),
        Case(
            "PutRule", #"{"Name": "x", "EventPattern": "{\"source\": [{\"prefix\": 1}]}"}"#, "InvalidEventPatternException",
            "Event pattern is not valid. Reason: prefix match pattern must be a string"),
        Case("PutRule", #"{"Name": "x", "EventBusName": "nope", "EventPattern": "{\"source\": [\"a\"]}"}"#, "ResourceNotFoundException", "Event bus nope does not exist."),
        Case("DescribeRule", #"{"Name": "nope"}"#, "ResourceNotFoundException", "Rule nope does not exist on EventBus default."),
        Case("DescribeRule", #"{"Name": "r", "EventBusName": "orders"}"#, "ResourceNotFoundException", "Rule r does not exist on EventBus orders."),
        Case("DescribeRule", #"{"Name": "r", "EventBusName": "nope"}"#, "ResourceNotFoundException", "Rule r does not exist on EventBus nope."),
        Case("EnableRule", #"{"Name": "nope"}"#, "ResourceNotFoundException", "Rule nope does not exist on EventBus default."),
        Case("DisableRule", #"{"Name": "nope"}"#, "ResourceNotFoundException", "Rule nope does not exist on EventBus default."),
        Case("DeleteRule", #"{"Name": "r"}"#, "ValidationException", "Rule can't be deleted since it has targets."),
        Case("ListRules", #"{"EventBusName": "nope"}"#, "ResourceNotFoundException", "Event bus nope does not exist."),
        Case(
            "ListRules", #"{"NextToken": "garbage"}"#, "ValidationException",
            "The NextToken is not valid: it does not come from a previous ListRules call."),
        // Targets.
        Case("ListTargetsByRule", #"{"Rule": "nope"}"#, "ResourceNotFoundException", "Rule nope does not exist on EventBus default."),
        Case("PutTargets", #"{"Rule": "nope", "Targets": [\#(target)]}"#, "ResourceNotFoundException", "Rule nope does not exist on EventBus default."),
        Case("RemoveTargets", #"{"Rule": "nope", "Ids": ["t1"]}"#, "ResourceNotFoundException", "Rule nope does not exist on EventBus default."),
        Case(
            "PutTargets", #"{"Rule": "r", "Targets": [{"Id": "s3", "Arn": "arn:aws:s3:::b"}, {"Id": "s3", "Arn": "test-bucket"}]}"#,
            "ValidationException", "Parameter test-bucket is not valid. Reason: Provided Arn is not in correct format."),
        Case(
            "PutTargets", #"{"Rule": "nope", "Targets": [{"Id": "f", "Arn": "arn:aws:sqs:us-east-1:123456789012:q.fifo"}]}"#,
            "ValidationException", "Parameter(s) SqsParameters must be specified for target: f."),
        Case(
            "PutTargets", #"{"Rule": "r", "Targets": [{"Id": "i", "Arn": "arn:x", "Input": "{}", "InputPath": "$.detail"}]}"#,
            "ValidationException", "Only one of Input, InputPath, or InputTransformer must be provided for target i."),
        Case(
            "PutTargets",
            #"{"Rule": "r", "Targets": [{"Id": "i", "Arn": "arn:x", "InputTransformer": {"InputPathsMap": {"a": "$.detail.a"}, "InputTemplate": "{\"a\": <a>, \"b\": <b>}"}}]}"#,
            "ValidationException", "InputTemplate for target i contains invalid placeholder b."),
        Case(
            "PutTargets", #"{"Rule": "r", "Targets": [{"Id": "d", "Arn": "arn:x", "DeadLetterConfig": {"Arn": "arn:aws:sns:us-east-1:1:t"}}]}"#,
            "ValidationException",
            "Parameter DeadLetterConfig.Arn is not valid for target d. Reason: it must be an SQS queue ARN, arn:aws:sqs:<region>:<account>:<queue name>."
        ),
        Case(
            "PutTargets", #"{"Rule": "full", "EventBusName": "orders", "Targets": [{"Id": "t6", "Arn": "arn:x"}]}"#,
            "LimitExceededException", "The requested resource exceeds the maximum number allowed."),
        // Tags.
        Case(
            "TagResource", #"{"ResourceARN": "arn:aws:events:eu-central-1:123456789012:rule/unknown", "Tags": []}"#,
            "ResourceNotFoundException", "Rule unknown does not exist on EventBus default."),
        Case(
            "UntagResource", #"{"ResourceARN": "arn:aws:events:eu-central-1:123456789012:rule/orders/unknown", "TagKeys": []}"#,
            "ResourceNotFoundException", "Rule unknown does not exist on EventBus orders."),
        Case(
            "ListTagsForResource", #"{"ResourceARN": "arn:aws:events:eu-central-1:123456789012:event-bus/nope"}"#,
            "ResourceNotFoundException", "Event bus nope does not exist."),
        Case(
            "ListTagsForResource", #"{"ResourceARN": "nope"}"#, "ValidationException",
            "Parameter nope is not valid. Reason: Provided Arn is not in correct format."),
        // Events.
        Case(
            "PutEvents", #"{"Entries": [{"Source": "s", "DetailType": "d", "Detail": "{}", "EventBusName": "nope"}]}"#,
            "ResourceNotFoundException", "Event bus nope does not exist."),
        Case(
            "TestEventPattern", #"{"EventPattern": "{}", "Event": "[]"}"#, "ValidationException", "Parameter Event is not valid."),
        Case(
            "TestEventPattern",
            #"{"EventPattern": "{\"detail\": {\"n\": [{\"numeric\": [\">\"]}]}}", "Event": "{\"id\":\"1\",\"account\":\"1\",\"source\":\"s\",\"time\":\"t\",\"region\":\"r\",\"detail-type\":\"d\"}"}"#,
            "InvalidEventPatternException", "Event pattern is not valid. Reason: Value of > must be numeric"),
    ]

    @Test("the exception and text AWS gives", arguments: cases)
    func failure(_ testCase: Case) async throws {
        let call = try await Self.prepared()
        #expect(try await call.failure(testCase.operation, testCase.body) == testCase.expected)
    }

    @Test("more than ten entries: AWS's text prints every entry")
    func tooManyEntries() async throws {
        let entry = #"{"Source": "core.update", "DetailType": "command", "Detail": "{\"a\": 1}"}"#
        let body = "{\"Entries\": [\(Array(repeating: entry, count: 11).joined(separator: ","))]}"
        let failure = try await APICall().failure("PutEvents", body)
        let printed =
            #"PutEventsRequestEntry(time=null, source=core.update, resources=null, detailType=command, detail={"a": 1}, eventBusName=null, traceHeader=null, kmsKeyIdentifier=null, internalMetadata=null)"#
        #expect(
            failure
                == APIFailure(
                    "ValidationException",
                    "1 validation error detected: Value '[\(Array(repeating: printed, count: 11).joined(separator: ", "))]' at 'entries' failed to satisfy constraint: Member must have length less than or equal to 10"
                ))
    }

    @Test("entries larger than the limit in total fail the request")
    func tooLarge() async throws {
        let detail = "{\\\"a\\\": \\\"\(String(repeating: "x", count: 300))\\\"}"
        let body = #"{"Entries": [{"Source": "s", "DetailType": "d", "Detail": "\#(detail)"}]}"#
        let failure = try await APICall(maximumPutEventsSize: 200).failure("PutEvents", body)
        #expect(failure == APIFailure("ValidationException", "Total size of the entries in the request is over the limit."))
    }
}
