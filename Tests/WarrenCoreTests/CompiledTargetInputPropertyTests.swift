import EventPatterns
import Foundation
import PropertyBased
import Testing
import WarrenCore

/// A template without placeholders yields itself, byte for byte, whatever the event.
@Suite("Target input shaping: properties")
struct CompiledTargetInputPropertyTests {
    static let context = TargetInputContext(
        ruleARN: "arn:aws:events:eu-west-1:123456789012:rule/r", ruleName: "r",
        ingestionTime: Date(timeIntervalSince1970: 0))
    static let event: JSONValue = [
        "version": "0", "id": "1", "detail-type": "t", "source": "s", "account": "123456789012",
        "time": "2024-01-01T00:00:00Z", "region": "eu-west-1", "resources": [], "detail": ["a": 1],
    ]

    /// Text that holds every kind of character a JSON string may need escaped, but never `<`, so that no
    /// placeholder can appear.
    static let text = Generator<String, Shrink.None<String>> { rng in
        let alphabet: [Character] = [
            "a", "Z", "7", " ", ">", "\"", "\\", "/", "\n", "\t", "\u{01}", "é", "😀", "{", "]", ":", ",",
        ]
        return String(
            (0..<Int.random(in: 0...12, using: &rng)).map { _ in
                alphabet[Int.random(in: 0..<alphabet.count, using: &rng)]
            })
    }

    /// A JSON value nested at most `depth` deep, its strings and keys from `text`.
    static func value(_ rng: inout any SeededRandomNumberGenerator, depth: Int) -> JSONValue {
        let kind = Int.random(in: 0..<(depth > 0 ? 8 : 6), using: &rng)
        switch kind {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &rng))
        case 2:
            return .number(
                JSONNumber(
                    ["0", "-1", "2.50", "1e3", "123456789012345678901234567890"][Int.random(in: 0..<5, using: &rng)])!)
        case 3, 4, 5: return .string(text.run(using: &rng))
        case 6: return .array((0..<Int.random(in: 0...3, using: &rng)).map { _ in value(&rng, depth: depth - 1) })
        default:
            return .object(
                JSONObject(
                    (0..<Int.random(in: 0...3, using: &rng)).map { _ in
                        (text.run(using: &rng), value(&rng, depth: depth - 1))
                    }))
        }
    }

    /// A JSON template without placeholders: an object or array, compact or pretty-printed.
    static let jsonTemplate = Generator<String, Shrink.None<String>> { rng in
        let root: JSONValue =
            Bool.random(using: &rng)
            ? .object(JSONObject([("k", value(&rng, depth: 3)), (text.run(using: &rng), value(&rng, depth: 3))]))
            : .array([value(&rng, depth: 3), value(&rng, depth: 3)])
        return Bool.random(using: &rng)
            ? root.serialized() : root.prettyPrinted(indent: Int.random(in: 1...4, using: &rng))
    }

    /// A template that is one quoted string without placeholders, perhaps with white space around it.
    static let quotedTemplate = Generator<String, Shrink.None<String>> { rng in
        let padding = ["", " ", "\n", "\t \n"]
        return padding[Int.random(in: 0..<4, using: &rng)] + JSONValue.string(text.run(using: &rng)).serialized()
            + padding[Int.random(in: 0..<4, using: &rng)]
    }

    static func yieldsItself(_ template: String) throws {
        let compiled = try CompiledTargetInput(.transformer(InputTransformer(inputTemplate: template)), targetID: "t")
        #expect(compiled.undeliverableReason == nil, "\(template)")
        let payload = compiled.payload(forEvent: event, context: context).map { String(decoding: $0, as: UTF8.self) }
        #expect(try payload.get() == template)
    }

    @Test("a JSON template without placeholders yields itself (property)")
    func jsonTemplateYieldsItself() async {
        await propertyCheck(count: 400, input: Self.jsonTemplate) { template in try Self.yieldsItself(template) }
    }

    @Test("a quoted-string template without placeholders yields itself (property)")
    func quotedTemplateYieldsItself() async {
        await propertyCheck(count: 400, input: Self.quotedTemplate) { template in try Self.yieldsItself(template) }
    }

    @Test("Input yields itself (property)")
    func constantYieldsItself() async {
        await propertyCheck(count: 200, input: Self.jsonTemplate) { text in
            let compiled = try CompiledTargetInput(.constant(text), targetID: "t")
            #expect(try compiled.payload(forEvent: Self.event, context: Self.context).get() == Array(text.utf8))
        }
    }
}
