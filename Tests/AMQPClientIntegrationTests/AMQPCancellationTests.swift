@testable import AMQPClient
import Dispatch
import Synchronization
import Testing
import WarrenTestSupport
#if canImport(Glibc)
import Glibc
private let closeDescriptor = Glibc.close
#elseif canImport(Darwin)
import Darwin
private let closeDescriptor = Darwin.close
#endif

/// Every wait honours task cancellation: the cancelled caller gets `CancellationError` while the work it waited for
/// is still blocked, so these tests hang (and hit their time limit) if a wait ignores cancellation.
@Suite("Cancellation", .timeLimit(.minutes(2)))
struct AMQPCancellationTests {
    @Test("an operation cancelled while the connection's thread is busy returns at once and is never sent")
    func cancelledOperationIsSkipped() async throws {
        let connection = try await TestBroker.connect()
        let channel = try await connection.openChannel()
        let queue = TestBroker.uniqueName("never")
        let gate = await connection.blockThread()
        let declaring = Task { try await channel.declareQueue(queue, options: [.exclusive, .autoDelete]) }
        while connection.mailbox.queuedCount == 0 { await Task.yield() }
        declaring.cancel()
        await #expect(throws: CancellationError.self) { try await declaring.value }
        gate.open()
        // The thread skipped the declaration: the queue does not exist, and the channel goes on.
        let checker = try await connection.openChannel()
        let error = await #expect(throws: AMQPError.self) { try await checker.declareQueuePassive(queue) }
        #expect(error?.replyCode == 404)
        #expect(channel.isOpen)
        _ = try await channel.declareQueue("", options: [.exclusive, .autoDelete])
        await connection.close()
    }

    @Test("a cancelled wait for a confirmation ends the wait, not the publish")
    func cancelledConfirmationWait() async throws {
        let connection = try await TestBroker.connect()
        let channel = try await connection.openChannel()
        let queue = try await channel.declareQueue("", options: [.exclusive, .autoDelete]).name
        try await channel.enableConfirms()
        let gate = await connection.blockThread()
        let confirmation = try await channel.startPublish(Array("still sent".utf8), exchange: "", routingKey: queue)
        let waiting = Task { try await confirmation.wait() }
        waiting.cancel()
        await #expect(throws: CancellationError.self) { try await waiting.value }
        #expect(!confirmation.isSettled)
        gate.open()
        try await confirmation.wait()
        #expect(try await channel.declareQueuePassive(queue).messageCount == 1)
        await connection.close()
    }

    @Test("a publish cancelled while it waits for room in the confirm window takes no slot and sends nothing")
    func cancelledWindowWait() async throws {
        let connection = try await TestBroker.connect()
        let channel = try await connection.openChannel()
        let queue = try await channel.declareQueue("", options: [.exclusive, .autoDelete]).name
        try await channel.enableConfirms(window: 1)
        let window = try #require(channel.status.confirmWindow)
        let gate = await connection.blockThread()
        let first = try await channel.startPublish(Array("first".utf8), exchange: "", routingKey: queue)
        let second = Task { try await channel.startPublish(Array("second".utf8), exchange: "", routingKey: queue) }
        while window.waiterCount == 0 { await Task.yield() }
        second.cancel()
        await #expect(throws: CancellationError.self) { try await second.value }
        gate.open()
        try await first.wait()
        // The one slot is free again: nothing leaked to the cancelled publish.
        #expect(window.available == 1)
        try await channel.publish(Array("third".utf8), exchange: "", routingKey: queue)
        #expect(window.available == 1)
        var bodies: [String] = []
        while let delivery = try await channel.get(queue: queue, acknowledgement: .automatic) {
            bodies.append(delivery.bodyText)
        }
        #expect(bodies == ["first", "third"])
        await connection.close()
    }

