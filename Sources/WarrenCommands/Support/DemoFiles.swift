import Foundation

/// The ATM demo's files, shipped with the commands: the SAM template with its three rules, and the producer's
/// transactions.
public enum DemoFiles {
    /// `atm-demo.yaml`: the demo's rules, its AWS SAM template as published (`template.yaml` there).
    public static var template: String { path("atm-demo.yaml") }
    /// `events.json`: the producer's PutEvents entries.
    public static var events: String { path("events.json") }

    private static func path(_ name: String) -> String {
        Bundle.module.bundleURL.appendingPathComponent("Demo").appendingPathComponent(name).path
    }
}
