/// Many patterns compiled together, the way event-ruler builds one machine for all rules: the paths they name
/// form one trie, each path has one index of all the values tested there, and identical conditions are shared.
///
/// Matching an event costs one pass over its bytes (skipping what no pattern names) plus work proportional to
/// the conditions the event actually satisfies — not to the number of patterns. Each branch of each pattern is
/// "anchored" on its most selective required condition and only looked at when that condition is satisfied.
///
/// The automaton is immutable once built and safe to use from any number of threads at once. It is a class so
/// that the scanner and resolver share its tables without copying them.
@usableFromInline
final class MatchingAutomaton: Sendable {
    /// The trie of every path named.
    let trie: PathTrie
    /// Per path, its value index (owned here; the matching loops reach them through `pathIndexReferences`).
    private let pathIndexes: [PathValueIndex]
    private let pathIndexReferences: FrozenBuffer<UnsafeRawPointer>
    private let conditionPaths: FrozenBuffer<Int32>
    private let conditionAllowsAbsence: FrozenBuffer<Bool>
    private let branchRules: FrozenBuffer<Int32>
    private let branchConditions: CompactLists
    /// Per condition, the branches anchored on it.
    private let anchoredBranches: CompactLists
    /// Branches without a required condition (only `exists: false` and the like): looked at for every event.
    private let unanchoredBranches: FrozenBuffer<Int32>
    /// The number of rules.
    @usableFromInline
    let ruleCount: Int
    private let conditionCount: Int

    /// Compiles the branches of each rule (rules are numbered by position).
    init(rules: [[[PathCondition]]]) {
        var pathNumbers: [String: Int32] = [:]
        var paths: [[UInt8]] = []
        struct ConditionKey: Hashable {
            var path: Int32
            var matchers: [Matcher]
        }
        var conditionNumbers: [ConditionKey: Int32] = [:]
        var conditionPath: [Int32] = []
        var conditionAllowsAbsence: [Bool] = []
        var conditionMatchers: [[Matcher]] = []
        var matchersByPath: [[(matcher: Matcher, condition: Int32)]] = []
        var branchRule: [Int32] = []
        var branchConditions: [[Int32]] = []
        for (rule, branches) in rules.enumerated() {
            for branch in branches {
                var conditions: [Int32] = []
                for condition in branch {
                    let flattened = condition.flattenedPath
                    let path: Int32
                    if let known = pathNumbers[flattened] {
                        path = known
                    } else {
                        path = Int32(paths.count)
                        pathNumbers[flattened] = path
                        paths.append(Array(flattened.utf8))
                        matchersByPath.append([])
                    }
                    let key = ConditionKey(path: path, matchers: condition.matchers)
                    let number: Int32
                    if let known = conditionNumbers[key] {
                        number = known
                    } else {
                        number = Int32(conditionPath.count)
                        conditionNumbers[key] = number
                        conditionPath.append(path)
                        conditionAllowsAbsence.append(condition.matchers.contains(.exists(false)))
                        conditionMatchers.append(condition.matchers)
                        for matcher in condition.matchers { matchersByPath[Int(path)].append((matcher, number)) }
                    }
                    if !conditions.contains(number) { conditions.append(number) }
                }
                branchRule.append(Int32(rule))
                branchConditions.append(conditions)
            }
        }
        self.trie = PathTrie(paths: paths)
        let pathIndexes = matchersByPath.map(PathValueIndex.init)
        self.pathIndexes = pathIndexes
        self.pathIndexReferences = FrozenBuffer(pathIndexes.map { UnsafeRawPointer(Unmanaged.passUnretained($0).toOpaque()) })
        self.conditionPaths = FrozenBuffer(conditionPath)
        self.conditionAllowsAbsence = FrozenBuffer(conditionAllowsAbsence)
        self.branchRules = FrozenBuffer(branchRule)
        self.branchConditions = CompactLists(branchConditions)
        self.ruleCount = rules.count
        self.conditionCount = conditionPath.count

        // Anchor each branch on the required condition least likely to hold and least shared.
        var usage = Array(repeating: 0, count: conditionPath.count)
        for conditions in branchConditions { for condition in conditions { usage[Int(condition)] += 1 } }
        var anchored = Array(repeating: [Int32](), count: conditionPath.count)
        var unanchored: [Int32] = []
        for (branch, conditions) in branchConditions.enumerated() {
            let required = conditions.filter { !conditionAllowsAbsence[Int($0)] }
            let anchor = required.min { left, right in
                let leftRank = MatchingAutomaton.selectivityRank(conditionMatchers[Int(left)])
                let rightRank = MatchingAutomaton.selectivityRank(conditionMatchers[Int(right)])
                return (leftRank, usage[Int(left)]) < (rightRank, usage[Int(right)])
            }
            if let anchor {
                anchored[Int(anchor)].append(Int32(branch))
            } else {
                unanchored.append(Int32(branch))
            }
        }
        self.anchoredBranches = CompactLists(anchored)
        self.unanchoredBranches = FrozenBuffer(unanchored)
    }

