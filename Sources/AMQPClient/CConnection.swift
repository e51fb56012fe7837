import CRabbitMQ
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One librabbitmq connection handle, used from its connection's thread only.
///
/// This is the one place that turns librabbitmq statuses and broker replies into `AMQPError`s, right at the call
/// (as swift-nio's SystemCallHelpers do for system calls). Not `Sendable`: it never leaves `ConnectionCore`.
final class CConnection {
    private(set) var state: amqp_connection_state_t?

    private init(state: amqp_connection_state_t) {
        self.state = state
    }

    deinit {
        destroy()
    }

    /// The negotiated heartbeat interval in seconds (0: none).
    var heartbeatSeconds: Int32 { state.map(amqp_get_heartbeat) ?? 0 }

    /// The socket, for polling; -1 once closed.
    var socketDescriptor: Int32 { state.map(amqp_get_sockfd) ?? -1 }

    /// Whether a frame can be read without touching the socket.
    var hasBufferedInput: Bool {
        guard let state else { return false }
        return amqp_frames_enqueued(state) != 0 || amqp_data_in_buffer(state) != 0
    }

    func destroy() {
        if let state {
            amqp_destroy_connection(state)
            self.state = nil
        }
    }

    // MARK: Opening

    /// Opens the socket (TCP or TLS), performs the AMQP handshake and logs in.
    static func open(_ configuration: AMQPConfiguration) throws(AMQPError) -> CConnection {
        guard let state = amqp_new_connection() else {
            throw AMQPError(
                code: .library, operation: "connect", message: "could not allocate a connection", scope: .connection,
                recovery: .retry)
        }
        let connection = CConnection(state: state)
        let socket = try connection.makeSocket(configuration)

        var connectTimeout = timeval(configuration.connectionTimeout)
        amqp_set_handshake_timeout(state, &connectTimeout)
        var rpcTimeout = timeval(configuration.rpcTimeout)
        amqp_set_rpc_timeout(state, &rpcTimeout)

        let status = amqp_socket_open_noblock(socket, configuration.host, Int32(configuration.port), &connectTimeout)
        if status != AMQP_STATUS_OK.rawValue {
            var error = libraryError(status, operation: "connect to \(configuration.redactedURL)")
            if configuration.tls != nil, status == AMQP_STATUS_SSL_CONNECTION_FAILED.rawValue {
                // librabbitmq does not say why the handshake failed; name the usual causes.
                error.message +=
                    "; the TLS handshake failed: check that the CA file signed the broker's certificate and that the"
                    + " certificate names host '\(configuration.host)'"
            }
            throw error
        }

        let heartbeat = Int32(clamping: configuration.heartbeat.components.seconds)
        let reply = withCArena { arena in
            var properties = arena.table(clientProperties(configuration))
            return c_rabbitmq_login_plain(
                state, configuration.virtualHost, 0, Int32(clamping: configuration.frameMax), heartbeat, &properties,
                configuration.user, configuration.password)
        }
        if reply.reply_type != AMQP_RESPONSE_NORMAL {
            throw connection.error(from: reply, operation: "login to \(configuration.redactedURL)", channel: 0)
        }
        return connection
    }

    private func makeSocket(_ configuration: AMQPConfiguration) throws(AMQPError) -> OpaquePointer {
        guard let state else { throw AMQPError.connectionClosed("connect", because: nil) }
        guard let tls = configuration.tls else {
            guard let socket = amqp_tcp_socket_new(state) else {
                throw AMQPError(
                    code: .library, operation: "connect", message: "could not create a TCP socket",
                    scope: .connection, recovery: .retry)
            }
            return socket
        }
        guard let socket = amqp_ssl_socket_new(state) else {
            throw AMQPError(
                code: .tlsConfiguration, operation: "connect", message: "could not create a TLS socket",
                scope: .connection, recovery: .none)
        }
        amqp_ssl_socket_set_verify_peer(socket, tls.verifyPeer ? 1 : 0)
        amqp_ssl_socket_set_verify_hostname(socket, tls.verifyHostname ? 1 : 0)
        if let path = tls.caCertificatePath {
            let status = amqp_ssl_socket_set_cacert(socket, path)
            if status != AMQP_STATUS_OK.rawValue {
                throw AMQPError(
                    code: .tlsConfiguration, operation: "connect",
                    message: "cannot load the CA certificate file '\(path)': \(Self.statusText(status))",
                    libraryStatus: status, scope: .connection, recovery: .none)
            }
        }
        if let certificate = tls.clientCertificatePath, let key = tls.clientKeyPath {
            let status = amqp_ssl_socket_set_key(socket, certificate, key)
            if status != AMQP_STATUS_OK.rawValue {
                // The key's path is named, never its content.
                throw AMQPError(
                    code: .tlsConfiguration, operation: "connect",
                    message:
                        "cannot load the client certificate '\(certificate)' or key '\(key)': \(Self.statusText(status))",
                    libraryStatus: status, scope: .connection, recovery: .none)
            }
        } else if tls.clientCertificatePath != nil || tls.clientKeyPath != nil {
            throw AMQPError.invalidArgument("connect", "a client certificate needs both a certificate and a key file")
        }
        return socket
    }

