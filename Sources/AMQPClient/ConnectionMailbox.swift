import Synchronization
#if canImport(Glibc)
import Glibc
private let closeDescriptor = Glibc.close
#elseif canImport(Darwin)
import Darwin
private let closeDescriptor = Darwin.close
#endif

/// The work queue of one connection's thread, and the pipe that wakes the thread when it sleeps in `poll`.
///
/// Any task may post; only the connection's thread takes. Posting is a short critical section and, only when the
/// thread is asleep, one `write` to the pipe; so a burst of publishes wakes the thread once.
final class ConnectionMailbox: Sendable {
    typealias Command = @Sendable (ConnectionCore) -> Void

    private let state = Mutex(ConnectionMailboxState<Command>())
    private let wakeReadDescriptor: Int32
    private let wakeWriteDescriptor: Int32

    init() throws(AMQPError) {
        var descriptors: [Int32] = [-1, -1]
        guard pipe(&descriptors) == 0 else {
            throw AMQPError(
                code: .library, operation: "connect", message: "cannot create a wake-up pipe (errno \(errno))",
                scope: .connection, recovery: .retry)
        }
        for descriptor in descriptors {
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        }
        wakeReadDescriptor = descriptors[0]
        wakeWriteDescriptor = descriptors[1]
    }

    deinit {
        _ = closeDescriptor(wakeReadDescriptor)
        _ = closeDescriptor(wakeWriteDescriptor)
    }

    /// The descriptor the thread polls beside the socket.
    var wakeDescriptor: Int32 { wakeReadDescriptor }

    /// Commands posted and not yet taken by the thread (for tests and diagnostics).
    var queuedCount: Int { state.withLock { $0.queuedCount } }

    /// Queues `command` for the connection's thread. Returns false when the connection has ended; the command is
    /// then not run, and the caller reports the connection as closed.
    @discardableResult
    func post(_ command: @escaping Command) -> Bool {
        switch state.withLock({ $0.post(command) }) {
        case .refused:
            return false
        case .queued:
            return true
        case .queuedWakingThread:
            var byte: UInt8 = 1
            _ = write(wakeWriteDescriptor, &byte, 1)
            return true
        }
    }

    /// Everything posted so far, in order.
    func takeAll() -> [Command] {
        state.withLock { $0.takeAll() }
    }

    /// Marks the thread as asleep if nothing is queued; returns whether it may sleep.
    func sleepIfIdle() -> Bool {
        state.withLock { $0.sleepIfIdle() }
    }

    /// Called after `poll` returns: drains the pipe so the next post can wake the thread again.
    func wokeUp() {
        state.withLock { $0.wokeUp() }
        withUnsafeTemporaryAllocation(byteCount: 64, alignment: 1) { buffer in
            while read(wakeReadDescriptor, buffer.baseAddress, buffer.count) > 0 {}
        }
    }

    /// Refuses further posts and returns what was still queued, so the thread can fail it.
    func close() -> [Command] {
        state.withLock { $0.close() }
    }
}
