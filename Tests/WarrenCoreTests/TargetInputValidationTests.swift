import EventPatterns
import Testing
import WarrenCore

@Suite("Target input options: validation with AWS's messages")
struct TargetInputValidationTests {
    private func problems(_ input: TargetInput, requestPath: String? = nil) -> [TargetInputProblem] {
        input.problems(targetID: "t1", requestPath: requestPath)
    }

    private func messages(_ input: TargetInput) -> [String] {
        problems(input).map(\.message)
    }

    private func transformer(_ template: String, _ map: [String: String] = [:]) -> TargetInput {
        .transformer(InputTransformer(inputPathsMap: map, inputTemplate: template))
    }

    @Test("no option, a constant, a path and a transformer are each valid alone")
    func validOptions() throws {
        #expect(try TargetInput(input: nil, inputPath: nil, inputTransformer: nil, targetID: "t1") == .event)
        #expect(
            try TargetInput(input: #"{"a":1}"#, inputPath: nil, inputTransformer: nil, targetID: "t1")
                == .constant(#"{"a":1}"#))
        #expect(
            try TargetInput(input: nil, inputPath: "$.detail", inputTransformer: nil, targetID: "t1")
                == .path("$.detail"))
        let shaping = InputTransformer(inputPathsMap: ["v": "$.detail.v"], inputTemplate: #"{"v": <v>}"#)
        #expect(
            try TargetInput(input: nil, inputPath: nil, inputTransformer: shaping, targetID: "t1")
                == .transformer(shaping))
    }

    @Test("one option alone reports its own problems")
    func oneInvalidOption() {
        do {
            _ = try TargetInput(input: "{", inputPath: nil, inputTransformer: nil, targetID: "t9")
            Issue.record("accepted")
        } catch {
            #expect(
                error.problems == [
                    TargetInputProblem(
                        field: .input, code: .inputNotJSON, message: "Input for target t9 is not a valid JSON text.")
                ])
            #expect(error.description == "Input for target t9 is not a valid JSON text.")
        }
    }

