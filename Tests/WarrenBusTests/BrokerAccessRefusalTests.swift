import AMQPClient
import Testing
import WarrenBus

@Suite("Access refusals read from the broker's replies")
struct BrokerAccessRefusalTests {
    static func error(_ operation: String, _ code: UInt16, _ text: String, scope: AMQPError.Scope = .channel)
        -> AMQPError
    {
        AMQPError(
            code: .serverClosed, operation: operation, replyCode: code, message: text, scope: scope, recovery: .none)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var operation: String
        var text: String
        var resource: BrokerAccessRefusal.Resource
        var rights: [BrokerAccessRefusal.Right]
        var testDescription: String { "\(operation): \(text)" }
    }

    @Test(
        "RabbitMQ 3.x names the resource; the right comes from the operation",
        arguments: [
            Case(
                operation: "basic.publish",
                text: "ACCESS_REFUSED - access to exchange 'warren:orders' in vhost '/' refused for user 'app'",
                resource: .named(kind: "exchange", name: "warren:orders", virtualHost: "/"), rights: [.write]),
            Case(
                operation: "basic.consume",
                text: "ACCESS_REFUSED - access to queue 'warren:orders:r:t' in vhost 'prod' refused for user 'app'",
                resource: .named(kind: "queue", name: "warren:orders:r:t", virtualHost: "prod"), rights: [.read]),
            Case(
                operation: "exchange.declare",
                text: "ACCESS_REFUSED - access to exchange 'warren:default' in vhost '/' refused for user 'app'",
                resource: .named(kind: "exchange", name: "warren:default", virtualHost: "/"), rights: [.configure]),
            // A new queue with a dead-letter exchange is checked for configure and read: the reply does not say which.
            Case(
                operation: "queue.declare",
                text: "ACCESS_REFUSED - access to queue 'q' in vhost '/' refused for user 'app'",
                resource: .named(kind: "queue", name: "q", virtualHost: "/"), rights: [.configure, .read]),
            Case(
                operation: "queue.declare",
                text: "ACCESS_REFUSED - access to exchange 'amq.default' in vhost '/' refused for user 'app'",
                resource: .named(kind: "exchange", name: "amq.default", virtualHost: "/"), rights: [.write]),
            Case(
                operation: "queue.bind",
                text: "ACCESS_REFUSED - access to queue 'q' in vhost '/' refused for user 'app'",
                resource: .named(kind: "queue", name: "q", virtualHost: "/"), rights: [.write]),
            Case(
                operation: "queue.bind",
                text: "ACCESS_REFUSED - access to exchange 'x' in vhost '/' refused for user 'app'",
                resource: .named(kind: "exchange", name: "x", virtualHost: "/"), rights: [.read]),
            // RabbitMQ 3.13 and later say which right.
            Case(
                operation: "queue.declare",
                text: "ACCESS_REFUSED - read access to queue 'q' in vhost '/' refused for user 'app'",
                resource: .named(kind: "queue", name: "q", virtualHost: "/"), rights: [.read]),
        ])
    func namedResource(_ example: Case) throws {
        let refusal = try #require(BrokerAccessRefusal(Self.error(example.operation, 403, example.text)))
        #expect(refusal.resource == example.resource)
        #expect(refusal.missingRights == example.rights)
        #expect(refusal.user == "app")
        guard case .named(let kind, let name, let vhost) = example.resource else { return }
        let rights = example.rights.map(\.rawValue).joined(separator: " or ")
        #expect(
            refusal.description.hasPrefix(
                "access refused: user 'app' lacks the \(rights) permission on \(kind) '\(name)' in vhost '\(vhost)' ("))
        #expect(refusal.description.hasSuffix("\(example.operation) failed: 403 \(example.text))"))
    }

    @Test("a refused vhost (530 NOT_ALLOWED) and a refused login are refusals; other errors are not")
    func vhostAndLogin() throws {
        let vhost = try #require(
            BrokerAccessRefusal(
                Self.error(
                    "login to amqp://app@h:5672/prod", 530, "NOT_ALLOWED - access to vhost 'prod' refused for user 'app'",
                    scope: .connection)))
        #expect(vhost.resource == .virtualHost("prod"))
        #expect(vhost.missingRights.isEmpty)
        #expect(vhost.description.hasPrefix("access refused: user 'app' has no permissions in vhost 'prod' (login to"))

        let login = try #require(
            BrokerAccessRefusal(
                Self.error(
                    "login to amqp://app@h:5672/%2F", 403,
                    "ACCESS_REFUSED - Login was refused using authentication mechanism PLAIN. For details see the broker logfile.",
                    scope: .connection)))
        #expect(login.resource == .login)
        #expect(login.description.hasPrefix("access refused: the broker refused the login: wrong user name or password"))

        let unknown = try #require(BrokerAccessRefusal(Self.error("basic.publish", 403, "ACCESS_REFUSED - something new")))
        #expect(unknown.resource == .unknown)

        // A missing vhost is 530 too, but no permission would help.
        #expect(BrokerAccessRefusal(Self.error("login", 530, "NOT_ALLOWED - vhost prod not found", scope: .connection)) == nil)
        #expect(BrokerAccessRefusal(Self.error("queue.declare", 404, "NOT_FOUND - no queue 'q' in vhost '/'")) == nil)
        #expect(BrokerAccessRefusal(TargetFailure(code: "X", message: "not a broker error")) == nil)
        // A refusal passes through as it is.
        #expect(BrokerAccessRefusal(unknown) == unknown)
    }
}
