/// A scalar value of an event, borrowed from the event's bytes for the duration of one test.
struct LeafValue {
    /// The JSON type of a leaf.
    enum Kind: UInt8 {
        case string, number, trueValue, falseValue, null
    }

    /// The leaf's type.
    var kind: Kind
    /// A string's unescaped UTF-8 content, or a number's lexeme; empty for the literals.
    var bytes: UnsafeBufferPointer<UInt8>
    /// A number's value (only meaningful when `kind == .number`).
    var number: Double
}