    private static func clientProperties(_ configuration: AMQPConfiguration) -> AMQPTable {
        var properties: AMQPTable = [
            "product": "Warren",
            "platform": "Swift",
            "information": "https://github.com/warren-events/warren",
            "capabilities": .table([
                "publisher_confirms": true,
                "consumer_cancel_notify": true,
                "basic.nack": true,
                "connection.blocked": true,
                "authentication_failure_close": true,
                "exchange_exchange_bindings": true,
            ]),
        ]
        if let name = configuration.connectionName { properties["connection_name"] = .string(name) }
        return properties
    }

    // MARK: Calls

    /// The reply of the last synchronous method, mapped to an error when it was not `*-ok`.
    func checkLastReply(operation: String, channel: UInt16) throws(AMQPError) {
        guard let state else { throw AMQPError.connectionClosed(operation, because: nil) }
        let reply = amqp_get_rpc_reply(state)
        if reply.reply_type != AMQP_RESPONSE_NORMAL {
            throw error(from: reply, operation: operation, channel: channel)
        }
    }

    /// Checks an `int` status of an asynchronous method (publish, ack, ...).
    func check(_ status: Int32, operation: String) throws(AMQPError) {
        if status != AMQP_STATUS_OK.rawValue {
            throw Self.libraryError(status, operation: operation)
        }
    }

    /// Maps an RPC reply to an error. A `channel.close` or `connection.close` from the broker is answered here
    /// with its `close-ok`, as the protocol requires before the channel number can be used again.
    func error(from reply: amqp_rpc_reply_t, operation: String, channel: UInt16) -> AMQPError {
        switch reply.reply_type {
        case AMQP_RESPONSE_LIBRARY_EXCEPTION:
            return Self.libraryError(reply.library_error, operation: operation)
        case AMQP_RESPONSE_SERVER_EXCEPTION:
            switch reply.reply.id {
            case AMQP_CHANNEL_CLOSE_METHOD:
                let close = reply.reply.decoded!.assumingMemoryBound(to: amqp_channel_close_t.self).pointee
                acknowledgeChannelClose(channel)
                return Self.serverError(
                    code: close.reply_code, text: CDecoding.string(close.reply_text), operation: operation,
                    scope: .channel)
            case AMQP_CONNECTION_CLOSE_METHOD:
                let close = reply.reply.decoded!.assumingMemoryBound(to: amqp_connection_close_t.self).pointee
                acknowledgeConnectionClose()
                return Self.serverError(
                    code: close.reply_code, text: CDecoding.string(close.reply_text), operation: operation,
                    scope: .connection)
            default:
                return AMQPError(
                    code: .library, operation: operation,
                    message: "unexpected reply method 0x\(String(reply.reply.id, radix: 16))", scope: .connection,
                    recovery: .reconnect)
            }
        default:
            return AMQPError(
                code: .library, operation: operation, message: "no reply", scope: .connection, recovery: .reconnect)
        }
    }

    func acknowledgeChannelClose(_ channel: UInt16) {
        guard let state else { return }
        var closeOK = amqp_channel_close_ok_t(dummy: 0)
        _ = amqp_send_method(state, channel, AMQP_CHANNEL_CLOSE_OK_METHOD, &closeOK)
    }

    func acknowledgeConnectionClose() {
        guard let state else { return }
        var closeOK = amqp_connection_close_ok_t(dummy: 0)
        _ = amqp_send_method(state, 0, AMQP_CONNECTION_CLOSE_OK_METHOD, &closeOK)
    }

    static func serverError(code: UInt16, text: String, operation: String, scope: AMQPError.Scope) -> AMQPError {
        let recovery: AMQPError.Recovery =
            switch code {
            // The broker is going away or refused for a passing reason: reconnect and try again.
            case 320, 505, 506, 541: .reconnect
            // A queue locked by another connection's exclusive consumer may be free later.
            case 405: .retry
            default: scope == .connection && code != 403 && code != 530 ? .reconnect : .none
            }
        return AMQPError(
            code: .serverClosed, operation: operation, replyCode: code, message: text, scope: scope,
            recovery: recovery)
    }

