/// Counts the steps of one load (YAML nodes visited, keys checked, values evaluated, problems logged), so that
/// tests can check that the work grows linearly with the file; tests count work, they never time it.
///
/// One load, on one thread, owns its counter; the readers share it by reference.
final class LoadWork {
    /// The steps counted so far.
    private(set) var steps = 0

    init() {}

    /// Counts `steps` steps.
    func count(_ steps: Int = 1) {
        self.steps += steps
    }
}
