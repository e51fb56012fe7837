/// When a connection's thread must wake up, and when the broker has been silent too long.
///
/// librabbitmq consumes heartbeat frames silently and notices missing ones only in blocking waits, which the
/// connection's loop never makes; so the loop records when input last arrived and gives up after two silent
/// heartbeat intervals. A pure value: instants come in from the caller.
struct HeartbeatMonitor {
    /// The negotiated interval; zero when heartbeats are off.
    let heartbeat: Duration
    private(set) var lastInputAt: ContinuousClock.Instant

    init(heartbeat: Duration, now: ContinuousClock.Instant) {
        self.heartbeat = heartbeat
        self.lastInputAt = now
    }

    /// How long the thread may sleep in `poll`: a quarter of the heartbeat, at most one second, so heartbeats are
    /// sent in time and missed ones noticed.
    var pollTimeoutMilliseconds: Int32 {
        let quarter = Int(heartbeat.components.seconds) * 250
        return Int32(quarter > 0 ? min(quarter, 1000) : 1000)
    }

    /// How long the broker may stay silent.
    var silenceLimit: Duration { heartbeat * 2 }

    mutating func receivedInput(at now: ContinuousClock.Instant) {
        lastInputAt = now
    }

    /// Whether the broker has been silent for more than two heartbeat intervals (never, without heartbeats).
    func isSilent(at now: ContinuousClock.Instant) -> Bool {
        heartbeat > .zero && now - lastInputAt > silenceLimit
    }
}
