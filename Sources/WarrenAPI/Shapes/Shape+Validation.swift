import EventPatterns

extension StructureShape {
    /// Every constraint the request violates, in AWS's words and order (members in the model's order; for each:
    /// not null, length, pattern, enum, range), e.g.
    /// `Value 'a b' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ...`.
    /// Run it after `checkTypes(ofBody:)`.
    func problems(in body: JSONObject) -> [String] {
        problems(in: body, path: "")
    }

    func problems(in object: JSONObject, path: String) -> [String] {
        var problems: [String] = []
        for member in members {
            let memberPath = path.isEmpty ? member.pathName : "\(path).\(member.pathName)"
            guard let value = object[member.name], value != .null else {
                if member.isRequired {
                    problems.append("Value null at '\(memberPath)' failed to satisfy constraint: Member must not be null")
                }
                continue
            }
            problems += member.shape.problems(in: value, path: memberPath)
        }
        return problems
    }

    /// The `ValidationException` for the problems, joined as AWS joins them; nil when there are none.
    static func validationError(_ problems: [String]) -> EventBridgeError? {
        guard !problems.isEmpty else { return nil }
        let count = problems.count == 1 ? "1 validation error" : "\(problems.count) validation errors"
        return .validation("\(count) detected: \(problems.joined(separator: "; "))")
    }
}

extension Shape {
    func problems(in value: JSONValue, path: String) -> [String] {
        func problem(_ constraint: String) -> String {
            "Value '\(awsDescription(of: value))' at '\(path)' failed to satisfy constraint: Member must \(constraint)"
        }
        var problems: [String] = []
        switch (self, value) {
        case (.string(let shape), .string(let text)):
            let length = text.utf16.count
            if let minimum = shape.minimumLength, length < minimum {
                problems.append(problem("have length greater than or equal to \(minimum)"))
            }
            if let maximum = shape.maximumLength, length > maximum {
                problems.append(problem("have length less than or equal to \(maximum)"))
            }
            if let pattern = shape.pattern, !JavaPattern.matches(text, pattern: pattern) {
                problems.append(problem("satisfy regular expression pattern: \(pattern)"))
            }
            if let allowed = shape.allowedValues, !allowed.contains(text) {
                problems.append(problem("satisfy enum value set: [\(allowed.joined(separator: ", "))]"))
            }
        case (.integer(let shape), .number(let number)):
            // Beyond 64 bits is beyond any limit.
            let integer = Int(number.text)
            if let minimum = shape.minimum, integer.map({ $0 < minimum }) ?? number.text.hasPrefix("-") {
                problems.append(problem("have value greater than or equal to \(minimum)"))
            }
            if let maximum = shape.maximum, integer.map({ $0 > maximum }) ?? !number.text.hasPrefix("-") {
                problems.append(problem("have value less than or equal to \(maximum)"))
            }
        case (.list(let shape), .array(let elements)):
            if let minimum = shape.minimumLength, elements.count < minimum {
                problems.append(problem("have length greater than or equal to \(minimum)"))
            }
            if let maximum = shape.maximumLength, elements.count > maximum {
                problems.append(problem("have length less than or equal to \(maximum)"))
            }
            for (index, element) in elements.enumerated() where element != .null {
                problems += shape.member.problems(in: element, path: "\(path).\(index + 1).member")
            }
        case (.map(let shape), .object(let object)):
            if let minimum = shape.minimumLength, object.count < minimum {
                problems.append(problem("have length greater than or equal to \(minimum)"))
            }
            if let maximum = shape.maximumLength, object.count > maximum {
                problems.append(problem("have length less than or equal to \(maximum)"))
            }
            for (key, member) in object {
                problems += shape.key.problems(in: .string(key), path: "\(path).key")
                if member != .null { problems += shape.value.problems(in: member, path: "\(path).\(key)") }
            }
        case (.structure(let shape), .object(let object)):
            problems += shape.problems(in: object, path: path)
        default:
            break  // booleans, timestamps; types were checked before
        }
        return problems
    }
}
