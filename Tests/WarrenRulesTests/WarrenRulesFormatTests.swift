import EventPatterns
import Testing
import WarrenCore
import WarrenRules

@Suite("Warren's rules format")
struct WarrenRulesFormatTests {
    @Test func readsEveryField() throws {
        let file = try loadRules(
            """
            buses: [orders]            # "default" always exists
            rules:
              - name: approved-transactions
                bus: orders
                description: Approved transactions
                state: DISABLED
                eventPattern:
                  source: [custom.myATMapp]
                  detail:
                    result: [approved]
                targets:
                  - id: approved-handler
                    retryPolicy: {maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3600}
                    deadLetterQueue: approved-dlq
                    queueType: classic
                    maximumDeliveries: 7
                    acceptRawPublishes: true
                  - id: audit
            """)
        #expect(file.shape == .warren)
        #expect(file.path == "rules.yaml")
        #expect(file.buses == ["default", "orders"])
        #expect(file.origins.isEmpty)
        #expect(file.warnings.isEmpty)
        let rule = try #require(file.rules.first)
        #expect(file.rules.count == 1)
        #expect(rule.name == "approved-transactions")
        #expect(rule.eventBusName == "orders")
        #expect(rule.description == "Approved transactions")
        #expect(rule.state == .disabled)
        #expect(rule.eventPattern == (try pattern(#"{"source":["custom.myATMapp"],"detail":{"result":["approved"]}}"#)))
        #expect(
            rule.targets == [
                RuleTarget(
                    id: "approved-handler",
                    retryPolicy: RetryPolicy(maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3600),
                    deadLetterQueue: "approved-dlq", queueType: .classic, maximumDeliveries: 7, rawPublishes: .accept),
                RuleTarget(id: "audit"),
            ])
        #expect(file.rule(named: "approved-transactions", onBus: "orders") == rule)
        #expect(file.rule(named: "approved-transactions") == nil)
    }

    @Test func appliesDefaults() throws {
        let file = try loadRules(
            """
            rules:
              - name: minimal
                eventPattern: {source: [a]}
                targets:
                  - id: t
                    retryPolicy: {maximumRetryAttempts: 0}
              - name: no-targets
                eventPattern: {source: [b]}
            """)
        #expect(file.buses == ["default"])
        #expect(file.rules.count == 2)
        let minimal = file.rules[0]
        #expect(minimal.eventBusName == "default")
        #expect(minimal.state == .enabled)
        #expect(minimal.description == nil)
        let target = try #require(minimal.targets.first)
        #expect(target.retryPolicy == RetryPolicy(maximumRetryAttempts: 0, maximumEventAgeInSeconds: 86_400))
        #expect(target.deadLetterQueue == nil)
        #expect(target.queueType == .quorum)
        #expect(target.maximumDeliveries == 5)
        #expect(target.rawPublishes == .deadLetter)
        #expect(file.rules[1].targets.isEmpty)
    }

    @Test func readsPatternsWrittenAsJSONStrings() throws {
        let file = try loadRules(
            """
            rules:
              - name: inline
                eventPattern: '{"source": ["a"], "detail": {"n": [{"numeric": [">", 5]}]}}'
              - name: block
                eventPattern: |
                  {
                    "source": ["a"],
                    "detail": {"n": [25]}
                  }
            """)
        #expect(file.rules[0].eventPattern == (try pattern(#"{"source":["a"],"detail":{"n":[{"numeric":[">",5]}]}}"#)))
        #expect(file.rules[1].eventPattern == (try pattern(#"{"source":["a"],"detail":{"n":[25]}}"#)))
    }

    @Test func readsOperatorsWrittenAsYAML() throws {
        let file = try loadRules(
            """
            rules:
              - name: operators
                eventPattern:
                  detail:
                    location: [{prefix: NY-}]
                    result: [{anything-but: [approved, pending]}]
                    amount: [{numeric: [">=", 10, "<", 100]}]
                    partnerBank: [{exists: false}]
                  $or:
                    - source: [a]
                    - detail-type: [b]
            """)
        #expect(
            file.rules[0].eventPattern
                == (try pattern(
                    #"{"detail":{"location":[{"prefix":"NY-"}],"result":[{"anything-but":["approved","pending"]}],"#
                        + #""amount":[{"numeric":[">=",10,"<",100]}],"partnerBank":[{"exists":false}]},"#
                        + #""$or":[{"source":["a"]},{"detail-type":["b"]}]}"#)))
    }

    @Test func readsABusGivenAsAnARN() throws {
        let file = try loadRules(
            """
            buses: [orders]
            rules:
              - name: r
                bus: arn:aws:events:us-east-1:123456789012:event-bus/orders
                eventPattern: {source: [a]}
            """)
        #expect(file.rules[0].eventBusName == "orders")
    }

    @Test func declaringDefaultOrNothingIsFine() throws {
        #expect(try loadRules("buses: [default, orders]\nrules: []\n").buses == ["default", "orders"])
        #expect(try loadRules("rules:\n").rules.isEmpty)
    }
}
