/// The working memory of one match: what the scanner found in the event and the bookkeeping of the resolution.
///
/// It is reused from event to event on the same thread (see `MatchBufferPool`), so that matching allocates
/// nothing once the buffers have grown to the size of the events seen. The stamp arrays make resetting free: an
/// entry counts only when its stamp equals the current `generation`.
struct MatchBuffers {
    /// A scalar found at a path some pattern names.
    struct Leaf {
        /// The path index.
        var path: Int32
        /// The innermost array element the leaf is inside (see `Element`), or -1.
        var element: Int32
        /// False once a later duplicate key has replaced the value the leaf came from.
        var isAlive: Bool
    }

    /// A leaf satisfying a condition.
    struct Hit {
        var condition: Int32
        var leaf: Int32
    }

    /// An object or array that is an element of an array: the unit of array-consistent matching.
    struct Element {
        /// The element enclosing this one's array, or -1.
        var parent: Int32
        /// The array this is an element of.
        var array: Int32
        /// How many elements enclose this one, itself included.
        var depth: Int32
    }

    /// A key of an open object that leads to a pattern path, to let a repeated key replace the earlier value.
    struct KeyMark {
        var node: Int32
        var leafStart: Int32
        var leafEnd: Int32
    }

    /// An open object or array along a path some pattern names.
    struct Frame {
        var node: Int32
        var isArray: Bool
        var isTopLevel: Bool
        /// The element that scalars directly inside belong to.
        var element: Int32
        /// The array's number (arrays only).
        var array: Int32
        /// The mark of the key whose value is being read (objects only), or -1.
        var openMark: Int32
        /// Where this object's marks start in `marks`.
        var markBase: Int32
        /// The object's serial number (see `nodeObject`); 0 for arrays.
        var object: UInt32
    }

    /// Per trie node, the serial of the object whose key last led there, and that key's mark: finds a repeated key
    /// in one step.
    var nodeObject = ScratchList<UInt32>()
    var nodeMark = ScratchList<Int32>()
    private var objectSerial: UInt32 = 0

    var leaves = ScratchList<Leaf>()
    var hits = ScratchList<Hit>()
    var elements = ScratchList<Element>()
    var marks = ScratchList<KeyMark>()
    var frames = ScratchList<Frame>()
    var unescaped: [UInt8] = []
    var arrayCount: Int32 = 0
    var hasElements = false

    /// How often events matched, for the few automata used last on this thread (see `skipsLeniently(for:)`).
    private var matchRates: [MatchRate] = Array(repeating: MatchRate(), count: 4)
    private var nextMatchRateSlot = 0

    struct MatchRate {
        var automaton: ObjectIdentifier?
        var events: UInt32 = 0
        var matches: UInt32 = 0
    }

    var generation: UInt32 = 0
    var conditionStamp = ScratchList<UInt32>()
    var conditionFirstHit = ScratchList<Int32>()
    var hitNext = ScratchList<Int32>()
    var pathStamp = ScratchList<UInt32>()
    var pathFirstLeaf = ScratchList<Int32>()
    var leafNext = ScratchList<Int32>()
    var ruleStamp = ScratchList<UInt32>()
    var hitConditions = ScratchList<Int32>()
    var matchedRules = ScratchList<Int32>()
    var chosen = ScratchList<Int32>()

    /// A new object serial (never 0); wrapping around clears `nodeObject`, so an old serial cannot be mistaken.
    mutating func nextObject() -> UInt32 {
        if objectSerial == UInt32.max {
            objectSerial = 0
            nodeObject.fill(with: 0)
        }
        objectSerial &+= 1
        return objectSerial
    }

    /// Whether to skip unnamed values without validating them for `automaton`: worth it while few events match
    /// (a match costs a strict pass over the event), so the choice follows the match rate seen on this thread.
    /// Returns the slot to report the outcome to.
    mutating func skipsLeniently(for automaton: ObjectIdentifier) -> (slot: Int, lenient: Bool) {
        var slot = -1
        for index in matchRates.indices where matchRates[index].automaton == automaton {
            slot = index
            break
        }
        if slot < 0 {
            slot = nextMatchRateSlot
            nextMatchRateSlot = (nextMatchRateSlot + 1) % matchRates.count
            matchRates[slot] = MatchRate(automaton: automaton)
        }
        let rate = matchRates[slot]
        // Optimistic at first; afterwards lenient while fewer than one event in five matches.
        return (slot, rate.events < 32 || rate.matches &* 5 < rate.events)
    }

    /// Records whether an event matched, for `skipsLeniently(for:)`.
    mutating func recordOutcome(slot: Int, matched: Bool) {
        matchRates[slot].events &+= 1
        if matched { matchRates[slot].matches &+= 1 }
        if matchRates[slot].events >= 4096 {
            // Halve, so the choice follows changes in the traffic.
            matchRates[slot].events >>= 1
            matchRates[slot].matches >>= 1
        }
    }

    /// Frees the lists' memory (the buffers' owner calls this once).
    mutating func deallocate() {
        nodeObject.deallocate()
        nodeMark.deallocate()
        leaves.deallocate()
        hits.deallocate()
        elements.deallocate()
        marks.deallocate()
        frames.deallocate()
        conditionStamp.deallocate()
        conditionFirstHit.deallocate()
        hitNext.deallocate()
        pathStamp.deallocate()
        pathFirstLeaf.deallocate()
        leafNext.deallocate()
        ruleStamp.deallocate()
        hitConditions.deallocate()
        matchedRules.deallocate()
        chosen.deallocate()
    }

    /// Clears the event data and starts a new generation, growing the stamp arrays to the automaton's sizes.
    mutating func begin(conditions: Int, paths: Int, rules: Int, nodes: Int) {
        nodeObject.extend(to: nodes, with: 0)
        nodeMark.extend(to: nodes, with: -1)
        leaves.removeAll()
        hits.removeAll()
        elements.removeAll()
        marks.removeAll()
        frames.removeAll()
        hitConditions.removeAll()
        matchedRules.removeAll()
        arrayCount = 0
        hasElements = false
        if generation == UInt32.max {
            generation = 0
            conditionStamp.fill(with: 0)
            pathStamp.fill(with: 0)
            ruleStamp.fill(with: 0)
        }
        generation += 1
        conditionStamp.extend(to: conditions, with: 0)
        conditionFirstHit.extend(to: conditions, with: -1)
        pathStamp.extend(to: paths, with: 0)
        pathFirstLeaf.extend(to: paths, with: -1)
        ruleStamp.extend(to: rules, with: 0)
    }
}
