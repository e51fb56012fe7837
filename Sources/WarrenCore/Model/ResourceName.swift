/// The naming rules EventBridge applies to rules, targets and buses.
public enum ResourceName {
    /// `[.-_A-Za-z0-9]+` of the given length, in EventBridge's words.
    public static func problems(_ name: String, kind: String, maximumLength: Int) -> [String] {
        if name.isEmpty { return ["\(kind) must not be empty"] }
        var problems: [String] = []
        if name.count > maximumLength {
            problems.append("\(kind) '\(name)' must have length less than or equal to \(maximumLength)")
        }
        if !name.unicodeScalars.allSatisfy(isAllowed) {
            problems.append("\(kind) '\(name)' must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+")
        }
        return problems
    }

    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", ".", "-", "_": true
        default: false
        }
    }
}

/// Event bus names.
public enum EventBusName {
    /// The bus every account has, used when an entry or rule names none.
    public static let `default` = "default"

    /// Warren keeps bus names short enough that every queue name derived from them fits AMQP's 255 bytes.
    public static let maximumLength = 100

    public static func problems(_ name: String) -> [String] {
        ResourceName.problems(name, kind: "event bus name", maximumLength: maximumLength)
    }

    /// The bus name of `EventBusName` values, which may also be a bus ARN (`arn:aws:events:...:event-bus/<name>`).
    public static func name(fromNameOrARN value: String) -> String {
        guard value.hasPrefix("arn:"), let slash = value.lastIndex(of: "/") else { return value }
        return String(value[value.index(after: slash)...])
    }
}
