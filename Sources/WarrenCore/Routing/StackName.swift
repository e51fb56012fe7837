import Foundation

/// Names of stacks: the owners of the rules a rules file applies.
public enum StackName {
    /// Stack names follow the rule-name rules: 1-64 characters of `[.-_A-Za-z0-9]`.
    public static let maximumLength = 64

    public static func problems(_ name: String) -> [String] {
        ResourceName.problems(name, kind: "stack name", maximumLength: maximumLength)
    }

    /// The stack a rules file applies as when none is named: its base name without extension
    /// (`rules/orders.yaml` is `orders`), or, for SAM's conventional `template.yaml`, the name of its folder
    /// (`orders/template.yaml` is `orders`), so that two projects' templates are two stacks. Characters outside
    /// `[.-_A-Za-z0-9]` become `-`; at most 64 characters.
    public static func derived(fromPath path: String) -> String {
        // Absolute, so that `template.yaml` in the working directory is named after that directory.
        let components = URL(fileURLWithPath: path).standardizedFileURL.path.split(separator: "/").map(String.init)
        let fileName = components.last ?? path
        var base = fileName.lastIndex(of: ".").map { String(fileName[..<$0]) } ?? fileName
        if base.isEmpty { base = fileName }
        if base == "template", components.count >= 2 {
            base = components[components.count - 2]
        }
        let sanitized = String(
            String.UnicodeScalarView(base.unicodeScalars.map { ResourceName.isAllowed($0) ? $0 : "-" }))
        let name = String(sanitized.prefix(maximumLength))
        return name.isEmpty ? "rules" : name
    }
}
