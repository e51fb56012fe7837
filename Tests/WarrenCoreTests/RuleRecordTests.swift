import EventPatterns
import Foundation
import Testing
import WarrenCore

/// The rule registry's records: what `rules list`/`show` print and what any process reads back from the broker.
@Suite("Rule records")
struct RuleRecordTests {
    @Test("records written before acceptRawPublishes existed still decode, as targets that refuse raw publishes")
    func olderRecords() throws {
        let older = #"""
            {"Name":"r","EventBusName":"default","State":"ENABLED","EventPattern":"{\"source\":[\"a\"]}",
             "Targets":[{"Id":"t","RetryPolicy":{"MaximumRetryAttempts":185,"MaximumEventAgeInSeconds":86400},
                         "QueueType":"quorum","MaximumDeliveries":5}]}
            """#
        let record = try JSONDecoder().decode(RuleRecord.self, from: Data(older.utf8))
        #expect(try record.rule().targets == [RuleTarget(id: "t")])
        #expect(record.targets[0].target.rawPublishes == .deadLetter)
    }

    @Test("acceptRawPublishes round-trips, and is written only when set")
    func roundTrip() throws {
        let rule = Rule(
            name: "r", eventBusName: "default", eventPattern: try EventPattern(parsing: #"{"source":["a"]}"#),
            targets: [RuleTarget(id: "raw", rawPublishes: .accept), RuleTarget(id: "strict")])
        let encoded = try JSONEncoder().encode(RuleRecord(rule, owner: .unowned))
        let text = String(decoding: encoded, as: UTF8.self)
        #expect(text.components(separatedBy: "AcceptRawPublishes").count == 2, "only the target that sets it: \(text)")
        #expect(try JSONDecoder().decode(RuleRecord.self, from: encoded).rule() == rule)
    }
}
