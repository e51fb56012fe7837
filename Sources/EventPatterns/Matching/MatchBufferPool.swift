#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One `MatchBuffers` per thread, so that matching from many threads at once needs no lock and allocates nothing
/// in the steady state.
///
/// The buffers live in a box owned by the thread (a POSIX thread-specific value, released when the thread ends).
/// Matching is synchronous, so a call never moves to another thread while it holds the buffers; a nested call on
/// the same thread (there are none today) would get fresh buffers rather than share.
enum MatchBufferPool {
    /// The per-thread box. Only its own thread touches it. The buffers sit behind a pointer so that lending them
    /// costs no dynamic exclusivity check (the `isLent` flag guards against nested use instead).
    private final class Box {
        let buffers: UnsafeMutablePointer<MatchBuffers>
        var isLent = false

        init() {
            buffers = .allocate(capacity: 1)
            buffers.initialize(to: MatchBuffers())
        }

        deinit {
            buffers.pointee.deallocate()
            buffers.deinitialize(count: 1)
            buffers.deallocate()
        }
    }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        #if canImport(Darwin)
        pthread_key_create(&key) { pointer in
            Unmanaged<Box>.fromOpaque(pointer).release()
        }
        #else
        pthread_key_create(&key) { pointer in
            guard let pointer else { return }
            Unmanaged<Box>.fromOpaque(pointer).release()
        }
        #endif
        return key
    }()

    /// Runs `body` with this thread's buffers.
    @inline(__always)
    static func withBuffers<Result>(_ body: (inout MatchBuffers) -> Result) -> Result {
        let box: Box
        if let raw = pthread_getspecific(key) {
            box = Unmanaged<Box>.fromOpaque(raw).takeUnretainedValue()
        } else {
            box = Box()
            pthread_setspecific(key, Unmanaged.passRetained(box).toOpaque())
        }
        guard !box.isLent else {
            var fresh = MatchBuffers()
            defer { fresh.deallocate() }
            return body(&fresh)
        }
        box.isLent = true
        defer { box.isLent = false }
        return body(&box.buffers.pointee)
    }
}
