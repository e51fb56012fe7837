import EventPatterns
import Foundation
import Testing

@testable import WarrenCore

/// What a target receives, cell by cell of the spec's substitution table (§5.3), with the reserved variables,
/// `Input`, `InputPath`, and the events that cannot be delivered.
@Suite("Target input shaping")
struct CompiledTargetInputTests {
    static let eventText = #"""
        {"version":"0","id":"e-1","detail-type":"Order Placed","source":"shop","account":"123456789012","time":"2024-05-01T12:00:00Z","region":"eu-west-1","resources":["arn:r1"],"detail":{"s":"abc","n":2.50,"b":true,"o":{"k":"v","k2":2},"a":["A","B"],"z":null,"q":"say \"hi\"","bs":"C:\\data","nl":"a\nb","e":""}}
        """#
    static let eventBytes = Array(eventText.utf8)
    static let event = try! JSONValue(parsing: eventText)
    static let context = TargetInputContext(
        ruleARN: "arn:aws:events:eu-west-1:123456789012:rule/orders/placed", ruleName: "placed",
        ingestionTime: Date(timeIntervalSince1970: 1_714_564_805))
    static let map = [
        "s": "$.detail.s", "n": "$.detail.n", "b": "$.detail.b", "o": "$.detail.o", "a": "$.detail.a",
        "m": "$.detail.missing", "z": "$.detail.z", "q": "$.detail.q", "bs": "$.detail.bs", "nl": "$.detail.nl",
        "e": "$.detail.e",
    ]

    private func shaped(_ input: TargetInput) throws -> Result<String, TargetInputFailure> {
        let compiled = try CompiledTargetInput(input, targetID: "t1")
        return compiled.payload(forEvent: Self.event, eventBytes: Self.eventBytes, context: Self.context)
            .map { String(decoding: $0, as: UTF8.self) }
    }

    private func transformed(_ template: String) throws -> Result<String, TargetInputFailure> {
        try shaped(.transformer(InputTransformer(inputPathsMap: Self.map, inputTemplate: template)))
    }

    // MARK: The substitution table

    @Test(
        "column 1: a placeholder unquoted in a JSON template",
        arguments: [
            ("s", #"{"v": "abc"}"#),  // string: a JSON string
            ("n", #"{"v": 2.50}"#),  // number: its literal, as written
            ("b", #"{"v": true}"#),  // bool: its literal
            ("o", #"{"v": {"k":"v","k2":2}}"#),  // object: the JSON object
            ("a", #"{"v": ["A","B"]}"#),  // array: the JSON array
            ("m", #"{"v": ""}"#),  // missing: empty, "command": "" as AWS delivered it
            ("z", #"{"v": null}"#),  // null [Warren's choice]: its literal
            ("q", #"{"v": "say \"hi\""}"#),  // a string is a JSON string, so it is escaped
            ("e", #"{"v": ""}"#),  // an empty string
        ])
    func unquotedInJSON(variable: String, expected: String) throws {
        #expect(try transformed(#"{"v": <\#(variable)>}"#).get() == expected)
    }

    @Test(
        "column 2: a placeholder inside a string of a JSON template",
        arguments: [
            ("s", #"{"v": "users/abc/profile"}"#),  // string: raw text
            ("n", #"{"v": "users/2.50/profile"}"#),  // number: raw text
            ("b", #"{"v": "users/true/profile"}"#),  // bool: raw text
            ("m", #"{"v": "users//profile"}"#),  // missing: nothing
            ("e", #"{"v": "users//profile"}"#),  // an empty string: nothing either
            ("z", #"{"v": "users/null/profile"}"#),  // null [Warren's choice]: raw text
        ])
    func insideJSONString(variable: String, expected: String) throws {
        #expect(try transformed(#"{"v": "users/<\#(variable)>/profile"}"#).get() == expected)
    }

    @Test("column 2: a missing value alone in its string becomes \"\" [aws-verified]")
    func missingAloneInString() throws {
        #expect(try transformed(#"{"id": "<m>"}"#).get() == #"{"id": ""}"#)
    }

    @Test("column 2: an object or array inside a JSON string is not delivered")
    func containerInsideJSONString() throws {
        let object = try #require(transformed(#"{"v": "users/<o>"}"#).failure)
        #expect(object.reason == .containerInsideString(placeholder: "o", isArray: false))
        #expect(object.code == "INVALID_TRANSFORMED_INPUT")
        #expect(object.message == "placeholder <o> holds an object, which cannot be inserted inside a JSON string")
        let array = try #require(transformed(#"{"singlelistitem": "<a>"}"#).failure)
        #expect(array.reason == .containerInsideString(placeholder: "a", isArray: true))
        #expect(array.message == "placeholder <a> holds an array, which cannot be inserted inside a JSON string")
    }

    @Test(
        "column 3: a placeholder in a template that is one quoted string",
        arguments: [
            ("s", #""text abc""#),  // string: raw text
            ("n", #""text 2.50""#),  // number: raw text
            ("b", #""text true""#),  // bool: raw text
            ("o", #""text {k:v,k2:2}""#),  // object: flattened, unquoted
            ("a", #""text [A,B]""#),  // array: unquoted
            ("m", #""text ""#),  // missing: nothing
            ("z", #""text null""#),  // null [Warren's choice]: raw text
        ])
    func insideQuotedString(variable: String, expected: String) throws {
        #expect(try transformed(#""text <\#(variable)>""#).get() == expected)
    }

    @Test("column 3: nested containers flatten all the way down")
    func nestedFlattening() throws {
        let input = TargetInput.transformer(
            InputTransformer(inputPathsMap: ["d": "$.detail"], inputTemplate: #""<d>""#))
        let event = try JSONValue(
            parsing: #"{"detail":{"s":"abc","n":2.50,"o":{"k":"v","l":[1,{"x":null}]},"a":[],"e":{}}}"#)
        let payload = try CompiledTargetInput(input, targetID: "t1").payload(forEvent: event, context: Self.context)
            .get()
        #expect(String(decoding: payload, as: UTF8.self) == #""{s:abc,n:2.50,o:{k:v,l:[1,{x:null}]},a:[],e:{}}""#)
    }

    // MARK: Values are not escaped

    @Test("raw text with a quote, a backslash or a control character breaks the JSON: not delivered")
    func unescapedValues() throws {
        for template in [#"{"v": "<q>"}"#, #""said <q>""#, #"{"v": "<bs>"}"#, #""line <nl>""#] {
            let failure = try #require(transformed(template).failure, "\(template)")
            guard case .outputNotJSON(let parserMessage) = failure.reason else {
                Issue.record("\(template): \(failure)")
                continue
            }
            #expect(!parserMessage.isEmpty)
            #expect(failure.code == "INVALID_TRANSFORMED_INPUT")
            #expect(
                failure.message.hasPrefix(
                    "the transformed input is not valid JSON (values from the event are inserted unescaped): "))
        }
    }

    @Test("raw text that happens to stay valid JSON is delivered as AWS would, unescaped")
    func unescapedButValid() throws {
        let input = TargetInput.transformer(
            InputTransformer(inputPathsMap: ["t": "$.detail.t"], inputTemplate: #"{"v": "<t>"}"#))
        let event = try JSONValue(parsing: #"{"detail":{"t":"x\", \"injected\": \"y"}}"#)
        let payload = try CompiledTargetInput(input, targetID: "t1").payload(forEvent: event, context: Self.context)
        #expect(try payload.map { String(decoding: $0, as: UTF8.self) }.get() == #"{"v": "x", "injected": "y"}"#)
    }

    // MARK: Templates as AWS recorded them (LocalStack's AWS snapshots, test_events_inputs)

    @Test("quoted-string template, all keys present and one missing [aws-verified]")
    func snapshotStringTemplate() throws {
        let template = #""Event of <detail-type> type, at time <timestamp>, info extracted from detail <command>""#
        let event = try JSONValue(
            parsing:
                #"{"version":"0","id":"1","detail-type":"core.update-account-command","source":"core.update-account-command","account":"111111111111","time":"2024-05-13T12:27:20Z","region":"us-east-1","resources":[],"detail":{"command":"update-account","payload":{"acc_id":"0a787ecb-4015","sf_id":"baz"}}}"#
        )
        func payload(_ commandPath: String) throws -> String {
            let input = TargetInput.transformer(
                InputTransformer(
                    inputPathsMap: ["detail-type": "$.detail-type", "timestamp": "$.time", "command": commandPath],
                    inputTemplate: template))
            return String(
                decoding: try CompiledTargetInput(input, targetID: "t").payload(forEvent: event, context: Self.context)
                    .get(),
                as: UTF8.self)
        }
        #expect(
            try payload("$.detail.command")
                == #""Event of core.update-account-command type, at time 2024-05-13T12:27:20Z, info extracted from detail update-account""#
        )
        #expect(
            try payload("$.detail.notinmessage")
                == #""Event of core.update-account-command type, at time 2024-05-13T12:27:20Z, info extracted from detail ""#
        )
        let special = TargetInput.transformer(
            InputTransformer(
                inputPathsMap: ["detail-type": "$.detail-type"],
                inputTemplate: #""{[/Check with special starting characters for event of <detail-type> type""#))
        #expect(
            String(
                decoding: try CompiledTargetInput(special, targetID: "t").payload(
                    forEvent: event, context: Self.context
                ).get(), as: UTF8.self)
                == #""{[/Check with special starting characters for event of core.update-account-command type""#)
    }

    @Test("JSON template, with a key missing from the event [aws-verified]")
    func snapshotJSONTemplate() throws {
        let input = TargetInput.transformer(
            InputTransformer(
                inputPathsMap: [
                    "detail-type": "$.detail-type", "timestamp": "$.time", "command": "$.detail.notinmessage",
                ],
                inputTemplate: #"{"detailType": <detail-type>,  "time": <timestamp>, "command": <command>}"#))
        let payload = try CompiledTargetInput(input, targetID: "t").payload(forEvent: Self.event, context: Self.context)
            .get()
        #expect(
            try JSONValue(parsing: payload)
                == ["detailType": "Order Placed", "time": "2024-05-01T12:00:00Z", "command": ""])
    }

    @Test("the user guide's examples")
    func userGuideExamples() throws {
        let event = try JSONValue(
            parsing:
                #"{"version":"0","id":"7bf73129-1428-4cd3-a780-95db273d1602","detail-type":"EC2 Instance State-change Notification","source":"aws.ec2","account":"123456789012","time":"2015-11-11T21:29:54Z","region":"us-east-1","resources":["arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111"],"detail":{"instance-id":"i-0123456789","state":"RUNNING"}}"#
        )
        let map = ["timestamp": "$.time", "instance": "$.detail.instance-id", "state": "$.detail.state"]
        func payload(_ template: String) throws -> String {
            let input = TargetInput.transformer(InputTransformer(inputPathsMap: map, inputTemplate: template))
            return String(
                decoding: try CompiledTargetInput(input, targetID: "t").payload(forEvent: event, context: Self.context)
                    .get(),
                as: UTF8.self)
        }
        #expect(try payload(#""instance <instance> is in <state>""#) == #""instance i-0123456789 is in RUNNING""#)
        #expect(
            try payload(#""instance \"<instance>\" is in <state>""#) == #""instance \"i-0123456789\" is in RUNNING""#)
        #expect(
            try payload("{\n  \"instance\" : <instance>,\n  \"state\": <state>\n}")
                == "{\n  \"instance\" : \"i-0123456789\",\n  \"state\": \"RUNNING\"\n}")
        #expect(
            try payload(
                #"{"instance" : <instance>, "state": "<state>", "instanceStatus": "instance \"<instance>\" is in <state>"}"#
            )
                == #"{"instance" : "i-0123456789", "state": "RUNNING", "instanceStatus": "instance \"i-0123456789\" is in RUNNING"}"#
        )
        #expect(
            try payload(#"{"instance" : <instance>, "state": [ 9, <state>, true ], "Transformed" : "Yes"}"#)
                == #"{"instance" : "i-0123456789", "state": [ 9, "RUNNING", true ], "Transformed" : "Yes"}"#)
        #expect(try payload(#""<aws.events.rule-name> triggered""#) == #""placed triggered""#)
    }

    @Test("a bare value template is JSON: <payload> alone delivers the value")
    func bareValueTemplate() throws {
        #expect(try transformed("<o>").get() == #"{"k":"v","k2":2}"#)
        #expect(try transformed(" <s>\n").get() == " \"abc\"\n")
        #expect(try transformed("42").get() == "42")
    }

    @Test("a template that is neither JSON nor a quoted string delivers nothing")
    func unshaped() throws {
        let failure = try #require(transformed("<a> single list item").failure)
        #expect(failure.reason == .templateNeitherJSONNorString)
        #expect(failure.code == "INPUT_TEMPLATE_NOT_JSON")
        #expect(
            failure.message
                == "InputTemplate is neither JSON nor a quoted string, so it cannot produce input to deliver")
    }

    // MARK: Reserved variables

    @Test("rule ARN, rule name and ingestion time as text [aws-verified]")
    func reservedText() throws {
        #expect(
            try transformed(
                #""Message containing all pre defined variables <aws.events.rule-arn> <aws.events.rule-name> <aws.events.event.ingestion-time>""#
            ).get()
                == #""Message containing all pre defined variables arn:aws:events:eu-west-1:123456789012:rule/orders/placed placed 2024-05-01T12:00:05Z""#
        )
        #expect(
            try transformed(#"{"arn": <aws.events.rule-arn>, "at": "at <aws.events.event.ingestion-time>"}"#).get()
                == #"{"arn": "arn:aws:events:eu-west-1:123456789012:rule/orders/placed", "at": "at 2024-05-01T12:00:05Z"}"#
        )
    }

    @Test(
        "<aws.events.event>: the envelope without detail, camelCase, time = ingestion time; <aws.events.event.json>: the event as delivered [aws-verified]"
    )
    func reservedEvent() throws {
        let payload = try transformed(
            #"{"originalEvent": <aws.events.event>, "originalEventJson": <aws.events.event.json>}"#
        ).get()
        #expect(
            payload
                == #"{"originalEvent": {"id":"e-1","account":"123456789012","detailType":"Order Placed","time":"2024-05-01T12:00:05Z","source":"shop","region":"eu-west-1","resources":["arn:r1"],"version":"0"}, "originalEventJson": \#(Self.eventText)}"#
        )
        // Without the delivered bytes, the event is serialized again.
        let compiled = try CompiledTargetInput(
            .transformer(InputTransformer(inputTemplate: "[<aws.events.event.json>]")), targetID: "t1")
        let again = try compiled.payload(forEvent: Self.event, context: Self.context).get()
        #expect(try JSONValue(parsing: again) == .array([Self.event]))
    }

    // MARK: Input, InputPath, no option

    @Test("no option: the event as delivered")
    func wholeEvent() throws {
        #expect(try shaped(.event).get() == Self.eventText)
        let reserialized = try CompiledTargetInput.event.payload(forEvent: Self.event, context: Self.context).get()
        #expect(try JSONValue(parsing: reserialized) == Self.event)
    }

    @Test("Input: the constant, exactly as written")
    func constant() throws {
        #expect(try shaped(.constant("{ \"fixed\": [1, 2] }")).get() == "{ \"fixed\": [1, 2] }")
    }

    @Test(
        "InputPath: the selected value as JSON [aws-verified: a string arrives as \"baz\"]",
        arguments: [
            ("$.detail.s", #""abc""#),
            ("$.detail.o", #"{"k":"v","k2":2}"#),
            ("$.detail.n", "2.50"),
            ("$.detail.z", "null"),
            ("$.resources[0]", #""arn:r1""#),
        ])
    func inputPath(path: String, expected: String) throws {
        #expect(try shaped(.path(path)).get() == expected)
    }

    @Test("InputPath $ passes the delivered bytes on")
    func inputPathWholeEvent() throws {
        #expect(try shaped(.path("$")).get() == Self.eventText)
    }

    @Test("InputPath that selects nothing is not delivered")
    func inputPathMissing() throws {
        let failure = try #require(try shaped(.path("$.detail.missing")).failure)
        #expect(failure.reason == .pathSelectsNothing(path: "$.detail.missing"))
        #expect(failure.code == "INPUT_PATH_NOT_FOUND")
        #expect(
            failure.message
                == "InputPath $.detail.missing selects nothing in the event, so there is no input to deliver")
    }

    // MARK: Compiled once

    @Test("the template is compiled into literal pieces and placeholders, each path kept once")
    func compiledOnce() throws {
        let compiled = try CompiledTargetInput(
            .transformer(
                InputTransformer(
                    inputPathsMap: Self.map, inputTemplate: #"{"a": <s>, "b": "<s>-<n>", "c": <aws.events.rule-name>}"#)
            ),
            targetID: "t1")
        guard case .transformer(let transformer) = compiled.form else {
            Issue.record("not a transformer")
            return
        }
        #expect(transformer.paths.map(\.text) == ["$.detail.s", "$.detail.n"])
        #expect(
            transformer.segments == [
                .literal(0..<6), .placeholder(name: "s", variable: .path(0), position: .jsonValue), .literal(9..<17),
                .placeholder(name: "s", variable: .path(0), position: .insideJSONString), .literal(20..<21),
                .placeholder(name: "n", variable: .path(1), position: .insideJSONString), .literal(24..<32),
                .placeholder(name: "aws.events.rule-name", variable: .reserved(.ruleName), position: .jsonValue),
                .literal(54..<55),
            ])
    }
}

extension Result {
    /// The failure, when there is one.
    fileprivate var failure: Failure? {
        if case .failure(let failure) = self { return failure }
        return nil
    }
}
