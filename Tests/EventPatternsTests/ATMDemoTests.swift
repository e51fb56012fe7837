import EventPatterns
import Testing

/// The ATM demo (`Fixtures/atm-demo.json`): its three rules route the producer's transactions and the edge cases
/// to the right consumers.
@Suite struct ATMDemoTests {
    static let demo = loadFixture("atm-demo", withExtension: "json")

    /// The event EventBridge delivers for a PutEvents entry.
    static func event(source: String, detailType: String, detail: JSONValue) -> JSONValue {
        [
            "version": "0", "id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718", "detail-type": .string(detailType),
            "source": .string(source), "account": "123456789012", "time": "2017-12-22T18:43:48Z",
            "region": "us-west-1", "resources": [], "detail": detail,
        ]
    }

    static var rules: RuleSet<String> {
        let rules = demo["rules"]!.objectValue!
        return RuleSet(rules.members.map { member in
            (name: member.key, pattern: try! EventPattern(parsing: member.value["pattern"]!.serialized()))
        })
    }

    @Test func theProducersTransactionsReachTheExpectedConsumers() {
        let rules = Self.rules
        var delivered: [String: [String]] = [:]
        for entry in Self.demo["entries"]!.arrayValue! {
            let event = Self.event(
                source: entry["Source"]!.stringValue!, detailType: entry["DetailType"]!.stringValue!,
                detail: entry["Detail"]!
            )
            let id = entry["Detail"]!["transactionId"]!.stringValue!
            for rule in rules.matchingRules(forEvent: event) { delivered[rule, default: []].append(id) }
            // The bytes path (what a consumer gets from the broker) agrees with the parsed path.
            #expect(rules.matchingRules(forEvent: Array(event.serialized().utf8)) == rules.matchingRules(forEvent: event))
        }
        for (rule, expected) in Self.demo["expectedDeliveries"]!.objectValue! {
            #expect(delivered[rule] == expected.arrayValue!.map { $0.stringValue! }, "\(rule)")
        }
    }

    @Test(arguments: 0..<4)
    func edgeCase(_ index: Int) {
        let edge = Self.demo["edge"]!.arrayValue![index]
        let event = Self.event(
            source: edge["Source"]?.stringValue ?? "custom.myATMapp",
            detailType: edge["DetailType"]?.stringValue ?? "transaction",
            detail: edge["Detail"]!
        )
        let expected = edge["deliveredTo"]!.arrayValue!.map { $0.stringValue! }
        #expect(Self.rules.matchingRules(forEvent: event) == expected, "\(edge["why"]!.stringValue!)")
    }

    @Test func theRulesAreWhatTheDemoDeploys() throws {
        let rules = Self.demo["rules"]!.objectValue!
        let approved = try EventPattern(parsing: rules["case1"]!["pattern"]!.serialized())
        #expect(approved.branches == [[
            PathCondition(path: ["source"], matchers: [.exactString("custom.myATMapp")]),
            PathCondition(path: ["detail-type"], matchers: [.exactString("transaction")]),
            PathCondition(path: ["detail", "result"], matchers: [.exactString("approved")]),
        ]])
        let newYork = try EventPattern(parsing: rules["case2"]!["pattern"]!.serialized())
        #expect(newYork.branches[0][2].matchers == [.prefix("NY-", ignoreCase: false)])
        let unapproved = try EventPattern(parsing: rules["case3"]!["pattern"]!.serialized())
        #expect(unapproved.branches[0][2].matchers == [.anythingBut(.strings(["approved"]))])
    }

    @Test func theEdgeCasesCoverEveryRuleOfTheDemo() {
        #expect(Self.demo["edge"]!.arrayValue!.count == 4)
    }
}
