import AMQPClient
import WarrenTestSupport
import Foundation
import Testing

@Suite("TLS")
struct AMQPTLSTests {
    private func tlsConfiguration(caFile: String) throws -> AMQPConfiguration {
        var configuration = try TestBroker.configuration()
        configuration.host = "localhost"
        configuration.port = TestBroker.tlsPort
        configuration.tls = AMQPTLSConfiguration(caCertificatePath: caFile)
        return configuration
    }

    @Test("amqps:// with the right CA connects, verifying peer and hostname")
    func rightCA() async throws {
        let configuration = try tlsConfiguration(caFile: TestBroker.tlsDirectory + "/ca.pem")
        #expect(configuration.tls?.verifyPeer == true)
        #expect(configuration.tls?.verifyHostname == true)
        let connection = try await AMQPConnection.connect(configuration)
        let channel = try await connection.openChannel()
        let queue = TestBroker.uniqueName("tls")
        try await channel.declareQueue(queue, options: [.exclusive, .autoDelete])
        try await channel.enableConfirms()
        try await channel.publish(Array("over TLS".utf8), exchange: "", routingKey: queue)
        let delivery = try #require(try await channel.get(queue: queue, acknowledgement: .automatic))
        #expect(delivery.bodyText == "over TLS")
        await connection.close()
    }

    @Test("amqps:// with a URL and a client certificate connects")
    func urlWithClientCertificate() async throws {
        let directory = TestBroker.tlsDirectory
        let url =
            "amqps://guest:guest@localhost:\(TestBroker.tlsPort)/?cacertfile=\(directory)/ca.pem"
            + "&certfile=\(directory)/client.pem&keyfile=\(directory)/client-key.pem"
        let connection = try await AMQPConnection.connect(try AMQPConfiguration(url: url))
        _ = try await connection.openChannel()
        await connection.close()
    }

    @Test("amqps:// with a wrong CA fails with a clear certificate-verification error")
    func wrongCA() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("warren-wrong-ca-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let caFile = directory.appendingPathComponent("ca.pem").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=Not the Warren test CA",
            "-keyout", directory.appendingPathComponent("ca-key.pem").path, "-out", caFile,
        ]
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)

        let error = await #expect(throws: AMQPError.self) {
            try await AMQPConnection.connect(try tlsConfiguration(caFile: caFile))
        }
        #expect(error?.scope == .connection)
        #expect(error?.recovery == AMQPError.Recovery.none)
        let text = error?.description ?? ""
        #expect(text.contains("connect to amqps://guest@localhost:\(TestBroker.tlsPort)"))
        #expect(text.contains("AMQP_STATUS_SSL"), "the error names the TLS failure: \(text)")
    }
}
