import EventPatterns
import PropertyBased

/// Random events and patterns over a small vocabulary, so that they often meet: keys that nest, collide and
/// contain dots; values of every JSON type; patterns using every operator (except `cidr`), `$or` included.
enum RandomJSON {
    static let keys = ["a", "b", "c", "a.b", "b.c"]
    static let strings = ["x", "y", "xy", "X", "", "ab", "a*b", "10", "yx"]
    static let numbers = ["0", "1", "1.0", "2.5", "-3", "1e2", "100", "-0.5"]

    static func pick<T>(_ values: [T], _ rng: inout any SeededRandomNumberGenerator) -> T {
        values[Int.random(in: 0..<values.count, using: &rng)]
    }

    static func chance(_ percent: Int, _ rng: inout any SeededRandomNumberGenerator) -> Bool {
        Int.random(in: 0..<100, using: &rng) < percent
    }

    /// A scalar.
    static func scalar(_ rng: inout any SeededRandomNumberGenerator) -> JSONValue {
        switch Int.random(in: 0..<10, using: &rng) {
        case 0..<4: return .string(pick(strings, &rng))
        case 4..<7: return .number(JSONNumber(pick(numbers, &rng))!)
        case 7: return .bool(chance(50, &rng))
        case 8: return .null
        default: return .array([])
        }
    }

    /// An event value, nested at most `depth` more levels.
    static func value(_ rng: inout any SeededRandomNumberGenerator, depth: Int) -> JSONValue {
        guard depth > 0 else { return scalar(&rng) }
        switch Int.random(in: 0..<10, using: &rng) {
        case 0..<4: return scalar(&rng)
        case 4..<7: return object(&rng, depth: depth - 1)
        default:
            let count = Int.random(in: 0...3, using: &rng)
            return .array((0..<count).map { _ in value(&rng, depth: depth - 1) })
        }
    }

    /// An event object.
    static func object(_ rng: inout any SeededRandomNumberGenerator, depth: Int) -> JSONValue {
        let count = Int.random(in: 1...5, using: &rng)
        return .object(JSONObject((0..<count).map { _ in (pick(keys, &rng), value(&rng, depth: depth)) }))
    }

    /// An event: an object up to three levels deep.
    static var event: Generator<JSONValue, Shrink.None<JSONValue>> {
        Generator { rng in object(&rng, depth: 3) }
    }

    /// An event likely to meet `pattern`: a random event in which the paths of one of the pattern's branches are
    /// given values from the vocabulary, sometimes inside arrays (of objects), sometimes left out.
    static func event(near pattern: EventPattern, _ rng: inout any SeededRandomNumberGenerator) -> JSONValue {
        var event = object(&rng, depth: 2)
        let branch = pattern.branches[Int.random(in: 0..<pattern.branches.count, using: &rng)]
        for condition in branch where !chance(10, &rng) {
            var value = scalar(&rng)
            if chance(25, &rng) { value = .array([scalar(&rng), value]) }
            event = setting(value, at: condition.path, in: event, &rng)
        }
        return event
    }

    private static func setting(
        _ value: JSONValue, at path: [String], in container: JSONValue, _ rng: inout any SeededRandomNumberGenerator
    ) -> JSONValue {
        guard let key = path.first else { return value }
        var members = container.objectValue ?? JSONObject()
        var child = setting(value, at: Array(path.dropFirst()), in: members[key] ?? .object(JSONObject()), &rng)
        if path.count > 1 && chance(20, &rng) {
            // An array of objects, the value in one of its elements.
            let other = object(&rng, depth: 1)
            child = .array(chance(50, &rng) ? [child, other] : [other, child])
        }
        members[key] = child
        return .object(members)
    }

    /// A pattern and an event likely to meet it.
    static var patternAndEvent: Generator<(EventPattern, JSONValue), Shrink.None<(EventPattern, JSONValue)>> {
        Generator { rng in
            let pattern = RandomJSON.pattern.run(using: &rng)
            return (pattern, event(near: pattern, &rng))
        }
    }

