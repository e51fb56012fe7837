/// Java's `Character.isJavaIdentifierStart` and `isJavaIdentifierPart`, which Jackson uses to decide how much of
/// an unrecognised word to quote in `Unrecognized token '...'`.
enum JavaIdentifierCharacters {
    /// Whether the character may start a Java identifier: a letter, `$`, `_`, a currency symbol, a connector.
    static func isStart(_ value: UInt32) -> Bool {
        if value < 0x80 {
            let byte = UInt8(value)
            return (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
                || byte == UInt8(ascii: "$") || byte == UInt8(ascii: "_")
        }
        guard let scalar = Unicode.Scalar(value) else { return false }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .letterNumber,
            .currencySymbol, .connectorPunctuation:
            return true
        default:
            return false
        }
    }

    /// Whether the character may continue a Java identifier: a start character, a digit, a mark, or one of the
    /// "identifier-ignorable" controls.
    static func isPart(_ value: UInt32) -> Bool {
        if isStart(value) { return true }
        if value < 0x80 {
            let byte = UInt8(value)
            return byte &- UInt8(ascii: "0") < 10 || byte <= 0x08 || (byte >= 0x0E && byte <= 0x1B) || byte == 0x7F
        }
        if value <= 0x9F { return true }
        guard let scalar = Unicode.Scalar(value) else { return false }
        switch scalar.properties.generalCategory {
        case .decimalNumber, .spacingMark, .nonspacingMark, .format:
            return true
        default:
            return false
        }
    }
}
