extension PatternObject {
    /// How many branches the object expands to: the product, over its `$or` groups and nested objects, of their
    /// branch counts. Saturates instead of overflowing.
    var branchCount: Int {
        var count = 1
        for field in fields {
            if case .object(let object) = field.value { count = count.saturatingMultiplied(by: object.branchCount) }
        }
        for group in alternatives {
            var groupCount = 0
            for branch in group { groupCount = groupCount.saturatingAdded(branch.branchCount) }
            count = count.saturatingMultiplied(by: groupCount)
        }
        return count
    }

    /// The object in disjunctive normal form: one list of conditions per combination of `$or` branches. A path
    /// written twice in a branch keeps its last writing, as EventBridge does.
    func branches(prefix: [String] = []) -> [[PathCondition]] {
        expand(prefix: prefix).map(PatternObject.keepingLastWrites)
    }

    private func expand(prefix: [String]) -> [[PathCondition]] {
        var result: [[PathCondition]] = [[]]
        for field in fields {
            switch field.value {
            case .matchers(let matchers):
                let condition = PathCondition(path: prefix + [field.key], matchers: matchers)
                for index in result.indices { result[index].append(condition) }
            case .object(let object):
                result = PatternObject.combine(result, object.expand(prefix: prefix + [field.key]))
            }
        }
        for group in alternatives {
            result = PatternObject.combine(result, group.flatMap { $0.expand(prefix: prefix) })
        }
        return result
    }

    private static func combine(_ left: [[PathCondition]], _ right: [[PathCondition]]) -> [[PathCondition]] {
        var combined: [[PathCondition]] = []
        combined.reserveCapacity(left.count * right.count)
        for first in left {
            for second in right { combined.append(first + second) }
        }
        return combined
    }

    private static func keepingLastWrites(_ writes: [PathCondition]) -> [PathCondition] {
        var lastIndex: [String: Int] = [:]
        for (index, write) in writes.enumerated() { lastIndex[write.flattenedPath] = index }
        guard lastIndex.count < writes.count else { return writes }
        return writes.enumerated().filter { lastIndex[$0.element.flattenedPath] == $0.offset }.map(\.element)
    }
}

extension Int {
    fileprivate func saturatingMultiplied(by other: Int) -> Int {
        let (result, overflow) = multipliedReportingOverflow(by: other)
        return overflow ? .max : result
    }

    fileprivate func saturatingAdded(_ other: Int) -> Int {
        let (result, overflow) = addingReportingOverflow(other)
        return overflow ? .max : result
    }
}
