extension PatternObject {
    /// The flattened paths that this object's fields and branches write, each prefixed by `prefix`.
    func writtenPaths(prefix: [String]) -> Set<String> {
        var paths = Set<String>()
        for field in fields {
            paths.formUnion(field.flattenedPaths(prefix: prefix))
        }
        for group in alternatives {
            for branch in group {
                paths.formUnion(branch.writtenPaths(prefix: prefix))
            }
        }
        return paths
    }

    /// Appends `field` after everything this object writes, including inside its `$or` branches.
    mutating func appendEverywhere(_ field: PatternField) {
        fields.append(field)
        for groupIndex in alternatives.indices {
            for branchIndex in alternatives[groupIndex].indices {
                alternatives[groupIndex][branchIndex].appendEverywhere(field)
            }
        }
    }
}

extension PatternField {
    /// The flattened paths this field writes.
    func flattenedPaths(prefix: [String]) -> Set<String> {
        switch value {
        case .matchers:
            return [(prefix + [key]).joined(separator: ".")]
        case .object(let object):
            return object.writtenPaths(prefix: prefix + [key])
        }
    }
}
