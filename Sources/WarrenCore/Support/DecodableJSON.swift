import EventPatterns

/// Any JSON value read through `Decodable`, so that a type can decode with the same rules as from a `JSONValue`
/// (`PutEventsRequestEntry` uses `PutEventsEntriesDecoder`'s). Number lexemes are not kept: `Decoder` gives
/// numbers as `Int64` or `Double`.
struct DecodableJSON: Decodable {
    var value: JSONValue

    private struct MemberName: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        if let object = try? decoder.container(keyedBy: MemberName.self) {
            value = .object(
                JSONObject(
                    try object.allKeys.map { key in
                        (key.stringValue, try object.decode(DecodableJSON.self, forKey: key).value)
                    }))
        } else if var array = try? decoder.unkeyedContainer() {
            var elements: [JSONValue] = []
            while !array.isAtEnd { elements.append(try array.decode(DecodableJSON.self).value) }
            value = .array(elements)
        } else {
            let single = try decoder.singleValueContainer()
            if single.decodeNil() {
                value = .null
            } else if let bool = try? single.decode(Bool.self) {
                value = .bool(bool)
            } else if let text = try? single.decode(String.self) {
                value = .string(text)
            } else if let integer = try? single.decode(Int.self) {
                value = .number(JSONNumber(integer))
            } else {
                value = .number(JSONNumber(try single.decode(Double.self)))
            }
        }
    }
}