    /// Raw-pointer access to the tables the matching loops read, valid while the automaton is alive.
    struct View {
        let pathIndexes: UnsafePointer<UnsafeRawPointer>
        let conditionPaths: UnsafePointer<Int32>
        let conditionAllowsAbsence: UnsafePointer<Bool>
        let branchRules: UnsafePointer<Int32>
        let branchConditions: CompactLists.View
        let anchoredBranches: CompactLists.View
        let unanchoredBranches: UnsafeBufferPointer<Int32>

        /// The value index of a path, borrowed: no reference counting.
        @inline(__always)
        func withPathIndex<Result>(_ path: Int32, _ body: (PathValueIndex) -> Result) -> Result {
            Unmanaged<PathValueIndex>.fromOpaque(pathIndexes[Int(path)])._withUnsafeGuaranteedRef(body)
        }
    }

    /// The automaton's raw view; the caller keeps the automaton alive while using it.
    var view: View {
        View(
            pathIndexes: pathIndexReferences.pointer,
            conditionPaths: conditionPaths.pointer,
            conditionAllowsAbsence: conditionAllowsAbsence.pointer,
            branchRules: branchRules.pointer,
            branchConditions: branchConditions.view,
            anchoredBranches: anchoredBranches.view,
            unanchoredBranches: UnsafeBufferPointer(start: unanchoredBranches.pointer, count: unanchoredBranches.count)
        )
    }

    /// How often a condition tends to hold: exact values rarely, negations and presence almost always.
    private static func selectivityRank(_ matchers: [Matcher]) -> Int {
        matchers.map { matcher in
            switch matcher {
            case .exactString, .exactNumber, .exactNull, .cidr: 0
            case .equalsIgnoreCase, .prefix, .suffix, .wildcard, .numeric: 1
            case .exactBool: 2
            case .anythingBut, .exists: 3
            }
        }.max() ?? 3
    }

    // MARK: Matching

    /// Calls `body` with the numbers of the rules matching the event, in rule order (`nil`: not a valid JSON
    /// object); the buffer is only valid during the call.
    @usableFromInline
    func withMatchingRules<Result>(
        _ event: UnsafeBufferPointer<UInt8>, stopAtFirst: Bool, _ body: (UnsafeBufferPointer<Int32>?) -> Result
    ) -> Result {
        guard let base = event.baseAddress, !event.isEmpty else { return body(nil) }
        let view = self.view
        return MatchBufferPool.withBuffers { buffers in
            buffers.begin(conditions: conditionCount, paths: pathIndexes.count, rules: ruleCount, nodes: trie.nodeCount)
            let (slot, lenient) = buffers.skipsLeniently(for: ObjectIdentifier(self))
            var scanner = EventScanner(bytes: base, count: event.count, trie: trie.view, automaton: view, skipsLeniently: lenient)
            guard scanner.scan(into: &buffers) else { return body(nil) }
            Self.resolve(view, &buffers, stopAtFirst: stopAtFirst)
            buffers.recordOutcome(slot: slot, matched: !buffers.matchedRules.isEmpty)
            guard !buffers.matchedRules.isEmpty else { return body(UnsafeBufferPointer(start: nil, count: 0)) }
            // Parts were skipped unvalidated; an event must be valid JSON to match anything.
            if scanner.skippedWithoutValidation && !EventValidator.isValid(base, count: event.count) { return body(nil) }
            buffers.matchedRules.sort()
            return body(buffers.matchedRules.buffer)
        }
    }

