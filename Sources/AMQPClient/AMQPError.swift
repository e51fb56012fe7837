/// The one error type of the AMQP client.
///
/// Every librabbitmq status and every broker reply is mapped to it (see `CConnection`), with the operation that
/// failed, the reply code and text, what was closed by it, and what the caller can do about it. Its description
/// never contains a password: URLs are shown without credentials.
public struct AMQPError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, as a stable category.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        public var description: String { name }

        /// The broker closed the channel or the connection with a reply code (see `replyCode`).
        public static let serverClosed = Code(name: "serverClosed")
        /// A library or socket status from librabbitmq (see `libraryStatus`).
        public static let library = Code(name: "library")
        /// The broker rejected a published message (`basic.nack`).
        public static let nacked = Code(name: "nacked")
        /// The broker returned a mandatory message because no queue was bound for it (`basic.return`).
        public static let unroutable = Code(name: "unroutable")
        /// The channel was already closed, by the caller or by an earlier error.
        public static let channelClosed = Code(name: "channelClosed")
        /// The connection was already closed, by the caller or by an earlier error.
        public static let connectionClosed = Code(name: "connectionClosed")
        /// The broker cancelled a consumer (its queue was deleted, or a node went down).
        public static let consumerCancelled = Code(name: "consumerCancelled")
        /// An argument was not acceptable (bad URL, name too long, ...). Nothing was sent.
        public static let invalidArgument = Code(name: "invalidArgument")
        /// The TLS configuration could not be loaded (CA, certificate or key file).
        public static let tlsConfiguration = Code(name: "tlsConfiguration")
    }

    /// What the failure closed.
    public enum Scope: Sendable, Hashable {
        /// Only this operation failed; the channel and connection remain usable.
        case operation
        /// The channel is closed; open a new one. The connection remains usable.
        case channel
        /// The connection is closed; connect again.
        case connection
    }

    /// What a caller can usefully do.
    public enum Recovery: Sendable, Hashable {
        /// Trying the same operation again may succeed (a nack, a broker restart).
        case retry
        /// Reconnect first, then retry: the connection is gone for a reason that may pass.
        case reconnect
        /// Retrying will fail the same way until something is changed (permissions, names, arguments).
        case none
    }

    public var code: Code
    /// The AMQP operation, e.g. `queue.declare`, `basic.publish`, `connect`.
    public var operation: String
    /// The broker's reply code (404, 403, 406, 320, ...), when the broker closed something.
    public var replyCode: UInt16?
    /// The broker's reply text or the library's explanation.
    public var message: String
    /// librabbitmq's status code (negative `amqp_status_enum`), when the library reported the failure.
    public var libraryStatus: Int32?
    public var scope: Scope
    public var recovery: Recovery

    public init(
        code: Code,
        operation: String,
        replyCode: UInt16? = nil,
        message: String,
        libraryStatus: Int32? = nil,
        scope: Scope,
        recovery: Recovery
    ) {
        self.code = code
        self.operation = operation
        self.replyCode = replyCode
        self.message = message
        self.libraryStatus = libraryStatus
        self.scope = scope
        self.recovery = recovery
    }

    /// The reply code's AMQP name, e.g. `NOT_FOUND` for 404.
    public var replyName: String? { replyCode.flatMap(AMQPError.replyCodeName) }

    /// One line: what failed, where and why, e.g. `queue.declare failed: 404 NOT_FOUND - no queue 'x' in vhost '/'`.
    public var description: String {
        if let replyCode {
            let name = replyName ?? "REPLY"
            // RabbitMQ's reply texts already start with the code's name ("NOT_FOUND - ...").
            let text = message.hasPrefix(name) ? message : "\(name) - \(message)"
            return "\(operation) failed: \(replyCode) \(text)"
        }
        return "\(operation) failed: \(message)"
    }

    /// AMQP 0-9-1 reply code names (spec section 1.2 and RabbitMQ's extensions).
    static func replyCodeName(_ code: UInt16) -> String? {
        switch code {
        case 200: "REPLY_SUCCESS"
        case 311: "CONTENT_TOO_LARGE"
        case 312: "NO_ROUTE"
        case 313: "NO_CONSUMERS"
        case 320: "CONNECTION_FORCED"
        case 402: "INVALID_PATH"
        case 403: "ACCESS_REFUSED"
        case 404: "NOT_FOUND"
        case 405: "RESOURCE_LOCKED"
        case 406: "PRECONDITION_FAILED"
        case 501: "FRAME_ERROR"
        case 502: "SYNTAX_ERROR"
        case 503: "COMMAND_INVALID"
        case 504: "CHANNEL_ERROR"
        case 505: "UNEXPECTED_FRAME"
        case 506: "RESOURCE_ERROR"
        case 530: "NOT_ALLOWED"
        case 540: "NOT_IMPLEMENTED"
        case 541: "INTERNAL_ERROR"
        default: nil
        }
    }
}

extension AMQPError {
    public static func channelClosed(_ operation: String, because cause: AMQPError?) -> AMQPError {
        // The cause already says which operation closed the channel or connection, and why.
        if let cause { return cause }
        return AMQPError(
            code: .channelClosed, operation: operation, message: "the channel is closed", scope: .channel,
            recovery: .none)
    }

    public static func connectionClosed(_ operation: String, because cause: AMQPError?) -> AMQPError {
        // The cause already says which operation closed the channel or connection, and why.
        if let cause { return cause }
        return AMQPError(
            code: .connectionClosed, operation: operation, message: "the connection is closed", scope: .connection,
            recovery: .reconnect)
    }

    static func invalidArgument(_ operation: String, _ message: String) -> AMQPError {
        AMQPError(code: .invalidArgument, operation: operation, message: message, scope: .operation, recovery: .none)
    }
}
