import EventPatterns
import Testing
import WarrenAPI
import WarrenCore

@Suite("What each operation does: buses, rules, targets, tags, pagination, events")
struct EventBridgeOperationTests {
    @Test("buses: create, describe (epoch-second timestamps), list with a prefix, delete with their rules")
    func buses() async throws {
        let call = APICall()
        let created = try await call.ok(
            "CreateEventBus",
            #"{"Name": "orders", "Description": "d", "DeadLetterConfig": {"Arn": "arn:aws:sqs:us-east-1:123456789012:dlq"}}"#)
        #expect(created["EventBusArn"] == "arn:aws:events:us-east-1:123456789012:event-bus/orders")
        #expect(created["Description"] == "d")
        let described = try await call.ok("DescribeEventBus", #"{"Name": "arn:aws:events:us-east-1:123456789012:event-bus/orders"}"#)
        #expect(described["Name"] == "orders")
        #expect(described["DeadLetterConfig"]?["Arn"] == "arn:aws:sqs:us-east-1:123456789012:dlq")
        #expect(described["CreationTime"]?.numberValue != nil)
        #expect(described["LastModifiedTime"]?.numberValue != nil)
        try await call.ok("CreateEventBus", #"{"Name": "other"}"#)
        let listed = try await call.ok("ListEventBuses", #"{"NamePrefix": "o"}"#)
        #expect(listed["EventBuses"]?.arrayValue?.compactMap { $0["Name"]?.stringValue } == ["orders", "other"])
        #expect(listed["EventBuses"]?.arrayValue?.first?["CreationTime"]?.numberValue != nil)
        try await call.ok("PutRule", #"{"Name": "r", "EventBusName": "orders", "EventPattern": "{\"source\": [\"a\"]}"}"#)
        try await call.ok("DeleteEventBus", #"{"Name": "orders"}"#)
        try await call.ok("DeleteEventBus", #"{"Name": "orders"}"#)
        try await call.ok("CreateEventBus", #"{"Name": "orders"}"#)
        let rules = try await call.ok("ListRules", #"{"EventBusName": "orders"}"#)
        #expect(rules["Rules"] == [])
    }

    @Test("rule ARNs: rule/<name> on the default bus, rule/<bus>/<name> on others; bus names or ARNs")
    func ruleARNs() async throws {
        let call = APICall()
        try await call.ok("CreateEventBus", #"{"Name": "orders"}"#)
        let pattern = #"{\"source\": [\"shop\"]}"#
        let onDefault = try await call.ok("PutRule", #"{"Name": "r", "EventPattern": "\#(pattern)"}"#, authorization: APICall.signedInEuCentral1)
        #expect(onDefault["RuleArn"] == "arn:aws:events:eu-central-1:123456789012:rule/r")
        let onOrders = try await call.ok(
            "PutRule",
            #"{"Name": "r", "EventBusName": "arn:aws:events:eu-central-1:123456789012:event-bus/orders", "EventPattern": "\#(pattern)"}"#,
            authorization: APICall.signedInEuCentral1)
        #expect(onOrders["RuleArn"] == "arn:aws:events:eu-central-1:123456789012:rule/orders/r")
        let described = try await call.ok("DescribeRule", #"{"Name": "r", "EventBusName": "orders"}"#)
        #expect(described["Arn"] == "arn:aws:events:us-east-1:123456789012:rule/orders/r")
        #expect(described["EventBusName"] == "orders")
        #expect(described["CreatedBy"] == "123456789012")
        #expect(described["State"] == "ENABLED")
        #expect(described["EventPattern"] == JSONValue.string(#"{"source": ["shop"]}"#))
        #expect(described["ManagedBy"] == nil)
        #expect(described["ScheduleExpression"] == nil)
    }

    @Test("PutRule replaces the rule but keeps its targets and tags; tags are taken on create only")
    func putRuleReplaces() async throws {
        let call = APICall()
        try await call.ok(
            "PutRule",
            #"{"Name": "r", "EventPattern": "{\"source\": [\"a\"]}", "Description": "first", "Tags": [{"Key": "k", "Value": "1"}]}"#)
        try await call.ok("PutTargets", #"{"Rule": "r", "Targets": [{"Id": "t", "Arn": "arn:aws:sqs:us-east-1:1:q"}]}"#)
        try await call.ok(
            "PutRule",
            #"{"Name": "r", "ScheduleExpression": "rate(5 minutes)", "State": "DISABLED", "Tags": [{"Key": "k", "Value": "2"}]}"#)
        let described = try await call.ok("DescribeRule", #"{"Name": "r"}"#)
        #expect(described["Description"] == nil)
        #expect(described["EventPattern"] == nil)
        #expect(described["ScheduleExpression"] == "rate(5 minutes)")
        #expect(described["State"] == "DISABLED")
        let targets = try await call.ok("ListTargetsByRule", #"{"Rule": "r"}"#)
        #expect(targets["Targets"]?.arrayValue?.count == 1)
        let tags = try await call.ok("ListTagsForResource", #"{"ResourceARN": "arn:aws:events:us-east-1:123456789012:rule/r"}"#)
        #expect(tags["Tags"] == [["Key": "k", "Value": "1"]])
    }

    @Test("EnableRule and DisableRule; DeleteRule of a missing rule succeeds")
    func ruleState() async throws {
        let call = APICall()
        try await call.ok("PutRule", #"{"Name": "r", "EventPattern": "{\"source\": [\"a\"]}"}"#)
        try await call.ok("DisableRule", #"{"Name": "r"}"#)
        #expect(try await call.ok("DescribeRule", #"{"Name": "r"}"#)["State"] == "DISABLED")
        try await call.ok("EnableRule", #"{"Name": "r"}"#)
        #expect(try await call.ok("DescribeRule", #"{"Name": "r"}"#)["State"] == "ENABLED")
        try await call.ok("DeleteRule", #"{"Name": "r"}"#)
        try await call.ok("DeleteRule", #"{"Name": "r"}"#)
        try await call.ok("DeleteRule", #"{"Name": "r", "EventBusName": "gone"}"#)
        #expect(try await call.ok("ListRules", "{}")["Rules"] == [])
    }

    @Test("targets: upsert by Id, listed as put, removed by Id; Warren's queue, retry policy and dead-letter queue")
    func targets() async throws {
        let call = APICall()
        try await call.ok("CreateEventBus", #"{"Name": "orders"}"#)
        try await call.ok("PutRule", #"{"Name": "big", "EventBusName": "orders", "EventPattern": "{\"source\": [\"shop\"]}"}"#)
        let first =
            #"{"Id": "fulfil", "Arn": "arn:aws:sqs:us-east-1:123456789012:fulfil", "RetryPolicy": {"MaximumRetryAttempts": 3}, "DeadLetterConfig": {"Arn": "arn:aws:sqs:us-east-1:123456789012:big-dlq"}, "Input": "{\"x\": 1}", "SqsParameters": null}"#
        let second = #"{"Id": "audit", "Arn": "arn:aws:lambda:us-east-1:123456789012:function:audit"}"#
        try await call.ok("PutTargets", #"{"Rule": "big", "EventBusName": "orders", "Targets": [\#(first), \#(second)]}"#)
        try await call.ok(
            "PutTargets",
            #"{"Rule": "big", "EventBusName": "orders", "Targets": [{"Id": "audit", "Arn": "arn:aws:lambda:us-east-1:123456789012:function:audit2"}]}"#)
        let listed = try await call.ok("ListTargetsByRule", #"{"Rule": "big", "EventBusName": "orders"}"#)
        let targets = listed["Targets"]?.arrayValue ?? []
        #expect(targets.map { $0["Id"]?.stringValue } == ["fulfil", "audit"])
        #expect(targets.first?["SqsParameters"] == nil)
        #expect(targets.first?["Input"] == JSONValue.string(#"{"x": 1}"#))
        #expect(targets.last?["Arn"] == "arn:aws:lambda:us-east-1:123456789012:function:audit2")

        let rule = try #require(try await call.backend.rules(onBus: "orders").first)
        let warrenRule = try #require(try rule.warrenRule())
        #expect(warrenRule.targets.map(\.id) == ["fulfil", "audit"])
        #expect(warrenRule.targets[0].retryPolicy == RetryPolicy(maximumRetryAttempts: 3, maximumEventAgeInSeconds: 86_400))
        #expect(warrenRule.targets[0].deadLetterQueue == "big-dlq")
        #expect(warrenRule.targets[1].retryPolicy == RetryPolicy())
        #expect(warrenRule.targets[1].deadLetterQueue == nil)
        #expect(TopologyNames.targetQueue(bus: "orders", rule: "big", target: "fulfil") == "warren:orders:big:fulfil")

        let removed = try await call.ok("RemoveTargets", #"{"Rule": "big", "EventBusName": "orders", "Ids": ["fulfil", "nope"]}"#)
        #expect(removed == ["FailedEntryCount": 0, "FailedEntries": []])
        let after = try await call.ok("ListTargetsByRule", #"{"Rule": "big", "EventBusName": "orders"}"#)
        #expect(after["Targets"]?.arrayValue?.map { $0["Id"]?.stringValue } == ["audit"])
    }

    @Test("a rule with a schedule alone routes nothing in Warren")
    func scheduleOnly() async throws {
        let call = APICall()
        try await call.ok("PutRule", #"{"Name": "tick", "ScheduleExpression": "cron(0 12 * * ? *)"}"#)
        let rule = try #require(try await call.backend.rules(onBus: "default").first)
        #expect(try rule.warrenRule() == nil)
    }

    @Test("pagination over 250 rules: pages of Limit, opaque tokens, the prefix kept across pages")
    func pagination() async throws {
        let call = APICall()
        for index in 0..<250 {
            let name = index < 200 ? "rule-\(1000 + index)" : "other-\(index)"
            try await call.ok("PutRule", #"{"Name": "\#(name)", "EventPattern": "{\"source\": [\"a\"]}"}"#)
        }
        #expect(try await call.ok("ListRules", "{}")["Rules"]?.arrayValue?.count == 100)
        var names: [String] = []
        var token: String?
        var pages = 0
        repeat {
            let tokenMember = token.map { #", "NextToken": "\#($0)""# } ?? ""
            let page = try await call.ok("ListRules", #"{"NamePrefix": "rule-", "Limit": 60\#(tokenMember)}"#)
            names += page["Rules"]?.arrayValue?.compactMap { $0["Name"]?.stringValue } ?? []
            token = page["NextToken"]?.stringValue
            #expect(token?.contains("rule-") != true)
            pages += 1
        } while token != nil && pages < 10
        #expect(pages == 4)
        #expect(names == (1000..<1200).map { "rule-\($0)" })
        let token2 = try #require(try await call.ok("ListRules", #"{"Limit": 1}"#)["NextToken"]?.stringValue)
        #expect(try await call.failure("ListEventBuses", #"{"NextToken": "\#(token2)"}"#).type == "ValidationException")
    }

    @Test("ListRuleNamesByTarget: each rule once, paged")
    func ruleNamesByTarget() async throws {
        let call = APICall()
        let arn = "arn:aws:lambda:us-east-1:123456789012:function:test"
        for name in ["b", "a", "c"] {
            try await call.ok("PutRule", #"{"Name": "\#(name)", "EventPattern": "{\"source\": [\"a\"]}"}"#)
        }
        try await call.ok("PutTargets", #"{"Rule": "a", "Targets": [{"Id": "1", "Arn": "\#(arn)"}, {"Id": "2", "Arn": "\#(arn)"}]}"#)
        try await call.ok("PutTargets", #"{"Rule": "b", "Targets": [{"Id": "1", "Arn": "\#(arn)"}]}"#)
        try await call.ok("PutTargets", #"{"Rule": "c", "Targets": [{"Id": "1", "Arn": "arn:aws:sqs:us-east-1:1:q"}]}"#)
        #expect(try await call.ok("ListRuleNamesByTarget", #"{"TargetArn": "\#(arn)"}"#)["RuleNames"] == ["a", "b"])
        let first = try await call.ok("ListRuleNamesByTarget", #"{"TargetArn": "\#(arn)", "Limit": 1}"#)
        #expect(first["RuleNames"] == ["a"])
        let token = try #require(first["NextToken"]?.stringValue)
        let second = try await call.ok("ListRuleNamesByTarget", #"{"TargetArn": "\#(arn)", "NextToken": "\#(token)"}"#)
        #expect(second["RuleNames"] == ["b"])
        #expect(second["NextToken"] == nil)
    }

    @Test("tags on rules and buses: add, replace by key, remove, list")
    func tags() async throws {
        let call = APICall()
        try await call.ok("CreateEventBus", #"{"Name": "orders", "Tags": [{"Key": "team", "Value": "a"}]}"#)
        try await call.ok("PutRule", #"{"Name": "r", "EventBusName": "orders", "EventPattern": "{\"source\": [\"a\"]}"}"#)
        let bus = "arn:aws:events:us-east-1:123456789012:event-bus/orders"
        let rule = "arn:aws:events:us-east-1:123456789012:rule/orders/r"
        try await call.ok("TagResource", #"{"ResourceARN": "\#(bus)", "Tags": [{"Key": "team", "Value": "b"}, {"Key": "env", "Value": "dev"}]}"#)
        #expect(
            try await call.ok("ListTagsForResource", #"{"ResourceARN": "\#(bus)"}"#)["Tags"]
                == [["Key": "team", "Value": "b"], ["Key": "env", "Value": "dev"]])
        try await call.ok("TagResource", #"{"ResourceARN": "\#(rule)", "Tags": [{"Key": "k1", "Value": "v1"}, {"Key": "k2", "Value": "v2"}]}"#)
        try await call.ok("UntagResource", #"{"ResourceARN": "\#(rule)", "TagKeys": ["k1"]}"#)
        #expect(try await call.ok("ListTagsForResource", #"{"ResourceARN": "\#(rule)"}"#)["Tags"] == [["Key": "k2", "Value": "v2"]])
    }

    @Test("PutEvents: one result per entry, in order; a bad entry fails alone; a bus ARN works")
    func putEvents() async throws {
        let call = APICall()
        try await call.ok("CreateEventBus", #"{"Name": "orders"}"#)
        let result = try await call.ok(
            "PutEvents",
            #"{"Entries": [{"Source": "shop"}, {"Source": "shop", "DetailType": "placed", "Detail": "{\"n\": 1}", "EventBusName": "arn:aws:events:eu-central-1:123456789012:event-bus/orders", "Time": 1704067200}, {"Source": "shop", "DetailType": "placed", "Detail": "nope"}]}"#,
            authorization: APICall.signedInEuCentral1)
        #expect(result["FailedEntryCount"] == 2)
        let entries = result["Entries"]?.arrayValue ?? []
        #expect(entries.count == 3)
        #expect(entries[0] == ["ErrorCode": "InvalidArgument", "ErrorMessage": "Parameter DetailType is not valid. Reason: DetailType is a required argument."])
        #expect(entries[1]["EventId"]?.stringValue != nil)
        #expect(entries[2] == ["ErrorCode": "MalformedDetail", "ErrorMessage": "Detail is malformed."])
        let published = await call.backend.publishedEvents
        #expect(published.count == 1)
        #expect(published.first?.bus == "orders")
        #expect(published.first?.envelope.region == "eu-central-1")
        #expect(published.first?.envelope.account == "123456789012")
        #expect(published.first?.envelope.time == "2024-01-01T00:00:00Z")
        #expect(published.first?.envelope.id == entries[1]["EventId"]?.stringValue)
    }

    @Test("TestEventPattern: the engine's verdict")
    func testEventPattern() async throws {
        let event = #"{\"id\":\"1\",\"account\":\"1\",\"source\":\"shop\",\"time\":\"t\",\"region\":\"r\",\"detail-type\":\"d\",\"detail\":{\"n\":5}}"#
        let call = APICall()
        let matching = try await call.ok(
            "TestEventPattern", #"{"EventPattern": "{\"detail\": {\"n\": [{\"numeric\": [\">\", 1]}]}}", "Event": "\#(event)"}"#)
        #expect(matching == ["Result": true])
        let other = try await call.ok("TestEventPattern", #"{"EventPattern": "{\"source\": [\"bank\"]}", "Event": "\#(event)"}"#)
        #expect(other == ["Result": false])
    }

    @Test("the 301st rule of a bus is refused")
    func ruleLimit() async throws {
        let call = APICall()
        for index in 0..<300 {
            try await call.ok("PutRule", #"{"Name": "r\#(index)", "EventPattern": "{\"source\": [\"a\"]}"}"#)
        }
        #expect(
            try await call.failure("PutRule", #"{"Name": "one-more", "EventPattern": "{\"source\": [\"a\"]}"}"#)
                == APIFailure("LimitExceededException", "The requested resource exceeds the maximum number allowed."))
        try await call.ok("PutRule", #"{"Name": "r7", "ScheduleExpression": "rate(1 minute)"}"#)
    }
}
