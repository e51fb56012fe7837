public import AMQPClient

/// A right the broker refused, read from its reply: 403 ACCESS_REFUSED for a queue, exchange or login, 530
/// NOT_ALLOWED for a vhost. Retrying cannot help until an administrator grants the right, so Warren fails at once
/// on it: PutEvents with `AccessDeniedException`, a consumer by stopping with this error.
///
/// Its description names the user, the resource and the missing right, e.g. `access refused: user 'app' lacks
/// the write permission on exchange 'warren:orders' in vhost '/' (basic.publish failed: 403 ACCESS_REFUSED - ...)`.
/// RabbitMQ 3.13 and later name the right in the reply; older brokers do not, and then it is inferred from the
/// operation (see `missingRights`).
public struct BrokerAccessRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    /// The rights of RabbitMQ's permission model.
    public enum Right: String, Sendable, Hashable {
        case configure, write, read
    }

    /// What was refused.
    public enum Resource: Sendable, Hashable {
        /// A queue, exchange or topic (`kind`) and its name, in `virtualHost`.
        case named(kind: String, name: String, virtualHost: String)
        /// The user has no permissions at all in this vhost.
        case virtualHost(String)
        /// The user name or password is wrong.
        case login
        /// The reply names nothing Warren recognises; see `brokerError`.
        case unknown
    }

    public var resource: Resource
    /// The right that is missing: one when the reply names it or the operation needs only one on that resource;
    /// two when the operation checks both and the reply does not say which failed (`queue.declare` of a new queue
    /// with a dead-letter exchange needs configure and read on it); empty for a vhost, a login or an unknown reply.
    public var missingRights: [Right]
    /// The user the broker named, when it did.
    public var user: String?
    /// The broker's error as received.
    public var brokerError: AMQPError

    /// The refusal `error` stands for, or nil when it is not one (`BrokerAccessRefusal` itself, or an `AMQPError`
    /// with reply code 403, or 530 for a vhost).
    public init?(_ error: any Error) {
        if let refusal = error as? BrokerAccessRefusal {
            self = refusal
            return
        }
        guard let error = error as? AMQPError, let replyCode = error.replyCode else { return nil }
        let text = Self.stripReplyName(error.message)
        brokerError = error
        // RabbitMQ: "[<right> ]access to <kind> '<name>'[ in vhost '<vhost>'] refused for user '<user>'".
        let refusedResource =
            #/(?:(configure|write|read) )?access to (queue|exchange|topic|vhost) '(.*?)'(?: in vhost '(.*?)')? refused for user '(.*)'/#
        if let match = text.firstMatch(of: refusedResource) {
            let (_, right, kind, name, vhost, user) = match.output
            self.user = String(user)
            if kind == "vhost" {
                resource = .virtualHost(String(name))
                missingRights = []
                return
            }
            resource = .named(kind: String(kind), name: String(name), virtualHost: String(vhost ?? ""))
            missingRights =
                right.flatMap { Right(rawValue: String($0)) }.map { [$0] }
                ?? Self.rights(checkedBy: error.operation, on: String(kind))
            return
        }
        guard replyCode == 403 else { return nil }
        user = nil
        missingRights = []
        resource = text.hasPrefix("Login was refused") ? .login : .unknown
    }

    public var description: String {
        let who = user.map { "user '\($0)'" } ?? "the user"
        let what: String
        switch resource {
        case .named(let kind, let name, let virtualHost):
            let rights = missingRights.isEmpty ? "a" : "the " + missingRights.map(\.rawValue).joined(separator: " or ")
            what = "\(who) lacks \(rights) permission on \(kind) '\(name)' in vhost '\(virtualHost)'"
        case .virtualHost(let virtualHost):
            what = "\(who) has no permissions in vhost '\(virtualHost)'"
        case .login:
            what = "the broker refused the login: wrong user name or password"
        case .unknown:
            what = "the broker refused the operation"
        }
        return "access refused: \(what) (\(brokerError))"
    }

    private static func stripReplyName(_ text: String) -> String {
        for name in ["ACCESS_REFUSED - ", "NOT_ALLOWED - "] where text.hasPrefix(name) {
            return String(text.dropFirst(name.count))
        }
        return text
    }

    /// The rights `operation` needs on a resource of `kind` (RabbitMQ's access-control table), for replies that do
    /// not name the one refused.
    static func rights(checkedBy operation: String, on kind: String) -> [Right] {
        switch (operation, kind) {
        case ("exchange.declare", "exchange"), ("exchange.delete", "exchange"), ("queue.delete", "queue"):
            [.configure]
        case ("queue.declare", "queue"): [.configure, .read]
        case ("queue.declare", "exchange"): [.write]  // its dead-letter exchange
        case ("queue.bind", "queue"), ("queue.unbind", "queue"), ("basic.publish", _): [.write]
        case ("queue.bind", "exchange"), ("queue.unbind", "exchange"): [.read]
        case ("exchange.bind", "exchange"), ("exchange.unbind", "exchange"): [.write, .read]
        case ("basic.consume", "queue"), ("basic.get", "queue"), ("queue.purge", "queue"): [.read]
        default: []
        }
    }
}

extension PutEventsEntryError {
    /// The broker refused to store the entry (a missing write permission on its bus's exchange).
    static func accessDenied(_ refusal: BrokerAccessRefusal) -> PutEventsEntryError {
        PutEventsEntryError(code: .accessDenied, message: "\(refusal)")
    }
}

extension PutEventsRequestError {
    /// The broker refused a right the whole request needs.
    static func accessDenied(_ refusal: BrokerAccessRefusal) -> PutEventsRequestError {
        PutEventsRequestError(code: .accessDenied, message: "\(refusal)")
    }
}