    /// Records a leaf and the conditions it satisfies (called by the scanner).
    @inline(__always)
    static func record(
        _ view: View, kind: LeafValue.Kind, content: UnsafeBufferPointer<UInt8>, path: Int32, element: Int32,
        into buffers: inout MatchBuffers
    ) {
        let leaf = Int32(buffers.leaves.count)
        buffers.leaves.append(MatchBuffers.Leaf(path: path, element: element, isAlive: true))
        view.withPathIndex(path) { index in
            var number = 0.0
            if kind == .number && index.needsNumber, let base = content.baseAddress {
                number = EventNumberReader.value(base, count: content.count, critical: index.criticalNumberView)
            }
            index.forEachSatisfiedCondition(by: LeafValue(kind: kind, bytes: content, number: number)) { condition in
                buffers.hits.append(MatchBuffers.Hit(condition: condition, leaf: leaf))
            }
        }
    }

    /// Decides which branches hold, from the leaves and hits of the scan.
    private static func resolve(_ view: View, _ buffers: inout MatchBuffers, stopAtFirst: Bool) {
        let generation = buffers.generation
        buffers.hitNext.extend(to: buffers.hits.count, with: -1)
        buffers.leafNext.extend(to: buffers.leaves.count, with: -1)
        for index in buffers.hits.indices {
            let hit = buffers.hits[index]
            guard buffers.leaves[Int(hit.leaf)].isAlive else { continue }
            let condition = Int(hit.condition)
            if buffers.conditionStamp[condition] != generation {
                buffers.conditionStamp[condition] = generation
                buffers.conditionFirstHit[condition] = -1
                buffers.hitConditions.append(hit.condition)
            }
            buffers.hitNext[index] = buffers.conditionFirstHit[condition]
            buffers.conditionFirstHit[condition] = Int32(index)
        }
        for index in buffers.leaves.indices {
            let leaf = buffers.leaves[index]
            guard leaf.isAlive else { continue }
            let path = Int(leaf.path)
            if buffers.pathStamp[path] != generation {
                buffers.pathStamp[path] = generation
                buffers.pathFirstLeaf[path] = -1
            }
            buffers.leafNext[index] = buffers.pathFirstLeaf[path]
            buffers.pathFirstLeaf[path] = Int32(index)
        }
        var conditionIndex = 0
        while conditionIndex < buffers.hitConditions.count {
            for branch in view.anchoredBranches[buffers.hitConditions[conditionIndex]] {
                if check(view, branch, &buffers), stopAtFirst { return }
            }
            conditionIndex += 1
        }
        for branch in view.unanchoredBranches {
            if check(view, branch, &buffers), stopAtFirst { return }
        }
    }

    /// Checks a branch and records its rule when it holds; returns whether it did.
    private static func check(_ view: View, _ branch: Int32, _ buffers: inout MatchBuffers) -> Bool {
        let rule = Int(view.branchRules[Int(branch)])
        let generation = buffers.generation
        guard buffers.ruleStamp[rule] != generation else { return false }
        let conditions = view.branchConditions[branch]
        var needsSearch = false
        for condition in conditions {
            if buffers.conditionStamp[Int(condition)] == generation { continue }
            guard view.conditionAllowsAbsence[Int(condition)] else { return false }
            if buffers.pathStamp[Int(view.conditionPaths[Int(condition)])] == generation {
                // Present but unsatisfied: absent only if array consistency hides every leaf.
                guard buffers.hasElements else { return false }
                needsSearch = true
            }
        }
        if buffers.hasElements && conditions.count > 1 { needsSearch = true }
        if needsSearch {
            var search = ConsistentAssignmentSearch(view: view, conditions: conditions)
            guard search.run(&buffers) else { return false }
        }
        buffers.ruleStamp[rule] = generation
        buffers.matchedRules.append(Int32(rule))
        return true
    }
}
