import EventPatterns
import Foundation
import Testing
import WarrenBus

@Suite("Retries, envelopes, de-duplication")
struct ConsumerLogicTests {
    let ingested = Date(timeIntervalSince1970: 1_000_000)

    @Test("retry n waits in level 2^(n-1) s (capped at 512 s) for [level, 2 x level)")
    func backoff() {
        #expect(RetryBackoff.level(forAttempt: 1) == 1)
        #expect(RetryBackoff.level(forAttempt: 4) == 8)
        #expect(RetryBackoff.level(forAttempt: 10) == 512)
        #expect(RetryBackoff.level(forAttempt: 185) == 512)
        #expect(RetryBackoff.delayMilliseconds(forAttempt: 1, random: 0) == 1000)
        #expect(RetryBackoff.delayMilliseconds(forAttempt: 1, random: 0.9999) == 1999)
        #expect(RetryBackoff.delayMilliseconds(forAttempt: 3, random: 0.5) == 6000)
        for attempt in 1...20 {
            let delay = RetryBackoff.delayMilliseconds(forAttempt: attempt)
            let level = RetryBackoff.level(forAttempt: attempt) * 1000
            #expect(delay >= level && delay < 2 * level)
        }
    }

    @Test("retries until MaximumRetryAttempts, then the dead-letter queue")
    func maximumAttempts() {
        let policy = FailurePolicy(retryPolicy: RetryPolicy(maximumRetryAttempts: 2, maximumEventAgeInSeconds: 86_400))
        #expect(
            policy.outcome(previousRetries: 0, ingestedAt: ingested, now: ingested, retryable: true, random: 0)
                == .retry(attempt: 1, delayMilliseconds: 1000, level: 1))
        #expect(
            policy.outcome(previousRetries: 1, ingestedAt: ingested, now: ingested, retryable: true, random: 0)
                == .retry(attempt: 2, delayMilliseconds: 2000, level: 2))
        #expect(
            policy.outcome(previousRetries: 2, ingestedAt: ingested, now: ingested, retryable: true)
                == .deadLetter(exhaustedCondition: "MaximumRetryAttempts"))
        let none = FailurePolicy(retryPolicy: RetryPolicy(maximumRetryAttempts: 0, maximumEventAgeInSeconds: 60))
        #expect(
            none.outcome(previousRetries: 0, ingestedAt: ingested, now: ingested, retryable: true)
                == .deadLetter(exhaustedCondition: "MaximumRetryAttempts"))
    }

    @Test("stops when the next attempt would be older than MaximumEventAgeInSeconds")
    func maximumAge() {
        let policy = FailurePolicy(retryPolicy: RetryPolicy(maximumRetryAttempts: 185, maximumEventAgeInSeconds: 60))
        #expect(
            policy.outcome(
                previousRetries: 0, ingestedAt: ingested, now: ingested.addingTimeInterval(58), retryable: true,
                random: 0) == .retry(attempt: 1, delayMilliseconds: 1000, level: 1))
        #expect(
            policy.outcome(
                previousRetries: 0, ingestedAt: ingested, now: ingested.addingTimeInterval(59.5), retryable: true,
                random: 0) == .deadLetter(exhaustedCondition: "MaximumEventAgeInSeconds"))
    }

    @Test("a failure that is not retryable goes straight to the dead-letter queue")
    func notRetryable() {
        let policy = FailurePolicy(retryPolicy: RetryPolicy())
        #expect(
            policy.outcome(previousRetries: 0, ingestedAt: ingested, now: ingested, retryable: false)
                == .deadLetter(exhaustedCondition: nil))
    }

    @Test("retry policy limits, in EventBridge's ranges")
    func retryPolicyLimits() {
        #expect(RetryPolicy().problems.isEmpty)
        #expect(RetryPolicy().maximumRetryAttempts == 185)
        #expect(RetryPolicy().maximumEventAgeInSeconds == 86_400)
        #expect(RetryPolicy(maximumRetryAttempts: 186).problems == ["MaximumRetryAttempts must be between 0 and 185, got 186"])
        #expect(
            RetryPolicy(maximumEventAgeInSeconds: 59).problems
                == ["MaximumEventAgeInSeconds must be between 60 and 86400, got 59"])
    }

    @Test("a delivered message that is not a valid event says what is wrong", arguments: [
        ("not json", "the message is not JSON"),
        ("[1]", "the message is not a JSON object"),
        (#"{"version":"0"}"#, "the event has no 'id' field"),
        (
            #"{"version":"0","id":"1","detail-type":"t","source":"s","account":"a","time":"t","region":"r","resources":[],"detail":"x"}"#,
            "the event's 'detail' field is not an object"
        ),
        (
            #"{"version":"0","id":1,"detail-type":"t","source":"s","account":"a","time":"t","region":"r","resources":[],"detail":{}}"#,
            "the event's 'id' field is not a string"
        ),
        (
            #"{"version":"0","id":"1","detail-type":"t","source":"s","account":"a","time":"t","region":"r","resources":[1],"detail":{}}"#,
            "the event's 'resources' array holds a value that is not a string"
        ),
    ])
    func invalidEnvelope(text: String, reason: String) {
        let error = #expect(throws: EventEnvelopeError.self) { try EventEnvelope(parsing: Array(text.utf8)) }
        #expect(error?.reason.hasPrefix(reason) == true, "\(error?.reason ?? "")")
    }

    @Test("the de-duplication window forgets the oldest ids first")
    func deduplication() {
        let window = EventDeduplicator(capacity: 3)
        for id in ["a", "b", "c"] { window.record(id) }
        #expect(window.contains("a"))
        window.record("d")
        #expect(!window.contains("a"))
        #expect(window.contains("b") && window.contains("c") && window.contains("d"))
        window.record("d")
        window.record("e")
        #expect(!window.contains("b"))
        #expect(window.contains("c"))
    }

    @Test("reconnect backoff doubles up to its maximum, with jitter")
    func reconnectBackoff() {
        let backoff = ReconnectBackoff(initial: .milliseconds(100), maximum: .seconds(2))
        for failures in 1...12 {
            let delay = backoff.delay(afterFailures: failures)
            let full = min(Duration.milliseconds(100) * (1 << (failures - 1)), .seconds(2))
            #expect(delay >= full * 0.5 && delay <= full)
        }
    }

    @Test("routing keys: escaped words, stable hashes for long values, within 255 bytes")
    func routingKeys() {
        #expect(RoutingKey.make(source: "custom.myATMapp", detailType: "transaction") == "custom%2EmyATMapp.transaction")
        #expect(RoutingKey.word("*").text == "%2A")
        #expect(RoutingKey.word("#").text == "%23")
        #expect(RoutingKey.word("").text == "%")
        #expect(RoutingKey.word("a:b/c-d_e").text == "a:b/c-d_e")
        let long = String(repeating: "é", count: 200)
        let word = RoutingKey.word(long)
        #expect(word.isHashed)
        #expect(word.text == RoutingKey.word(long).text)
        #expect(word.text != RoutingKey.word(long + "x").text)
        #expect(RoutingKey.make(source: long, detailType: long).utf8.count <= 255)
    }

    @Test("event times are ISO 8601 UTC with whole seconds")
    func eventTime() throws {
        #expect(EventTime.format(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
        #expect(EventTime.format(Date(timeIntervalSince1970: 1_513_968_228.9)) == "2017-12-22T18:43:48Z")
        #expect(EventTime.format(Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29T00:00:00Z")
        #expect(try EventTime.parse("2017-12-22T18:43:48Z") == Date(timeIntervalSince1970: 1_513_968_228))
        #expect(try EventTime.parse("2022-01-01") == Date(timeIntervalSince1970: 1_640_995_200))
        #expect(throws: EventTimeError.self) { try EventTime.parse("yesterday") }
    }
}