    @Test("a task cancelled before it publishes sends nothing")
    func publishFromCancelledTask() async throws {
        let connection = try await TestBroker.connect()
        let channel = try await connection.openChannel()
        let queue = try await channel.declareQueue("", options: [.exclusive, .autoDelete]).name
        let publishing = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await channel.publish(Array("no".utf8), exchange: "", routingKey: queue)
        }
        await #expect(throws: CancellationError.self) { try await publishing.value }
        #expect(try await channel.declareQueuePassive(queue).messageCount == 0)
        await connection.close()
    }

    @Test("waitUntilClosed of a cancelled task throws CancellationError; the connection stays open")
    func cancelledWaitUntilClosed() async throws {
        let connection = try await TestBroker.connect()
        let waiting = Task { try await connection.waitUntilClosed() }
        waiting.cancel()
        await #expect(throws: CancellationError.self) { try await waiting.value }
        #expect(connection.isOpen)
        let watcher = Task { try await connection.waitUntilClosed() }
        await connection.close()
        #expect(try await watcher.value == nil)
    }

    @Test("a close from a cancelled task still closes the channel")
    func closeFromCancelledTask() async throws {
        let connection = try await TestBroker.connect()
        let channel = try await connection.openChannel()
        let gate = await connection.blockThread()
        let closing = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await channel.close()
        }
        await #expect(throws: CancellationError.self) { try await closing.value }
        #expect(channel.isOpen)
        gate.open()
        for _ in 0..<500 where channel.isOpen { try await Task.sleep(for: .milliseconds(10)) }
        #expect(!channel.isOpen)
        #expect(connection.isOpen)
        await connection.close()
    }

    @Test("connect: a task cancelled during the handshake gets CancellationError; one cancelled before opens nothing")
    func cancelledConnect() async throws {
        // A listener that accepts TCP connections and never answers the AMQP handshake.
        let listener = try SilentListener()
        defer { listener.close() }
        var configuration = try TestBroker.configuration()
        configuration.port = Int(listener.port)
        configuration.connectionTimeout = .seconds(30)
        let connecting = Task { try await AMQPConnection.connect(configuration) }
        try await listener.waitForClient()
        connecting.cancel()
        await #expect(throws: CancellationError.self) { try await connecting.value }
        // Let the abandoned handshake fail now rather than at its timeout.
        listener.dropClients()

        let early = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await AMQPConnection.connect(TestBroker.configuration())
        }
        await #expect(throws: CancellationError.self) { try await early.value }
    }
}

/// Holds a connection's thread until `open()`: work posted meanwhile waits in the mailbox, as behind a slow call.
final class ThreadGate: Sendable {
    private let semaphore = DispatchSemaphore(value: 0)

    func hold() { semaphore.wait() }
    func open() { semaphore.signal() }
}

extension AMQPConnection {
    /// Blocks the connection's thread; returns once it is blocked.
    func blockThread() async -> ThreadGate {
        let gate = ThreadGate()
        await withCheckedContinuation { (blocked: CheckedContinuation<Void, Never>) in
            mailbox.post { _ in
                blocked.resume()
                gate.hold()
            }
        }
        return gate
    }
}

/// A TCP listener on 127.0.0.1 that accepts connections and sends nothing.
final class SilentListener: Sendable {
    let descriptor: Int32
    let port: UInt16
    private let accepted = Mutex<[Int32]>([])

    init() throws {
        let listening = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                bind(listening, address, length) == 0 && listen(listening, 8) == 0
                    && getsockname(listening, address, &length) == 0
            }
        }
        guard bound else {
            _ = closeDescriptor(listening)
            throw TestFailure("cannot listen on 127.0.0.1 (errno \(errno))")
        }
        descriptor = listening
        port = UInt16(bigEndian: address.sin_port)
    }

    /// Waits until a client connected, and accepts it.
    func waitForClient() async throws {
        while true {
            var descriptor = pollfd(fd: self.descriptor, events: Int16(POLLIN), revents: 0)
            if poll(&descriptor, 1, 0) > 0 { break }
            try await Task.sleep(for: .milliseconds(10))
        }
        let client = accept(descriptor, nil, nil)
        accepted.withLock { $0.append(client) }
    }

    func dropClients() {
        let clients = accepted.withLock { clients in
            defer { clients.removeAll() }
            return clients
        }
        for client in clients { _ = closeDescriptor(client) }
    }

    func close() {
        dropClients()
        _ = closeDescriptor(descriptor)
    }
}
