import EventPatterns
import Testing

/// Every case EventBridge itself decided (`Fixtures/aws-patterns.jsonl`): same verdict, same error text.
@Suite struct ConformanceCorpusTests {
    @Test func corpusHasEveryCase() {
        #expect(ConformanceCase.all.count == 118)
    }

    @Test(arguments: ConformanceCase.all)
    func awsVerdict(_ testCase: ConformanceCase) {
        let outcome: Result<Bool, TestEventPatternError>
        do throws(TestEventPatternError) {
            outcome = .success(try TestEventPattern.evaluate(pattern: testCase.pattern, event: testCase.event))
        } catch {
            outcome = .failure(error)
        }
        switch (testCase.expected, outcome) {
        case (.match, .success(let result)):
            #expect(result, "expected a match")
        case (.noMatch, .success(let result)):
            #expect(!result, "expected no match")
        case (.invalidPattern, .failure(.invalidPattern(let error))):
            #expect(error.message == testCase.error)
            // The recorder sometimes sent a templated text (`arn:<partition>:...`); positions only compare when
            // AWS quotes the very text sent.
            if let raw = testCase.errorRaw, raw.contains("(String)\"\(testCase.pattern)\"") {
                #expect(error.rawMessage == raw)
            }
        case (.invalidEvent, .failure(.invalidEvent)):
            #expect(outcome.failureMessage == testCase.error)
        default:
            Issue.record("expected \(testCase.expected), got \(outcome)")
        }
    }
}

extension Result where Failure == TestEventPatternError {
    fileprivate var failureMessage: String? {
        if case .failure(let error) = self { return error.message }
        return nil
    }
}
