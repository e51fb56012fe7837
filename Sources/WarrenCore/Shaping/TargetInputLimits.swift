/// EventBridge's limits on a target's input options, each written once (API model shapes `TargetInput`,
/// `TargetInputPath`, `TransformerPaths`, `InputTransformerPathKey` and `TransformerInput`).
///
/// Lengths are counted in UTF-16 code units, as the Java service counts a `String`'s length.
public enum TargetInputLimits {
    /// `Input`: at most 8,192 characters of constant JSON.
    public static let maximumInputLength = 8192
    /// `InputPath`, and each path of `InputPathsMap`: at most 256 characters.
    public static let maximumPathLength = 256
    /// `InputPathsMap`: at most 100 variables.
    public static let maximumVariables = 100
    /// A variable name of `InputPathsMap`: 1 to 256 characters.
    public static let maximumVariableNameLength = 256
    /// `InputTemplate`: 1 to 8,192 characters.
    public static let maximumTemplateLength = 8192

    /// A variable name's pattern, in the API model's words.
    static let variableNamePattern = #"[A-Za-z0-9\_\-]+"#

    /// Whether `byte` may appear in a variable name (`[A-Za-z0-9_-]`).
    static func isVariableNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
            true
        default: false
        }
    }

    /// The length EventBridge measures.
    static func length(_ text: String) -> Int { text.utf16.count }
}
