import EventPatterns
import Foundation
import Testing
import WarrenCore
import WarrenRules

/// Every kind of problem, each reported with its line, column and rule; several problems in one file are all
/// reported, in file order.
@Suite("Rules file errors")
struct RulesFileErrorTests {
    @Test func reportsEveryProblemOfAFileInOrder() {
        let found = problems(
            """
            buses: [orders]
            rules:
              - name: approved
                evenPattern: {source: [a]}
                eventPattern:
                  source: [custom.myATMapp]
                  detail:
                    location: [{prefix: 5}]
                state: enabled
                targets:
                  - id: a
                    retryPolicy: {maximumRetryAttempts: 186, maximumEventAgeInSeconds: 59}
                    queueType: quorom
                    maximumDeliveries: 0
                  - id: a
              - name: approved
                eventPattern: '{"source": ["a"]}'
              - name: bad name!
                bus: ordrs
                eventPattern: {source: [a]}
            """)
        #expect(
            found.map(\.description) == [
                "rules.yaml:4:5: rule 'approved': unknown key 'evenPattern' in rule; did you mean 'eventPattern'?",
                "rules.yaml:8:29: rule 'approved': Event pattern is not valid. Reason: prefix match pattern must be a string",
                "rules.yaml:9:12: rule 'approved': state must be ENABLED or DISABLED, found 'enabled'; did you mean 'ENABLED'?",
                "rules.yaml:12:45: rule 'approved': target 'a': MaximumRetryAttempts must be between 0 and 185, got 186",
                "rules.yaml:12:76: rule 'approved': target 'a': MaximumEventAgeInSeconds must be between 60 and 86400, got 59",
                "rules.yaml:13:20: rule 'approved': queueType must be quorum or classic, found 'quorom'; did you mean 'quorum'?",
                "rules.yaml:14:28: rule 'approved': target 'a': maximum deliveries must be at least 1",
                "rules.yaml:15:13: rule 'approved': target Id 'a' is used twice",
                "rules.yaml:16:11: rule 'approved': a rule named 'approved' is already defined on bus 'default' (at line 3)",
                "rules.yaml:18:11: rule 'bad name!': rule name 'bad name!' must satisfy regular expression pattern: "
                    + "[\\.\\-_A-Za-z0-9]+",
                "rules.yaml:19:10: rule 'bad name!': bus 'ordrs' is not declared; add it to 'buses:' (declared: default, "
                    + "orders); did you mean 'orders'?",
            ])
        #expect(
            found.map(\.code) == [
                .unknownKey, .invalidEventPattern, .invalidState, .outOfRange, .outOfRange, .invalidValue, .outOfRange,
                .duplicateName, .duplicateName, .invalidName, .unknownBus,
            ])
        #expect(found.allSatisfy { $0.file == "rules.yaml" })
    }

    @Test func theErrorDescriptionHasOneLinePerProblem() {
        do {
            _ = try loadRules("rules:\n  - name: a\n    eventPattern: {source: [{prefix: 1}]}\n    state: on\n")
            Issue.record("expected problems")
        } catch {
            #expect(
                error.description == """
                    rules.yaml:3:38: rule 'a': Event pattern is not valid. Reason: prefix match pattern must be a string
                    rules.yaml:4:12: rule 'a': state must be ENABLED or DISABLED, found 'on'
                    """)
            #expect(error.file == "rules.yaml")
            #expect(!error.isRetryable)
            #expect(error.problems[0].line == 3)
            #expect(error.problems[0].column == 38)
            #expect(error.problems[0].rule == "a")
            #expect(
                error.problems[0].message == "Event pattern is not valid. Reason: prefix match pattern must be a string"
            )
        }
    }

    @Test(arguments: [
        #"{"detail": {"n": [{"numeric": ["<", "x"]}]}}"#,
        #"{"source": "aws.ec2"}"#,
        #"{"source": []}"#,
        #"{"source": [{"anything-but": {"prefix": 1}}]}"#,
        #"{"source": [{"wildcard": "a**b"}]}"#,
        #"{"detail": {"ip": [{"cidr": "10.0.0.0/33"}]}}"#,
        #"{"source": [{"exists": "yes"}]}"#,
        #"{"$or": [{"source": ["a"]}]}"#,
        #"{"source": ["a"]"#,
        #"[1]"#,
    ])
    func anInvalidPatternReportsAWSReasonVerbatim(_ json: String) throws {
        let expected: EventPatternError
        do {
            _ = try EventPattern(parsing: json)
            Issue.record("the pattern is valid")
            return
        } catch {
            expected = error
        }
        let escaped = json.replacingOccurrences(of: "'", with: "''")
        let found = problems("rules:\n  - name: p\n    eventPattern: '\(escaped)'\n")
        #expect(found.first?.message == expected.message)
        #expect(found.first?.message.hasPrefix("Event pattern is not valid. Reason: ") == true)
        #expect(found.first?.rule == "p")
        #expect(found.first?.line == 3)
        #expect(found.allSatisfy { $0.code == .invalidEventPattern })
        #expect(found.count == expected.problemDetails.count)
    }

    @Test func aYAMLPatternIsReportedAtTheOffendingValue() {
        #expect(
            problemLines(
                """
                rules:
                  - name: nested
                    eventPattern:
                      source: [a]
                      detail:
                        amount:
                          - numeric: [">", "ten"]
                        state: running
                """)
                == [
                    "rules.yaml:7:22: rule 'nested': Event pattern is not valid. Reason: Value of > must be numeric",
                    "rules.yaml:8:16: rule 'nested': Event pattern is not valid. Reason: \"state\" must be an object or "
                        + "an array",
                ])
    }

    @Test func aJSONPatternInABlockIsReportedAtItsLine() {
        let found = problems(
            """
            rules:
              - name: block
                eventPattern: |
                  {
                    "source": ["a"],
                    "detail": {"n": [{"prefix": 5}]}
                  }
            """)
        #expect(found.map(\.line) == [6])
        #expect(found.first?.message == "Event pattern is not valid. Reason: prefix match pattern must be a string")
    }

    @Test func missingKeysAndWrongTypes() {
        #expect(
            problemLines(
                """
                rules:
                  - description: no name, no pattern
                  - name: [a, list]
                    eventPattern: {source: [a]}
                  - name: listed
                    eventPattern: [source]
                    targets: {id: t}
                  - name: target-problems
                    eventPattern: {source: [a]}
                    targets:
                      - retryPolicy: {maximumRetryAttempts: three, maximumDelay: 3}
                      - just-a-name
                """)
                == [
                    "rules.yaml:2:5: rule is missing required key 'name'",
                    "rules.yaml:2:5: rule is missing required key 'eventPattern'",
                    "rules.yaml:3:11: 'name' must be text, found a list",
                    "rules.yaml:6:19: rule 'listed': 'eventPattern' must be a mapping or a JSON string, found a list",
                    "rules.yaml:7:14: rule 'listed': 'targets' must be a list, found a mapping",
                    "rules.yaml:11:9: rule 'target-problems': target is missing required key 'id'",
                    "rules.yaml:11:45: rule 'target-problems': 'maximumRetryAttempts' must be a whole number, found 'three'",
                    "rules.yaml:11:52: rule 'target-problems': unknown key 'maximumDelay' in retryPolicy; expected one of: "
                        + "maximumRetryAttempts, maximumEventAgeInSeconds",
                    "rules.yaml:12:9: rule 'target-problems': a target must be a mapping, found 'just-a-name'",
                ])
    }

    @Test func acceptRawPublishesIsTrueOrFalse() {
        #expect(
            problemLines(
                """
                rules:
                  - name: r
                    eventPattern: {source: [a]}
                    targets:
                      - {id: a, acceptRawPublishes: yes}
                      - {id: b, acceptRawPublish: true}
                """)
                == [
                    "rules.yaml:5:37: rule 'r': 'acceptRawPublishes' must be true or false, found 'yes'",
                    "rules.yaml:6:17: rule 'r': unknown key 'acceptRawPublish' in target; did you mean 'acceptRawPublishes'?",
                ])
    }

    @Test func aMisspeltRequiredKeyIsReportedOnce() {
        #expect(
            problemLines("rules:\n  - name: a\n    EventPattern: {source: [a]}\n") == [
                "rules.yaml:3:5: rule 'a': unknown key 'EventPattern' in rule; did you mean 'eventPattern'?"
            ])
    }

    @Test func moreThanFiveTargetsIsReportedAtTheSixth() {
        let targets = (1...6).map { "      - id: t\($0)" }.joined(separator: "\n")
        let found = problems("rules:\n  - name: wide\n    eventPattern: {source: [a]}\n    targets:\n\(targets)\n")
        #expect(found.map(\.description) == ["rules.yaml:10:9: rule 'wide': a rule has at most 5 targets, got 6"])
        #expect(found.map(\.code) == [.tooManyTargets])
    }

    @Test func namesAreCheckedAsEventBridgeChecksThem() {
        let long = String(repeating: "r", count: 65)
        let longTarget = String(repeating: "t", count: 65)
        let description = String(repeating: "d", count: 513)
        #expect(
            problemLines(
                """
                buses: [bad/bus, orders, orders]
                rules:
                  - name: \(long)
                    description: \(description)
                    eventPattern: {source: [a]}
                    targets: [{id: \(longTarget)}, {id: 'white space'}, {id: ok, deadLetterQueue: ''}]
                """)
                == [
                    "rules.yaml:1:9: event bus name 'bad/bus' must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+",
                    "rules.yaml:1:26: bus 'orders' is declared twice (first at line 1)",
                    "rules.yaml:3:11: rule '\(long)': rule name '\(long)' must have length less than or equal to 64",
                    "rules.yaml:4:18: rule '\(long)': Description must be at most 512 characters, got 513",
                    "rules.yaml:6:20: rule '\(long)': target Id '\(longTarget)' must have length less than or equal to 64",
                    "rules.yaml:6:93: rule '\(long)': target Id 'white space' must satisfy regular expression pattern: "
                        + "[\\.\\-_A-Za-z0-9]+",
                    "rules.yaml:6:135: rule '\(long)': target 'ok': the dead-letter queue name must be 1-255 bytes",
                ])
    }

    @Test func theSameRuleNameOnAnotherBusIsFine() throws {
        let file = try loadRules(
            """
            buses: [orders]
            rules:
              - {name: same, eventPattern: {source: [a]}}
              - {name: same, bus: orders, eventPattern: {source: [a]}}
            """)
        #expect(file.rules.map(\.eventBusName) == ["default", "orders"])
    }

    @Test func tagsAreNotPartOfWarrensFormat() {
        #expect(
            problemLines(
                """
                rules:
                  - name: !Sub "${Stage}-rule"
                    eventPattern:
                      source: [!Ref Source]
                """)
                == [
                    "rules.yaml:2:11: 'name': the YAML tag !Sub is not supported in a Warren rules file (CloudFormation "
                        + "functions such as !Ref belong in a template with Resources:)",
                    "rules.yaml:4:16: the YAML tag !Ref cannot be used in an event pattern",
                ])
    }

    @Test func yamlSyntaxErrorsHaveTheirPlace() {
        let found = problems("rules:\n  - name: a\n    eventPattern: {source: [a]\n  - name: b\n")
        #expect(found.count == 1)
        #expect(found.first?.code == .invalidYAML)
        #expect(found.first?.line == 4)
        #expect(found.first?.message.hasPrefix("invalid YAML: ") == true)
    }

    @Test func duplicateYAMLKeysAreErrors() {
        #expect(
            problemLines("rules:\n  - name: a\n    name: b\n    eventPattern: {source: [a]}\n") == [
                "rules.yaml:2:5: invalid YAML: duplicate key 'name' in a mapping"
            ])
    }

    @Test func theShapeMustBeRecognisable() {
        #expect(
            problemLines("") == [
                "rules.yaml:1:1: expected a mapping with 'rules:' (Warren's format) or 'Resources:' (a CloudFormation "
                    + "template); the file is empty"
            ])
        #expect(
            problemLines("- a\n- b\n") == [
                "rules.yaml:1:1: expected a mapping with 'rules:' (Warren's format) or 'Resources:' (a CloudFormation "
                    + "template); found a list"
            ])
        #expect(
            problemLines("buses: [a]\nrule:\n  - name: x\n") == [
                "rules.yaml:2:1: unknown key 'rule'; did you mean 'rules'?"
            ])
        #expect(
            problemLines("Resource:\n  X: {Type: AWS::Events::Rule}\n") == [
                "rules.yaml:1:1: unknown key 'Resource'; did you mean 'Resources'?"
            ])
        #expect(
            problemLines("rules: []\nResources: {}\n") == [
                "rules.yaml:1:1: the file has both 'rules:' (Warren's format) and 'Resources:' (a CloudFormation "
                    + "template); use one"
            ])
        #expect(
            problemLines("rules: []\nversion: 2\n") == [
                "rules.yaml:2:1: unknown key 'version' in the rules file; expected one of: buses, rules"
            ])
        #expect(problems("Mappings: {}").map(\.code) == [.unknownShape])
    }

    @Test func anUnreadableFileSaysSoAndMayBeRetried() {
        do {
            _ = try RulesFileLoader.load(path: "/nonexistent/warren/rules.yaml")
            Issue.record("expected an error")
        } catch {
            #expect(error.problems.map(\.code) == [.unreadableFile])
            #expect(error.problems[0].line == 0)
            #expect(error.isRetryable)
            #expect(error.description.hasPrefix("/nonexistent/warren/rules.yaml: cannot read the file: "))
        }
    }
}
