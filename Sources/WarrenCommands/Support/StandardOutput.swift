import Foundation
import Synchronization

/// Writes whole blocks to standard output at once, flushed, so concurrent handlers never interleave lines and
/// scripts reading a pipe see each event as soon as it is printed.
public enum StandardOutput {
    private static let lock = Mutex(())

    public static func write(_ text: String) {
        lock.withLock { _ in
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}
