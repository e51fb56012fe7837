/// An immutable heap copy of an array, read through a raw pointer.
///
/// The per-byte matching loops read compiled tables through such pointers rather than through `Array`s: reading
/// an array stored in a class costs a retain and a release per access when the compiler cannot prove the class
/// alive, and those dominated the profile. The buffer is `@unchecked Sendable` because it is never written after
/// `init` and holds plain values; whoever reads through `pointer` must keep the buffer alive (the automaton does).
final class FrozenBuffer<Element: BitwiseCopyable>: @unchecked Sendable {
    /// The first element (valid even when empty, for zero-length reads).
    let pointer: UnsafePointer<Element>
    /// The number of elements.
    let count: Int

    /// Copies `elements`.
    init(_ elements: [Element]) {
        let storage = UnsafeMutablePointer<Element>.allocate(capacity: max(elements.count, 1))
        elements.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { storage.initialize(from: base, count: source.count) }
        }
        self.pointer = UnsafePointer(storage)
        self.count = elements.count
    }

    deinit {
        UnsafeMutablePointer(mutating: pointer).deallocate()
    }
}