    static func libraryError(_ status: Int32, operation: String) -> AMQPError {
        let recovery: AMQPError.Recovery
        let scope: AMQPError.Scope
        switch status {
        case AMQP_STATUS_SSL_PEER_VERIFY_FAILED.rawValue, AMQP_STATUS_SSL_HOSTNAME_VERIFY_FAILED.rawValue,
            AMQP_STATUS_SSL_ERROR.rawValue, AMQP_STATUS_SSL_SET_ENGINE_FAILED.rawValue,
            AMQP_STATUS_SSL_CONNECTION_FAILED.rawValue:
            (scope, recovery) = (.connection, .none)
        case AMQP_STATUS_INVALID_PARAMETER.rawValue, AMQP_STATUS_BAD_URL.rawValue,
            AMQP_STATUS_TABLE_TOO_BIG.rawValue, AMQP_STATUS_UNSUPPORTED.rawValue:
            (scope, recovery) = (.operation, .none)
        default:
            (scope, recovery) = (.connection, .reconnect)
        }
        return AMQPError(
            code: .library, operation: operation, message: statusText(status), libraryStatus: status, scope: scope,
            recovery: recovery)
    }

    /// librabbitmq's own text, plus the status name for searching logs and docs.
    static func statusText(_ status: Int32) -> String {
        let text = amqp_error_string2(status).map { String(cString: $0) } ?? "unknown error"
        return "\(text) (\(statusName(status)))"
    }

    private static func statusName(_ status: Int32) -> String {
        let names: [Int32: String] = [
            AMQP_STATUS_NO_MEMORY.rawValue: "AMQP_STATUS_NO_MEMORY",
            AMQP_STATUS_BAD_AMQP_DATA.rawValue: "AMQP_STATUS_BAD_AMQP_DATA",
            AMQP_STATUS_UNKNOWN_CLASS.rawValue: "AMQP_STATUS_UNKNOWN_CLASS",
            AMQP_STATUS_UNKNOWN_METHOD.rawValue: "AMQP_STATUS_UNKNOWN_METHOD",
            AMQP_STATUS_HOSTNAME_RESOLUTION_FAILED.rawValue: "AMQP_STATUS_HOSTNAME_RESOLUTION_FAILED",
            AMQP_STATUS_INCOMPATIBLE_AMQP_VERSION.rawValue: "AMQP_STATUS_INCOMPATIBLE_AMQP_VERSION",
            AMQP_STATUS_CONNECTION_CLOSED.rawValue: "AMQP_STATUS_CONNECTION_CLOSED",
            AMQP_STATUS_BAD_URL.rawValue: "AMQP_STATUS_BAD_URL",
            AMQP_STATUS_SOCKET_ERROR.rawValue: "AMQP_STATUS_SOCKET_ERROR",
            AMQP_STATUS_INVALID_PARAMETER.rawValue: "AMQP_STATUS_INVALID_PARAMETER",
            AMQP_STATUS_TABLE_TOO_BIG.rawValue: "AMQP_STATUS_TABLE_TOO_BIG",
            AMQP_STATUS_WRONG_METHOD.rawValue: "AMQP_STATUS_WRONG_METHOD",
            AMQP_STATUS_TIMEOUT.rawValue: "AMQP_STATUS_TIMEOUT",
            AMQP_STATUS_TIMER_FAILURE.rawValue: "AMQP_STATUS_TIMER_FAILURE",
            AMQP_STATUS_HEARTBEAT_TIMEOUT.rawValue: "AMQP_STATUS_HEARTBEAT_TIMEOUT",
            AMQP_STATUS_UNEXPECTED_STATE.rawValue: "AMQP_STATUS_UNEXPECTED_STATE",
            AMQP_STATUS_SOCKET_CLOSED.rawValue: "AMQP_STATUS_SOCKET_CLOSED",
            AMQP_STATUS_SOCKET_INUSE.rawValue: "AMQP_STATUS_SOCKET_INUSE",
            AMQP_STATUS_BROKER_UNSUPPORTED_SASL_METHOD.rawValue: "AMQP_STATUS_BROKER_UNSUPPORTED_SASL_METHOD",
            AMQP_STATUS_UNSUPPORTED.rawValue: "AMQP_STATUS_UNSUPPORTED",
            AMQP_STATUS_TCP_ERROR.rawValue: "AMQP_STATUS_TCP_ERROR",
            AMQP_STATUS_TCP_SOCKETLIB_INIT_ERROR.rawValue: "AMQP_STATUS_TCP_SOCKETLIB_INIT_ERROR",
            AMQP_STATUS_SSL_ERROR.rawValue: "AMQP_STATUS_SSL_ERROR",
            AMQP_STATUS_SSL_HOSTNAME_VERIFY_FAILED.rawValue: "AMQP_STATUS_SSL_HOSTNAME_VERIFY_FAILED",
            AMQP_STATUS_SSL_PEER_VERIFY_FAILED.rawValue: "AMQP_STATUS_SSL_PEER_VERIFY_FAILED",
            AMQP_STATUS_SSL_CONNECTION_FAILED.rawValue: "AMQP_STATUS_SSL_CONNECTION_FAILED",
            AMQP_STATUS_SSL_SET_ENGINE_FAILED.rawValue: "AMQP_STATUS_SSL_SET_ENGINE_FAILED",
        ]
        return names[status] ?? "status \(status)"
    }
}

extension timeval {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self.init(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
    }
}
