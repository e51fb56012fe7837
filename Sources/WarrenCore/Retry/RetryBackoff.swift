/// When a failed delivery is tried again: exponential backoff with jitter, waiting in the broker.
///
/// Retry n (1-based) waits in the delay queue of level `2^(n-1)` seconds, capped at 512 s, for a random time in
/// `[level, 2 × level)`. Delay queues expire messages only at their head, so a message never waits less than its
/// level nor as long as twice its level, whatever is queued before it.
public enum RetryBackoff {
    /// Delay queue levels, in seconds.
    public static let levels = (0...9).map { 1 << $0 }

    /// The level of retry `attempt` (1-based).
    public static func level(forAttempt attempt: Int) -> Int {
        levels[min(max(attempt, 1), levels.count) - 1]
    }

    /// The delay of retry `attempt`, in milliseconds, with jitter from `random` in [0, 1).
    public static func delayMilliseconds(forAttempt attempt: Int, random: Double = Double.random(in: 0..<1)) -> Int {
        let levelMilliseconds = level(forAttempt: attempt) * 1000
        return levelMilliseconds + Int(Double(levelMilliseconds) * min(max(random, 0), 0.999))
    }
}
