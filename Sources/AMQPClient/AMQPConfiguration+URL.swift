extension AMQPConfiguration {
    /// Parses an AMQP URI as RabbitMQ documents it: `amqp[s]://[user[:password]@]host[:port][/vhost][?query]`.
    ///
    /// User, password and vhost are percent-decoded; an empty path means vhost `/` (write `%2F` for `/` explicitly).
    /// Query parameters: `heartbeat` (seconds), `connection_timeout` (milliseconds), `connection_name`,
    /// `cacertfile`, `certfile`, `keyfile`, `verify` (`verify_peer` or `verify_none`), `server_name_indication`
    /// (`disable` turns hostname verification off).
    /// - Throws: `AMQPError` with code `.invalidArgument` naming the part that is wrong (never the password).
    public init(url: String) throws(AMQPError) {
        self = try AMQPURLParser.parse(url)
    }
}

/// URL parsing without Foundation's URL type, whose handling of `%2F` and IPv6 differs across platforms.
enum AMQPURLParser {
    static func parse(_ url: String) throws(AMQPError) -> AMQPConfiguration {
        func fail(_ why: String) -> AMQPError { .invalidArgument("parse URL", why) }
        let scheme: String
        var rest: Substring
        if url.hasPrefix("amqp://") {
            scheme = "amqp"
            rest = url.dropFirst("amqp://".count)
        } else if url.hasPrefix("amqps://") {
            scheme = "amqps"
            rest = url.dropFirst("amqps://".count)
        } else {
            throw fail("the URL must start with amqp:// or amqps://")
        }
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        var path: Substring?
        if let slash = rest.firstIndex(of: "/") {
            path = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
        }
        var user = "guest"
        var password = "guest"
        if let at = rest.lastIndex(of: "@") {
            let credentials = rest[..<at]
            rest = rest[rest.index(after: at)...]
            if let colon = credentials.firstIndex(of: ":") {
                guard let decodedUser = percentDecode(credentials[..<colon]),
                    let decodedPassword = percentDecode(credentials[credentials.index(after: colon)...])
                else { throw fail("the user or password has an invalid percent-encoding") }
                user = decodedUser
                password = decodedPassword
            } else {
                guard let decodedUser = percentDecode(credentials) else {
                    throw fail("the user has an invalid percent-encoding")
                }
                user = decodedUser
            }
        }
        var host: String
        var port: Int?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { throw fail("an IPv6 host must end with ']'") }
            host = String(rest[rest.index(after: rest.startIndex)..<close])
            let after = rest[rest.index(after: close)...]
            if after.hasPrefix(":") {
                guard let value = Int(after.dropFirst()) else { throw fail("the port must be a number") }
                port = value
            } else if !after.isEmpty {
                throw fail("unexpected text after the IPv6 host")
            }
        } else if let colon = rest.lastIndex(of: ":") {
            host = String(rest[..<colon])
            guard let value = Int(rest[rest.index(after: colon)...]) else { throw fail("the port must be a number") }
            port = value
        } else {
            host = String(rest)
        }
        if host.isEmpty { host = "127.0.0.1" }
        if let port, !(1...65535).contains(port) { throw fail("the port must be between 1 and 65535") }
        var virtualHost = "/"
        if let path, !path.isEmpty {
            guard let decoded = percentDecode(path) else { throw fail("the vhost has an invalid percent-encoding") }
            virtualHost = decoded
        }
        var configuration = AMQPConfiguration(
            host: host, port: port ?? (scheme == "amqps" ? 5671 : 5672), virtualHost: virtualHost, user: user,
            password: password, tls: scheme == "amqps" ? AMQPTLSConfiguration() : nil)
        for pair in query.split(separator: "&") where !pair.isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1)
            let key = String(parts[0])
            guard let value = parts.count == 2 ? percentDecode(parts[1]) : "" else {
                throw fail("the query parameter '\(key)' has an invalid percent-encoding")
            }
            try apply(key: key, value: value, to: &configuration)
        }
        return configuration
    }

    private static func apply(key: String, value: String, to configuration: inout AMQPConfiguration) throws(AMQPError) {
        func fail(_ why: String) -> AMQPError { .invalidArgument("parse URL", why) }
        func requireTLS() throws(AMQPError) -> AMQPTLSConfiguration {
            guard let tls = configuration.tls else { throw fail("'\(key)' needs an amqps:// URL") }
            return tls
        }
        switch key {
        case "heartbeat":
            guard let seconds = Int(value), seconds >= 0 else { throw fail("heartbeat must be a number of seconds") }
            configuration.heartbeat = .seconds(seconds)
        case "connection_timeout":
            guard let ms = Int(value), ms > 0 else { throw fail("connection_timeout must be milliseconds") }
            configuration.connectionTimeout = .milliseconds(ms)
        case "connection_name":
            configuration.connectionName = value
        case "cacertfile":
            var tls = try requireTLS()
            tls.caCertificatePath = value
            configuration.tls = tls
        case "certfile":
            var tls = try requireTLS()
            tls.clientCertificatePath = value
            configuration.tls = tls
        case "keyfile":
            var tls = try requireTLS()
            tls.clientKeyPath = value
            configuration.tls = tls
        case "verify":
            var tls = try requireTLS()
            switch value {
            case "verify_peer": tls.verifyPeer = true
            case "verify_none":
                tls.verifyPeer = false
                tls.verifyHostname = false
            default: throw fail("verify must be verify_peer or verify_none")
            }
            configuration.tls = tls
        case "server_name_indication":
            var tls = try requireTLS()
            tls.verifyHostname = value != "disable"
            configuration.tls = tls
        default:
            throw fail("unknown query parameter '\(key)'")
        }
    }

    static func percentDecode(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                    return nil
                }
                bytes.append(high << 4 | low)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    static func percentEncode(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                result += "%" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]], as: UTF8.self)
            }
        }
        return result
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
