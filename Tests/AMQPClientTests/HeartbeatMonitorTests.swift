@testable import AMQPClient
import Testing

@Suite("HeartbeatMonitor")
struct HeartbeatMonitorTests {
    private let start = ContinuousClock.now

    @Test("the thread sleeps a quarter of the heartbeat, at most a second", arguments: [
        (0, 1000), (1, 250), (2, 500), (4, 1000), (60, 1000),
    ])
    func pollTimeout(heartbeatSeconds: Int, milliseconds: Int32) {
        let monitor = HeartbeatMonitor(heartbeat: .seconds(heartbeatSeconds), now: start)
        #expect(monitor.pollTimeoutMilliseconds == milliseconds)
    }

    @Test("silent only after more than two heartbeat intervals without input")
    func silence() {
        var monitor = HeartbeatMonitor(heartbeat: .seconds(10), now: start)
        #expect(!monitor.isSilent(at: start + .seconds(20)))
        #expect(monitor.isSilent(at: start + .seconds(21)))
        monitor.receivedInput(at: start + .seconds(15))
        #expect(!monitor.isSilent(at: start + .seconds(30)))
        #expect(monitor.isSilent(at: start + .milliseconds(35_001)))
        #expect(monitor.silenceLimit == .seconds(20))
    }

    @Test("without heartbeats the broker is never considered silent")
    func noHeartbeat() {
        let monitor = HeartbeatMonitor(heartbeat: .zero, now: start)
        #expect(!monitor.isSilent(at: start + .seconds(3600)))
    }
}
