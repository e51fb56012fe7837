import AMQPClient
import Testing

@Suite("AMQP URLs")
struct AMQPConfigurationTests {
    @Test("a full amqp:// URL")
    func fullURL() throws {
        let configuration = try AMQPConfiguration(url: "amqp://alice:p%40ss@broker.example:5673/prod?heartbeat=10")
        #expect(configuration.host == "broker.example")
        #expect(configuration.port == 5673)
        #expect(configuration.user == "alice")
        #expect(configuration.password == "p@ss")
        #expect(configuration.virtualHost == "prod")
        #expect(configuration.heartbeat == .seconds(10))
        #expect(configuration.tls == nil)
    }

    @Test("defaults: guest, vhost /, port by scheme", arguments: [
        ("amqp://localhost", 5672, "/", false),
        ("amqp://localhost/", 5672, "/", false),
        ("amqp://localhost/%2F", 5672, "/", false),
        ("amqps://localhost", 5671, "/", true),
        ("amqp://[::1]:5999/v", 5999, "v", false),
    ])
    func defaults(url: String, port: Int, vhost: String, tls: Bool) throws {
        let configuration = try AMQPConfiguration(url: url)
        #expect(configuration.port == port)
        #expect(configuration.virtualHost == vhost)
        #expect(configuration.user == "guest")
        #expect((configuration.tls != nil) == tls)
    }

    @Test("TLS options from the query; verification on by default")
    func tlsQuery() throws {
        let configuration = try AMQPConfiguration(
            url: "amqps://u:p@h/?cacertfile=/ca.pem&certfile=/c.pem&keyfile=/k.pem&connection_name=svc")
        #expect(configuration.tls?.caCertificatePath == "/ca.pem")
        #expect(configuration.tls?.clientCertificatePath == "/c.pem")
        #expect(configuration.tls?.clientKeyPath == "/k.pem")
        #expect(configuration.tls?.verifyPeer == true)
        #expect(configuration.tls?.verifyHostname == true)
        #expect(configuration.connectionName == "svc")
        let unverified = try AMQPConfiguration(url: "amqps://h/?verify=verify_none")
        #expect(unverified.tls?.verifyPeer == false)
    }

    @Test("the description never shows the password")
    func redaction() throws {
        let configuration = try AMQPConfiguration(url: "amqp://bob:hunter2@h:1/v")
        #expect("\(configuration)" == "amqp://bob@h:1/v")
        #expect(!"\(configuration)".contains("hunter2"))
    }

    @Test("bad URLs name what is wrong and never echo the password", arguments: [
        ("http://h", "the URL must start with amqp:// or amqps://"),
        ("amqp://u:secret@h:port", "the port must be a number"),
        ("amqp://u:secret@h:70000", "the port must be between 1 and 65535"),
        ("amqp://u:secret@h/?cacertfile=/x", "'cacertfile' needs an amqps:// URL"),
        ("amqp://u:secret@h/?bogus=1", "unknown query parameter 'bogus'"),
        ("amqp://u:sec%zzret@h/", "the user or password has an invalid percent-encoding"),
    ])
    func badURL(url: String, message: String) {
        let error = #expect(throws: AMQPError.self) { try AMQPConfiguration(url: url) }
        #expect(error?.code == .invalidArgument)
        #expect(error?.message == message)
        #expect(!(error?.description.contains("secret") ?? true))
    }
}
