public import AMQPClient
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The broker the integration tests use: `scripts/test` starts it and sets these variables.
/// The tests fail (not skip) when it is not running, so a missing broker is never a silent pass.
public enum TestBroker {
    public static var url: String {
        ProcessInfo.processInfo.environment["WARREN_AMQP_URL"] ?? "amqp://guest:guest@127.0.0.1:5672/"
    }

    public static var managementURL: String {
        ProcessInfo.processInfo.environment["WARREN_MANAGEMENT_URL"] ?? "http://127.0.0.1:15672"
    }

    /// The folder where `scripts/rabbitmq` writes the test CA and certificates.
    public static var tlsDirectory: String {
        if let directory = ProcessInfo.processInfo.environment["WARREN_TLS_DIR"] { return directory }
        return repositoryRoot + "/.rabbitmq/tls"
    }

    public static var tlsPort: Int {
        Int(ProcessInfo.processInfo.environment["WARREN_AMQPS_PORT"] ?? "") ?? 5671
    }

    public static var repositoryRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }

    /// The configuration of the test broker, or of another broker (a fault-test instance) given its `url`.
    public static func configuration(
        url: String = TestBroker.url, name: String = #function, heartbeat: Duration = .seconds(30)
    ) throws -> AMQPConfiguration {
        var configuration = try AMQPConfiguration(url: url)
        configuration.connectionName = "test \(name)"
        configuration.heartbeat = heartbeat
        return configuration
    }

    public static func connect(name: String = #function, heartbeat: Duration = .seconds(30)) async throws -> AMQPConnection {
        try await AMQPConnection.connect(configuration(name: name, heartbeat: heartbeat))
    }

    /// A name no other test uses.
    public static func uniqueName(_ prefix: String) -> String {
        "test.\(prefix).\(UUID().uuidString.prefix(8).lowercased())"
    }
}

/// Just enough of the management HTTP API for test setup (users and permissions).
public enum ManagementAPI {
    public static func request(_ method: String, _ path: String, json: String? = nil) async throws -> (Int, String) {
        var request = URLRequest(url: URL(string: TestBroker.managementURL + path)!)
        request.httpMethod = method
        let credentials = Data("guest:guest".utf8).base64EncodedString()
        request.setValue("Basic \(credentials)", forHTTPHeaderField: "Authorization")
        if let json {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(json.utf8)
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    public static func createUser(_ name: String, password: String) async throws {
        let (status, body) = try await request(
            "PUT", "/api/users/\(name)", json: #"{"password":"\#(password)","tags":""}"#)
        guard (200..<300).contains(status) else { throw TestFailure("create user: HTTP \(status) \(body)") }
    }

    /// Permissions as regular expressions over resource names ("" allows nothing), in `vhost`.
    public static func setPermissions(
        _ user: String, vhost: String = "/", configure: String, write: String, read: String
    ) async throws {
        // Encoded, not interpolated: regular expressions hold backslashes.
        let json = try JSONSerialization.data(withJSONObject: ["configure": configure, "write": write, "read": read])
        let (status, body) = try await request(
            "PUT", "/api/permissions/\(pathSegment(vhost))/\(user)", json: String(decoding: json, as: UTF8.self))
        guard (200..<300).contains(status) else { throw TestFailure("set permissions: HTTP \(status) \(body)") }
    }

    public static func deleteUser(_ name: String) async throws {
        _ = try await request("DELETE", "/api/users/\(name)")
    }

    public static func createVirtualHost(_ name: String) async throws {
        let (status, body) = try await request("PUT", "/api/vhosts/\(pathSegment(name))")
        guard (200..<300).contains(status) else { throw TestFailure("create vhost: HTTP \(status) \(body)") }
    }

    public static func deleteVirtualHost(_ name: String) async throws {
        _ = try await request("DELETE", "/api/vhosts/\(pathSegment(name))")
    }

    private static func pathSegment(_ name: String) -> String {
        name.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_.~"))) ?? name
    }
}

/// A broker user of its own for one test, with the permissions it gives (regular expressions, "" allows nothing;
/// nil for none at all in that vhost), and a password that must never be printed. Deleted after `body`.
public struct LimitedBrokerUser: Sendable {
    public let name: String
    public let password: String

    /// Runs `body` with a new user, then deletes it (also when `body` throws).
    public static func with<Result: Sendable>(
        vhost: String = "/", permissions: (configure: String, write: String, read: String)?,
        _ body: (LimitedBrokerUser) async throws -> Result
    ) async throws -> Result {
        let user = LimitedBrokerUser(
            name: "warren-test-\(UUID().uuidString.prefix(8).lowercased())", password: "pw-\(UUID().uuidString)")
        try await ManagementAPI.createUser(user.name, password: user.password)
        do {
            if let permissions {
                try await ManagementAPI.setPermissions(
                    user.name, vhost: vhost, configure: permissions.configure, write: permissions.write,
                    read: permissions.read)
            }
            let result = try await body(user)
            try await ManagementAPI.deleteUser(user.name)
            return result
        } catch {
            try? await ManagementAPI.deleteUser(user.name)
            throw error
        }
    }

    /// The test broker's configuration for this user, in `vhost`.
    public func configuration(vhost: String = "/", name: String = #function) throws -> AMQPConfiguration {
        var configuration = try TestBroker.configuration(name: name)
        configuration.user = self.name
        configuration.password = password
        configuration.virtualHost = vhost
        return configuration
    }

    /// The test broker's URL for this user without a password (for `--password-file`).
    public var urlWithoutPassword: String {
        let configuration = try! TestBroker.configuration()
        return "amqp://\(name)@\(configuration.host):\(configuration.port)/"
    }

    /// Writes the password to a new temporary file, with a trailing newline as `echo` writes it; returns its path.
    public func passwordFile() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "warren-password-\(UUID().uuidString.prefix(8))").path
        try (password + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}

public struct TestFailure: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
