/// Where and how to connect to a broker.
///
/// Built from a URL (`amqp://user:pass@host:port/vhost`, `amqps://...`) or field by field. Its `description`
/// shows the URL without the password, so a configuration can be logged.
public struct AMQPConfiguration: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var virtualHost: String
    public var user: String
    /// Never logged or shown in errors.
    public var password: String
    /// TLS settings; `nil` for a plain TCP connection.
    public var tls: AMQPTLSConfiguration?
    /// Negotiated heartbeat interval. The connection's thread never waits longer than a quarter of it, so heartbeats
    /// flow while the application is idle. `.zero` disables heartbeats.
    public var heartbeat: Duration
    /// Limit for the TCP connect and the AMQP handshake.
    public var connectionTimeout: Duration
    /// Limit for one synchronous AMQP method (declare, bind, ...); the connection is closed when it passes.
    public var rpcTimeout: Duration
    /// Shown as the connection's name in the management UI.
    public var connectionName: String?
    /// Largest frame size to negotiate, in bytes.
    public var frameMax: Int

    public init(
        host: String = "127.0.0.1",
        port: Int? = nil,
        virtualHost: String = "/",
        user: String = "guest",
        password: String = "guest",
        tls: AMQPTLSConfiguration? = nil,
        heartbeat: Duration = .seconds(30),
        connectionTimeout: Duration = .seconds(10),
        rpcTimeout: Duration = .seconds(30),
        connectionName: String? = nil,
        frameMax: Int = 131_072
    ) {
        self.host = host
        self.port = port ?? (tls == nil ? 5672 : 5671)
        self.virtualHost = virtualHost
        self.user = user
        self.password = password
        self.tls = tls
        self.heartbeat = heartbeat
        self.connectionTimeout = connectionTimeout
        self.rpcTimeout = rpcTimeout
        self.connectionName = connectionName
        self.frameMax = frameMax
    }

    /// The URL without the password, e.g. `amqp://guest@127.0.0.1:5672/%2F`.
    public var redactedURL: String {
        let scheme = tls == nil ? "amqp" : "amqps"
        let vhost = AMQPURLParser.percentEncode(virtualHost)
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return "\(scheme)://\(AMQPURLParser.percentEncode(user))@\(hostPart):\(port)/\(vhost)"
    }

    public var description: String { redactedURL }
}

/// TLS settings for `amqps://` connections. Peer and hostname verification are on unless turned off explicitly.
public struct AMQPTLSConfiguration: Sendable, Hashable {
    /// PEM file of the certificate authorities to trust.
    public var caCertificatePath: String?
    /// PEM file of the client certificate, for mutual TLS.
    public var clientCertificatePath: String?
    /// PEM file of the client certificate's private key.
    public var clientKeyPath: String?
    public var verifyPeer: Bool
    public var verifyHostname: Bool

    public init(
        caCertificatePath: String? = nil,
        clientCertificatePath: String? = nil,
        clientKeyPath: String? = nil,
        verifyPeer: Bool = true,
        verifyHostname: Bool = true
    ) {
        self.caCertificatePath = caCertificatePath
        self.clientCertificatePath = clientCertificatePath
        self.clientKeyPath = clientKeyPath
        self.verifyPeer = verifyPeer
        self.verifyHostname = verifyHostname
    }
}
