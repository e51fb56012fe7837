/// Measures how many wildcard prefixes one field's globs can keep alive at once, to refuse a pattern the way
/// EventBridge does: `Rule is too complex - try using fewer wildcard characters or fewer repeating character
/// sequences after a wildcard character`.
///
/// The globs of one field are laid out as event-ruler lays them into its byte machine: a shared trie up to each
/// glob's first star, separate chains after it, each star a state that loops on every byte and may also be skipped.
/// Every reachable set of live states is then explored; a set's weight is the number of glob identities its states
/// (and the star states they lead into) serve. The largest weight is the complexity.
struct WildcardComplexity {
    private struct State {
        var literal: [UInt8: [Int]] = [:]
        var any: [Int] = []
        var prefixChild: [UInt8: Int] = [:]
        var starChild: Int?
        var identities: Set<Int> = []
    }

    private var states = [State()]
    private var terminalStates: [Int: Int] = [:]
    private var alphabet: Set<UInt8> = []

    /// Adds the glob tokens of one identity (one wildcard matcher, or one anything-but wildcard list).
    mutating func add(_ tokens: [WildcardPattern.Token], identity: Int) {
        // event-ruler's values carry their quotes, which the machine matches like any other byte.
        let all = [WildcardPattern.Token.byte(UInt8(ascii: "\""))] + tokens + [.byte(UInt8(ascii: "\""))]
        var current = 0
        var previous = 0
        var determinate = true
        for (index, token) in all.enumerated() {
            let isTerminal = index == all.count - 1
            let next: Int
            switch token {
            case .star:
                if determinate, let shared = states[current].starChild {
                    next = shared
                } else {
                    next = newState()
                    if determinate { states[current].starChild = next }
                    states[current].any.append(next)
                    states[next].any = [next]
                }
                determinate = false
            case .byte(let byte):
                alphabet.insert(byte)
                if isTerminal, let terminal = terminalStates[identity] {
                    next = terminal
                } else if determinate, let shared = states[current].prefixChild[byte] {
                    next = shared
                } else {
                    next = newState()
                    if isTerminal { terminalStates[identity] = next }
                    if determinate && !isTerminal { states[current].prefixChild[byte] = next }
                }
                states[current].literal[byte, default: []].append(next)
                if index > 0, all[index - 1] == .star {
                    // The star may match nothing: the byte after it is also reachable from before it.
                    states[previous].literal[byte, default: []].append(next)
                }
            }
            states[next].identities.insert(identity)
            previous = current
            current = next
        }
    }

    private mutating func newState() -> Int {
        states.append(State())
        return states.count - 1
    }

    /// The complexity, or the first value above `limit` found (the search stops there).
    func evaluate(limit: Int) -> Int {
        guard states.count > 1 else { return 0 }
        // One representative byte stands for every byte no glob names.
        let representatives: [UInt8?] = [nil] + alphabet.sorted().map(Optional.some)
        var pending: [[Int]] = [[0]]
        var seen: Set<[Int]> = [[0]]
        var maximum = 0
        var explored = 0
        while let active = pending.popLast() {
            explored += 1
            if explored > 100_000 { return limit + 1 }
            for byte in representatives {
                var next = Set<Int>()
                for state in active {
                    next.formUnion(states[state].any)
                    if let byte, let targets = states[state].literal[byte] { next.formUnion(targets) }
                }
                guard !next.isEmpty else { continue }
                var weight = 0
                for state in next {
                    weight += states[state].identities.count
                    for star in states[state].any where !next.contains(star) {
                        weight += states[star].identities.count
                    }
                }
                if weight > limit { return weight }
                maximum = max(maximum, weight)
                let key = next.sorted()
                if seen.insert(key).inserted { pending.append(key) }
            }
        }
        return maximum
    }
}
