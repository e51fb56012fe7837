@testable import AMQPClient
import Testing

/// Matching a `basic.return` to its mandatory publish.
@Suite("MandatoryPublishes")
struct MandatoryPublishesTests {
    private func identity(_ body: String, exchange: String = "orders", key: String = "new", id: String? = nil)
        -> ReturnedMessageIdentity
    {
        ReturnedMessageIdentity(exchange: exchange, routingKey: key, messageID: id, body: Array(body.utf8))
    }

    @Test("a return matches the publish with the same exchange, routing key, message id and body")
    func matchesByIdentity() {
        var publishes = MandatoryPublishes()
        publishes.record(sequence: 1, identity: identity("a"))
        publishes.record(sequence: 2, identity: identity("b"))
        publishes.record(sequence: 3, identity: identity("b", key: "other"))
        publishes.record(sequence: 4, identity: identity("b", id: "m-4"))
        #expect(publishes.matchReturn(identity("b", id: "m-4")) == 4)
        #expect(publishes.matchReturn(identity("b", key: "other")) == 3)
        #expect(publishes.matchReturn(identity("b")) == 2)
        #expect(publishes.matchReturn(identity("c")) == nil)
        #expect(publishes.count == 1)
    }

    @Test("two identical messages: the first return matches the older publish, the second the newer")
    func identicalMessages() {
        var publishes = MandatoryPublishes()
        publishes.record(sequence: 5, identity: identity("same"))
        publishes.record(sequence: 6, identity: identity("other"))
        publishes.record(sequence: 7, identity: identity("same"))
        #expect(publishes.matchReturn(identity("same")) == 5)
        #expect(publishes.matchReturn(identity("same")) == 7)
        #expect(publishes.matchReturn(identity("same")) == nil)
    }

    @Test("bodies that differ in one byte or in length are told apart")
    func bodies() {
        #expect(identity("abc") != identity("abd"))
        #expect(identity("abc") != identity("abc "))
        #expect(identity("abc") == identity("abc"))
        #expect(identity("") != identity("abc"))
    }

    @Test("a confirmed publish can no longer be returned: a later identical publish gets the return")
    func confirmedAreForgotten() {
        var publishes = MandatoryPublishes()
        publishes.record(sequence: 1, identity: identity("x"))
        publishes.record(sequence: 2, identity: identity("x"))
        publishes.record(sequence: 3, identity: identity("x"))
        // Single acks, out of order.
        publishes.forgetConfirmed(tag: 2, multiple: false)
        publishes.forgetConfirmed(tag: 1, multiple: false)
        #expect(publishes.matchReturn(identity("x")) == 3)
    }

    @Test("a multiple ack forgets every publish up to its tag")
    func multipleAck() {
        var publishes = MandatoryPublishes()
        for sequence in [2, 4, 6, 8] as [UInt64] { publishes.record(sequence: sequence, identity: identity("y")) }
        publishes.forgetConfirmed(tag: 5, multiple: true)
        #expect(publishes.count == 2)
        #expect(publishes.matchReturn(identity("y")) == 6)
        publishes.forgetConfirmed(tag: 100, multiple: true)
        #expect(publishes.isEmpty)
        // An ack for something never recorded changes nothing.
        publishes.record(sequence: 9, identity: identity("z"))
        publishes.forgetConfirmed(tag: 7, multiple: false)
        #expect(publishes.count == 1)
    }

    @Test("removeAll forgets everything (the channel closed)")
    func removeAll() {
        var publishes = MandatoryPublishes()
        publishes.record(sequence: 1, identity: identity("q"))
        publishes.removeAll()
        #expect(publishes.matchReturn(identity("q")) == nil)
    }
}
