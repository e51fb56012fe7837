/// "Did you mean" for misspelt keys and values: the closest candidate by edit distance, ignoring case.
enum KeySuggestion {
    /// The candidate closest to `word`, when it is close enough to be a likely typo; with `allowingPrefixes`, also a
    /// candidate that `word` begins or is the beginning of (not for type names, where `AWS::SQS::QueuePolicy` is a
    /// different type from `AWS::SQS::Queue`). Among more than `maximumCandidates` (a file's own bus names, say)
    /// there is no suggestion: it would cost a comparison with each, for every typo.
    static func closest(
        to word: String, among candidates: [String], allowingPrefixes: Bool = true, work: LoadWork? = nil
    ) -> String? {
        guard candidates.count <= maximumCandidates else { return nil }
        let lowered = Array(word.lowercased())
        let allowed = lowered.count <= 4 ? 1 : lowered.count <= 8 ? 2 : 3
        var best: (candidate: String, distance: Int)?
        for candidate in candidates where candidate != word {
            let other = Array(candidate.lowercased())
            // The distance is at least the difference in length: a long word is never compared in full.
            guard abs(other.count - lowered.count) <= allowed else { continue }
            work?.count()
            let distance = editDistance(lowered, other)
            if distance <= allowed, distance < (best?.distance ?? .max) { best = (candidate, distance) }
        }
        if let best { return best.candidate }
        guard allowingPrefixes else { return nil }
        // A key written short or long (`MaximumEventAge` for `MaximumEventAgeInSeconds`).
        return candidates.first { candidate in
            guard candidate != word else { return false }
            let other = Array(candidate.lowercased())
            let (short, long) = other.count < lowered.count ? (other, lowered) : (lowered, other)
            return short.count >= 4 && long.starts(with: short)
        }
    }

    static let maximumCandidates = 64

    /// `; did you mean 'x'?` or nothing.
    static func hint(for word: String, among candidates: [String]) -> String {
        closest(to: word, among: candidates).map { "; did you mean '\($0)'?" } ?? ""
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours cost one.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var twoAgo = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], twoAgo[j - 2] + 1)
                }
            }
            (twoAgo, previous, current) = (previous, current, twoAgo)
        }
        return previous[b.count]
    }
}