    /// One matcher, as pattern JSON text.
    static func matcher(_ rng: inout any SeededRandomNumberGenerator) -> String {
        func quoted(_ text: String) -> String {
            var output = ""
            for character in text {
                output += character == "\\" ? "\\\\" : String(character)
            }
            return "\"\(output)\""
        }
        let string = quoted(pick(strings, &rng))
        let number = pick(numbers, &rng)
        switch Int.random(in: 0..<20, using: &rng) {
        case 0, 1: return string
        case 2: return number
        case 3: return pick(["true", "false", "null"], &rng)
        case 4: return #"{"prefix": \#(string)}"#
        case 5: return #"{"suffix": \#(string)}"#
        case 6: return #"{"prefix": {"equals-ignore-case": \#(string)}}"#
        case 7: return #"{"suffix": {"equals-ignore-case": \#(string)}}"#
        case 8: return #"{"equals-ignore-case": \#(string)}"#
        case 9: return #"{"wildcard": \#(quoted(pick(["x*", "*y", "*", "a*b", "", "x*y*"], &rng)))}"#
        case 10: return #"{"anything-but": \#(string)}"#
        case 11: return #"{"anything-but": [\#(number), \#(pick(numbers, &rng))]}"#
        case 12: return #"{"anything-but": {"prefix": \#(quoted(pick(["x", "a", "y"], &rng)))}}"#
        case 13: return #"{"anything-but": {"suffix": \#(quoted(pick(["x", "b", "y"], &rng)))}}"#
        case 14: return #"{"anything-but": {"equals-ignore-case": [\#(string), "x"]}}"#
        case 15: return #"{"anything-but": {"wildcard": "*y*"}}"#
        case 16: return #"{"numeric": [">", \#(number)]}"#
        case 17: return #"{"numeric": [">=", -1, "<", \#(pick(["2", "10", "200"], &rng))]}"#
        case 18: return #"{"exists": \#(chance(50, &rng))}"#
        default: return #"{"numeric": ["=", \#(number)]}"#
        }
    }

    /// A pattern object's text, nested at most `depth` more levels, with `$or` groups when `allowOr`.
    static func patternObject(_ rng: inout any SeededRandomNumberGenerator, depth: Int, allowOr: Bool) -> String {
        var members: [String] = []
        for _ in 0..<Int.random(in: 1...2, using: &rng) {
            let key = pick(keys, &rng)
            if depth > 0 && chance(30, &rng) {
                members.append("\"\(key)\": " + patternObject(&rng, depth: depth - 1, allowOr: allowOr))
            } else {
                let count = Int.random(in: 1...2, using: &rng)
                members.append("\"\(key)\": [" + (0..<count).map { _ in matcher(&rng) }.joined(separator: ", ") + "]")
            }
        }
        if allowOr && chance(20, &rng) {
            let branches = (0..<2).map { _ in patternObject(&rng, depth: max(0, depth - 1), allowOr: false) }
            members.append("\"$or\": [" + branches.joined(separator: ", ") + "]")
        }
        return "{" + members.joined(separator: ", ") + "}"
    }

    /// A valid pattern.
    static var pattern: Generator<EventPattern, Shrink.None<EventPattern>> {
        Generator { rng in
            while true {
                let text = patternObject(&rng, depth: 2, allowOr: true)
                if let pattern = try? EventPattern(parsing: text) { return pattern }
            }
        }
    }

    /// A valid pattern without `$or`, fit to be a branch of one.
    static var simplePattern: Generator<EventPattern, Shrink.None<EventPattern>> {
        Generator { rng in
            while true {
                let text = patternObject(&rng, depth: 2, allowOr: false)
                if let pattern = try? EventPattern(parsing: text) { return pattern }
            }
        }
    }

    /// Random changes to a text: bytes replaced, dropped, duplicated, or the text cut short.
    static func mutate(_ bytes: [UInt8], _ rng: inout any SeededRandomNumberGenerator) -> [UInt8] {
        var result = bytes
        for _ in 0..<Int.random(in: 1...4, using: &rng) where !result.isEmpty {
            let index = Int.random(in: 0..<result.count, using: &rng)
            switch Int.random(in: 0..<5, using: &rng) {
            case 0: result[index] = UInt8.random(in: 0...255, using: &rng)
            case 1: result[index] = pick(Array("{}[]\":,\\ -.e0tfn".utf8), &rng)
            case 2: result.remove(at: index)
            case 3: result.insert(result[index], at: index)
            default: result = Array(result[..<index])
            }
        }
        return result
    }
}