    @Test("two options at once: AWS's message [aws-verified], after the constraints, before the contents")
    func moreThanOne() {
        let shaping = InputTransformer(inputPathsMap: ["v": "$.detail.v"], inputTemplate: #"{"v": <v>, "w": <w>}"#)
        #expect(throws: TargetInputValidationError.self) {
            try TargetInput(input: nil, inputPath: "$.detail", inputTransformer: shaping, targetID: "target-1")
        }
        do {
            _ = try TargetInput(
                input: String(repeating: "1", count: 8193), inputPath: "$.detail", inputTransformer: shaping,
                targetID: "target-1")
        } catch {
            #expect(error.problems.map(\.code) == [.constraint, .moreThanOneInput, .invalidPlaceholder])
            #expect(
                error.problems[1].message
                    == "Only one of Input, InputPath, or InputTransformer must be provided for target target-1.")
            #expect(error.problems[1].field == .inputPath)
        }
    }

    @Test("Input: at most 8,192 characters of valid JSON")
    func input() {
        #expect(problems(.constant(#"{"k": "\#(String(repeating: "x", count: 8183))"}"#)).isEmpty)
        #expect(problems(.constant(#""text""#)).isEmpty)
        #expect(messages(.constant("{not json")) == ["Input for target t1 is not a valid JSON text."])
        #expect(messages(.constant("")) == ["Input for target t1 is not a valid JSON text."])
        let long = "[" + String(repeating: "1,", count: 4096) + "1]"
        #expect(
            problems(.constant(long), requestPath: "targets.1.member").map(\.message)
                == [
                    "1 validation error detected: Value '\(long)' at 'targets.1.member.input' failed to satisfy constraint: Member must have length less than or equal to 8192"
                ])
        #expect(problems(.constant(long)).first?.field == .input)
    }

    @Test("InputPath: at most 256 characters, a JSONPath Warren supports")
    func inputPath() {
        let longest = "$." + String(repeating: "a", count: 254)
        #expect(problems(.path(longest)).isEmpty)
        #expect(
            messages(.path(longest + "a"))
                == [
                    "1 validation error detected: Value '\(longest)a' at 'InputPath' failed to satisfy constraint: Member must have length less than or equal to 256"
                ])
        #expect(
            messages(.path("$..detail"))
                == [
                    "InputPath for target t1 is not a valid JSON path: '..' (deep scan) is not supported at character 3."
                ])
        #expect(problems(.path("detail")).map(\.code) == [.invalidJSONPath])
    }

    @Test("InputPathsMap: 100 variables at most")
    func variableCount() {
        let hundred = Dictionary(uniqueKeysWithValues: (0..<100).map { ("v\($0)", "$.detail.v\($0)") })
        #expect(problems(transformer(#""x""#, hundred)).isEmpty)
        var hundredAndOne = hundred
        hundredAndOne["v100"] = "$.detail.v100"
        let found = problems(transformer(#""x""#, hundredAndOne))
        #expect(found.map(\.code) == [.constraint])
        #expect(found.first?.field == .inputPathsMap)
        #expect(
            found.first?.message.hasSuffix(
                "failed to satisfy constraint: Member must have length less than or equal to 100") == true)
    }

    @Test("InputPathsMap names: the API's pattern and lengths, and never aws.")
    func variableNames() {
        #expect(
            messages(transformer(#""<aws.events.rule-name>""#, ["aws.events.rule-name": "$.detail.x"]))
                == [
                    #"InputPathsMap for target t1 contains reserved name aws.events.rule-name: names may not start with "aws."."#
                ])
        #expect(problems(transformer(#""x""#, ["AWS.mine": "$.a"])).map(\.code) == [.reservedVariableName])
        #expect(
            messages(transformer(#""x""#, ["a b": "$.a"]))
                == [
                    #"1 validation error detected: Value '{a b=$.a}' at 'InputTransformer.InputPathsMap' failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy regular expression pattern: [A-Za-z0-9\_\-]+]"#
                ])
        #expect(problems(transformer(#""x""#, ["": "$.a"])).map(\.code) == [.constraint])
        let longName = String(repeating: "n", count: 257)
        #expect(
            problems(transformer(#""x""#, [longName: "$.a"])).first?.message.hasSuffix(
                "[Member must have length less than or equal to 256]") == true)
        #expect(problems(transformer(#""<detail-type> <a_b-9>""#, ["detail-type": "$.a", "a_b-9": "$.b"])).isEmpty)
    }

    @Test("InputPathsMap paths: checked for syntax, never for existence")
    func variablePaths() {
        #expect(problems(transformer(#""<v>""#, ["v": "$.detail.not.in.any.event"])).isEmpty)
        #expect(
            messages(transformer(#""<v>""#, ["v": "$.detail[?(@.x)]"]))
                == [
                    "InputPathsMap for target t1 has an invalid JSON path for v: filters and expressions are not supported at character 10."
                ])
        let long = "$." + String(repeating: "p", count: 255)
        #expect(
            problems(transformer(#""<v>""#, ["v": long])).first?.message.hasSuffix(
                "Map value must satisfy constraint: [Member must have length less than or equal to 256]") == true)
    }

    @Test("InputTemplate: 1 to 8,192 characters")
    func templateLength() {
        #expect(
            problems(transformer(""), requestPath: "targets.2.member").map(\.message)
                == [
                    "1 validation error detected: Value '' at 'targets.2.member.inputTransformer.inputTemplate' failed to satisfy constraint: Member must have length greater than or equal to 1"
                ])
        let longest = "\"" + String(repeating: "x", count: 8190) + "\""
        #expect(problems(transformer(longest)).isEmpty)
        #expect(
            problems(transformer(longest + " ")).first?.message.hasSuffix(
                "Member must have length less than or equal to 8192") == true)
    }

    @Test("a placeholder neither defined nor reserved: AWS's message [aws-verified]")
    func invalidPlaceholder() {
        let map = ["detail-type": "$.detail-type", "timestamp": "$.time", "command": "$.detail.command"]
        #expect(
            messages(transformer(#""Event of <detail-type> type, with not defined key <notdefinedkey>""#, map))
                == ["InputTemplate for target t1 contains invalid placeholder notdefinedkey."])
        // Anywhere: in a JSON value, a string, an unshaped template, each name once.
        #expect(
            messages(transformer(#"{"a": <x>, "b": "<y> <x>"}"#))
                == [
                    "InputTemplate for target t1 contains invalid placeholder x.",
                    "InputTemplate for target t1 contains invalid placeholder y.",
                ])
        #expect(problems(transformer("<nope> single list item")).map(\.code) == [.invalidPlaceholder])
        #expect(problems(transformer(#""<aws.events.unknown>""#)).map(\.code) == [.invalidPlaceholder])
    }

    @Test("reserved variables need no definition")
    func reservedVariables() {
        #expect(
            problems(
                transformer(
                    #""Message containing all pre defined variables <aws.events.rule-arn> <aws.events.rule-name> <aws.events.event.ingestion-time>""#
                )
            ).isEmpty)
        #expect(
            problems(
                transformer(#"{"originalEvent": <aws.events.event>, "originalEventJson": <aws.events.event.json>}"#)
            ).isEmpty)
    }

    @Test("angle brackets that cannot be a placeholder are text")
    func notPlaceholders() {
        #expect(problems(transformer(#""a < b and c > d, <> and <a b>""#)).isEmpty)
    }

    @Test(
        "a placeholder as an object key of a JSON template is refused",
        arguments: [#"{<k>: 1}"#, #"{"<k>": 1}"#, #"{"a": {"x-<k>": 1}}"#, #"[{"ok": 1, "<k>": 2}]"#])
    func placeholderAsKey(template: String) {
        #expect(
            messages(transformer(template, ["k": "$.detail.k"]))
                == [
                    "InputTemplate for target t1 uses placeholder k in an object key; a placeholder cannot be used as an object key."
                ])
    }

    @Test(
        "<aws.events.event> and <aws.events.event.json> only as a JSON value, never inside a string",
        arguments: [
            #"{"e": "<aws.events.event>"}"#, #"{"e": "copy: <aws.events.event.json>"}"#, #""<aws.events.event>""#,
            #""the event <aws.events.event.json>""#,
        ])
    func jsonOnlyVariablesInStrings(template: String) {
        let found = problems(transformer(template))
        #expect(found.map(\.code) == [.jsonOnlyVariableInString])
        #expect(
            found.first?.message.hasSuffix("inside a string; it can only be used as a value for a JSON field.") == true)
    }

    @Test(
        "a template that starts like JSON must be JSON",
        arguments: [
            (#"{"a": <v>"#, "an object is not closed at byte 10"),
            (#"{"a": <v>,}"#, "expected a key in double quotes but found '}' at byte 11"),
            (#"[<v> <v>]"#, "expected ',' or ']' but found '<' at byte 6"),
            (#"{"a": "<v>" "b"}"#, "expected ',' or '}' but found '\"' at byte 13"),
            (#"{"a": tru}"#, "unexpected 't' at byte 7"),
            (#"{"a": "\q"}"#, "invalid escape in a string at byte 8"),
            ("{\"a\": \"tab\there\"}", "control character in a string at byte 11"),
            (#"{"a": 01}"#, "expected ',' or '}' but found '1' at byte 8"),
            (#"[1] x"#, "unexpected 'x' after the JSON value at byte 5"),
        ])
    func templateNotJSON(template: String, reason: String) {
        #expect(
            messages(transformer(template, ["v": "$.v"]))
                == ["InputTemplate for target t1 starts like JSON but is not valid JSON: \(reason)."])
    }

    @Test(
        "a template that is neither JSON nor a quoted string is accepted, as AWS accepts it, and says it delivers nothing"
    )
    func unshapedTemplate() throws {
        for template in ["<v> single list item", #""a" "b""#, #""instance "<v>" is here""#, "plain text"] {
            let compiled = try CompiledTargetInput(transformer(template, ["v": "$.v"]), targetID: "t1")
            #expect(compiled.undeliverableReason?.code == "INPUT_TEMPLATE_NOT_JSON", "\(template)")
        }
        let json = try CompiledTargetInput(transformer(#"{"v": <v>}"#, ["v": "$.v"]), targetID: "t1")
        #expect(json.undeliverableReason == nil)
        #expect(CompiledTargetInput.event.undeliverableReason == nil)
    }

    @Test("every problem is reported, constraints first")
    func allProblems() {
        let found = problems(
            transformer(
                #"{"a": <undefined>, "<k>": "<aws.events.event>"}"#, ["aws.x": "$.a", "k": "$..k", "ok": "$.ok"]))
        #expect(
            found.map(\.code)
                == [
                    .reservedVariableName, .invalidJSONPath, .invalidPlaceholder, .placeholderAsObjectKey,
                    .jsonOnlyVariableInString,
                ])
        #expect(found.allSatisfy { $0.field == .inputPathsMap || $0.field == .inputTemplate })
    }
}
