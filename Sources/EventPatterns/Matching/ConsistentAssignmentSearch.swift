/// Decides a branch when the event has arrays of objects: EventBridge (event-ruler's `ACFinder`) requires the
/// values that satisfy a branch's conditions to come from the same element of any array they share, so
/// `{"employees": {"first": ["Anna"], "last": ["Jones"]}}` does not match Anna Smith beside Bob Jones.
///
/// The search picks, condition by condition, a satisfying leaf consistent with those picked so far (or, for a
/// condition that allows absence, no leaf), and finally checks that every condition left without a leaf really
/// has no leaf consistent with the picks. It is a depth-first search over the (few) conditions of one branch,
/// bounded by a step budget so that no crafted event can make it run long.
struct ConsistentAssignmentSearch {
    private let view: MatchingAutomaton.View
    private let conditions: UnsafeBufferPointer<Int32>
    private var remainingSteps = 100_000

    init(view: MatchingAutomaton.View, conditions: UnsafeBufferPointer<Int32>) {
        self.view = view
        self.conditions = conditions
    }

    /// Whether a consistent choice exists.
    mutating func run(_ buffers: inout MatchBuffers) -> Bool {
        buffers.chosen.removeAll()
        return assign(0, &buffers)
    }

    private mutating func assign(_ position: Int, _ buffers: inout MatchBuffers) -> Bool {
        remainingSteps -= 1
        guard remainingSteps >= 0 else { return false }
        guard position < conditions.count else { return absencesHold(buffers) }
        let condition = conditions[position]
        if buffers.conditionStamp[Int(condition)] == buffers.generation {
            var hit = buffers.conditionFirstHit[Int(condition)]
            while hit >= 0 {
                let leaf = buffers.hits[Int(hit)].leaf
                if isConsistentWithChosen(leaf, buffers) {
                    buffers.chosen.append(leaf)
                    if assign(position + 1, &buffers) { return true }
                    _ = buffers.chosen.removeLast()
                }
                hit = buffers.hitNext[Int(hit)]
            }
        }
        if view.conditionAllowsAbsence[Int(condition)] {
            buffers.chosen.append(-1)
            if assign(position + 1, &buffers) { return true }
            _ = buffers.chosen.removeLast()
        }
        return false
    }

    /// Whether every condition given no leaf has no leaf consistent with the chosen ones.
    private func absencesHold(_ buffers: MatchBuffers) -> Bool {
        for position in buffers.chosen.indices where buffers.chosen[position] < 0 {
            let path = Int(view.conditionPaths[Int(conditions[position])])
            guard buffers.pathStamp[path] == buffers.generation else { continue }
            var leaf = buffers.pathFirstLeaf[path]
            while leaf >= 0 {
                if isConsistentWithChosen(leaf, buffers) { return false }
                leaf = buffers.leafNext[Int(leaf)]
            }
        }
        return true
    }

    private func isConsistentWithChosen(_ leaf: Int32, _ buffers: MatchBuffers) -> Bool {
        let element = buffers.leaves[Int(leaf)].element
        guard element >= 0 else { return true }
        for index in buffers.chosen.indices where buffers.chosen[index] >= 0 {
            let other = buffers.chosen[index]
            if !Self.areConsistent(element, buffers.leaves[Int(other)].element, buffers.elements) { return false }
        }
        return true
    }

    /// Whether two leaves' elements agree on every array they are both in.
    static func areConsistent(_ first: Int32, _ second: Int32, _ elements: ScratchList<MatchBuffers.Element>) -> Bool {
        guard first >= 0, second >= 0, first != second else { return true }
        var left = first
        var right = second
        while elements[Int(left)].depth > elements[Int(right)].depth { left = elements[Int(left)].parent }
        while elements[Int(right)].depth > elements[Int(left)].depth { right = elements[Int(right)].parent }
        while left >= 0 && right >= 0 {
            if left == right { return true }
            if elements[Int(left)].array == elements[Int(right)].array { return false }
            left = elements[Int(left)].parent
            right = elements[Int(right)].parent
        }
        return true
    }
}
