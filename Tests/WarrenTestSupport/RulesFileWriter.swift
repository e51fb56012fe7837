import Foundation
public import WarrenBus

/// Writes rules as a Warren YAML rules file, for the executables (`warren consume --rules FILE`) that tests and the
/// soak run against rules they built in code.
public enum RulesFileWriter {
    /// The YAML text of `rules` (every rule's bus is declared).
    public static func yaml(_ rules: [Rule]) -> String {
        let buses = Set(rules.map(\.eventBusName)).subtracting([EventBusName.default]).sorted()
        var text = buses.isEmpty ? "" : "buses: [\(buses.joined(separator: ", "))]\n"
        text += "rules:\n"
        for rule in rules {
            text += "  - name: \(rule.name)\n"
            text += "    bus: \(rule.eventBusName)\n"
            text += "    state: \(rule.state.rawValue)\n"
            // A single-quoted YAML scalar holds the JSON as EventBridge takes it; quotes inside are doubled.
            let pattern = rule.eventPattern.serialized().replacingOccurrences(of: "'", with: "''")
            text += "    eventPattern: '\(pattern)'\n"
            text += "    targets:\n"
            for target in rule.targets {
                text += "      - id: \(target.id)\n"
                text += "        retryPolicy: {maximumRetryAttempts: \(target.retryPolicy.maximumRetryAttempts), "
                text += "maximumEventAgeInSeconds: \(target.retryPolicy.maximumEventAgeInSeconds)}\n"
                text += "        queueType: \(target.queueType.rawValue)\n"
                text += "        maximumDeliveries: \(target.maximumDeliveries)\n"
                if let queue = target.deadLetterQueue { text += "        deadLetterQueue: '\(queue)'\n" }
            }
        }
        return text
    }

    /// Writes `rules` to `fileName` in a new temporary folder; returns its path (the default stack of a file is
    /// derived from its name).
    public static func write(_ rules: [Rule], name: String = "rules", fileName: String = "rules.yaml") throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "warren-\(name)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent(fileName)
        try yaml(rules).write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }
}
