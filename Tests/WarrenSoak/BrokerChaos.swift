import WarrenTestSupport

/// The soak's faults, at random moments until a deadline: broker restarts (or crashes) and consumer kills. Each
/// loop waits a random time between half and one and a half times its mean interval, and never starts a fault
/// after the deadline (one in progress is finished, so the broker is always left running).
struct BrokerChaos: Sendable {
    var broker: BrokerInstance
    var fleet: ConsumerFleet
    var restartInterval: Double
    var killInterval: Double
    /// SIGKILL the broker and start it again, rather than a graceful restart.
    var crashBroker: Bool
    var say: @Sendable (String) -> Void

    /// Runs both loops until `deadline`; returns how many restarts and kills it made.
    func run(until deadline: ContinuousClock.Instant) async -> (restarts: Int, kills: Int) {
        async let restarts = restartBroker(until: deadline)
        async let kills = killConsumers(until: deadline)
        return await (restarts, kills)
    }

    private func restartBroker(until deadline: ContinuousClock.Instant) async -> Int {
        var count = 0
        while await wait(around: restartInterval, before: deadline) {
            let began = ContinuousClock.now
            do {
                if crashBroker {
                    say("crashing the broker (SIGKILL), then starting it")
                    try await broker.kill()
                    try await broker.start()
                } else {
                    say("restarting the broker")
                    try await broker.restart()
                }
                count += 1
                say("broker back after \(Self.seconds(ContinuousClock.now - began))")
            } catch {
                say("broker restart failed: \(error); starting it")
                try? await broker.start()
            }
        }
        return count
    }

    private func killConsumers(until deadline: ContinuousClock.Instant) async -> Int {
        var count = 0
        while await wait(around: killInterval, before: deadline) {
            do {
                say(try await fleet.killOne())
                count += 1
            } catch {
                say("cannot replace a killed consumer: \(error)")
            }
        }
        return count
    }

    /// Sleeps a random time around `interval` seconds; false when that would pass `deadline`.
    private func wait(around interval: Double, before deadline: ContinuousClock.Instant) async -> Bool {
        let next = ContinuousClock.now + .milliseconds(Int(interval * Double.random(in: 0.5...1.5) * 1000))
        guard next < deadline else { return false }
        try? await ContinuousClock().sleep(until: next)
        return true
    }

    static func seconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return "\(seconds).\(attoseconds / 100_000_000_000_000_000) s"
    }
}
