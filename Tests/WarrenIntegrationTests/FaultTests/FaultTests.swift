import Testing
import WarrenTestSupport

/// The fault tests (issue 5): broker restarts, crashed consumers, poison messages, bad input, hanging handlers.
///
/// They run one at a time, against a broker of their own (`BrokerInstance.fault`, AMQP port 5682), never the `main`
/// broker that the rest of the suite shares in parallel: some of them restart their broker. Each fault scenario is
/// a suite nested in this one, in a file named for it.
@Suite("Fault tests", .serialized, .faultBroker)
enum FaultTests {}

/// Starts the fault broker before the fault tests and stops it after them, unless it was already running (a
/// developer may keep it up between runs to save its start-up time).
struct FaultBrokerScope: SuiteTrait, TestScoping {
    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        let broker = BrokerInstance.fault
        let wasRunning = try await broker.isRunning()
        if !wasRunning { try await broker.start() }
        do {
            try await function()
        } catch {
            if !wasRunning { try? await broker.stop() }
            throw error
        }
        if !wasRunning { try await broker.stop() }
    }
}

extension Trait where Self == FaultBrokerScope {
    /// Runs the suite with the fault broker up.
    static var faultBroker: Self { Self() }
}
