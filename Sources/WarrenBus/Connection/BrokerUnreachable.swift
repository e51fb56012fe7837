public import AMQPClient

/// The broker could not be reached within a `BrokerConnection`'s connect timeout: nothing answered, or every
/// attempt failed for a reason that may pass (refused, reset, timed out). Names the URL without its password.
public struct BrokerUnreachable: Error, Sendable, Hashable, CustomStringConvertible {
    /// The broker's URL without the password.
    public var redactedURL: String
    /// How long connection attempts went on.
    public var timeout: Duration
    public var attempts: Int
    /// Why the last attempt failed.
    public var lastError: AMQPError

    public var description: String {
        "cannot reach the broker at \(redactedURL): gave up after \(timeout) and \(attempts) attempts "
            + "(last error: \(lastError))"
    }
}
