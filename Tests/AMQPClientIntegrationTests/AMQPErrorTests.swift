import AMQPClient
import WarrenTestSupport
import Foundation
import Testing

@Suite("Broker errors")
struct AMQPErrorTests {
    @Test("a passive declare of a missing queue gives 404 NOT_FOUND, closes only the channel")
    func passiveDeclareMissingQueue() async throws {
        let connection = try await TestBroker.connect()
        let channel = try await connection.openChannel()
        let missing = TestBroker.uniqueName("missing")
        let error = await #expect(throws: AMQPError.self) { try await channel.declareQueuePassive(missing) }
        #expect(error?.replyCode == 404)
        #expect(error?.replyName == "NOT_FOUND")
        #expect(error?.scope == .channel)
        #expect(error?.operation == "queue.declare")
        #expect(error?.description.hasPrefix("queue.declare failed: 404 NOT_FOUND - no queue '\(missing)'") == true)
        #expect(!channel.isOpen)
        // The closed channel reports the same error; the connection goes on.
        await #expect(throws: AMQPError.self) { try await channel.declareQueue(missing) }
        #expect(connection.isOpen)
        let next = try await connection.openChannel()
        let declared = try await next.declareQueue(missing, options: [.exclusive, .autoDelete])
        #expect(declared.name == missing)
        await connection.close()
    }

    @Test("a user without permissions gets 403 ACCESS_REFUSED with a clear message, and no password in it")
    func accessRefused() async throws {
        let user = TestBroker.uniqueName("nobody").replacingOccurrences(of: ".", with: "-")
        let password = "s3cret-\(UUID().uuidString)"
        try await ManagementAPI.createUser(user, password: password)
        defer { Task { try? await ManagementAPI.deleteUser(user) } }
        try await ManagementAPI.setPermissions(user, configure: "", write: "", read: "")

        var configuration = try TestBroker.configuration()
        configuration.user = user
        configuration.password = password
        let connection = try await AMQPConnection.connect(configuration)
        let channel = try await connection.openChannel()
        let queue = TestBroker.uniqueName("forbidden")
        let error = await #expect(throws: AMQPError.self) { try await channel.declareQueue(queue) }
        #expect(error?.replyCode == 403)
        #expect(error?.replyName == "ACCESS_REFUSED")
        #expect(error?.recovery == AMQPError.Recovery.none)
        let text = error?.description ?? ""
        #expect(text.hasPrefix("queue.declare failed: 403 ACCESS_REFUSED - access to queue '\(queue)'"))
        #expect(text.contains(user))
        #expect(!text.contains(password))
        #expect(connection.isOpen)
        await connection.close()

        // A wrong password is refused at login, and the error does not show it either.
        configuration.password = "wrong-\(password)"
        let loginError = await #expect(throws: AMQPError.self) { try await AMQPConnection.connect(configuration) }
        #expect(loginError?.replyCode == 403)
        #expect(!(loginError?.description.contains(password) ?? true))
        #expect(!"\(configuration)".contains(password))
    }

    @Test("a closed connection reports itself in every later operation")
    func operationsAfterClose() async throws {
        let connection = try await TestBroker.connect()
        let channel = try await connection.openChannel()
        await connection.close()
        let error = await #expect(throws: AMQPError.self) { try await channel.declareQueue("x") }
        #expect(error?.scope == .channel || error?.scope == .connection)
        await #expect(throws: AMQPError.self) { try await connection.openChannel() }
    }

    @Test("a name longer than 255 bytes is refused before anything is sent")
    func nameTooLong() async throws {
        let connection = try await TestBroker.connect()
        let channel = try await connection.openChannel()
        let error = await #expect(throws: AMQPError.self) {
            try await channel.declareQueue(String(repeating: "q", count: 256))
        }
        #expect(error?.code == .invalidArgument)
        #expect(error?.description == "queue.declare failed: the queue name is 256 bytes long; AMQP allows at most 255")
        #expect(channel.isOpen)
        await connection.close()
    }
}
