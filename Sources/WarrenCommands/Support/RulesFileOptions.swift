public import ArgumentParser
import Foundation
public import WarrenBus
public import WarrenRules

/// How a rules file is loaded: `--parameter-overrides` and `--stack`. Shared by every command that loads one, so
/// that each loads it the same way and prints its warnings.
public struct RulesFileOptions: ParsableArguments {
    @Option(
        name: .customLong("parameter-overrides"), parsing: .upToNextOption,
        help: ArgumentHelp(
            "Template parameter values, as sam deploy takes them: Key=Value [Key=Value ...] (a value with spaces in "
                + "double quotes: Key=\"a b\"). They win over each parameter's Default.",
            valueName: "Key=Value"))
    public var parameterOverrides: [String] = []

    @Option(
        name: .customLong("stack"),
        help: ArgumentHelp(
            "The stack name: AWS::StackName in templates, and the stack that owns the file's rules (default: the "
                + "file's name without extension, as [.-_A-Za-z0-9], at most 64 characters).",
            valueName: "name"))
    public var stack: String?

    public init() {}

    public func validate() throws {
        _ = try Self.parse(parameterOverrides: parameterOverrides)
        if let stack {
            let problems = ResourceName.problems(
                stack, kind: "--stack", maximumLength: TemplateContext.maximumStackNameLength)
            if !problems.isEmpty { throw ValidationError(problems.joined(separator: "; ")) }
        }
    }

    /// The stack name of the file at `path`: `--stack`, else derived from the file's name.
    public func stackName(for path: String) -> String {
        stack ?? TemplateContext.defaultStackName(forPath: path)
    }

    /// What a template at `path` is evaluated in: the account and region of `settings`, the stack name and the
    /// parameter overrides.
    public func context(for path: String, settings: EventBusSettings) throws -> TemplateContext {
        TemplateContext(
            account: settings.account, region: settings.region, stackName: stackName(for: path),
            parameterOverrides: try Self.parse(parameterOverrides: parameterOverrides))
    }

    /// Loads the rules file at `path` (with `bus`, its `default` bus's rules move to that bus; see
    /// `RulesSetup.load`) and writes its warnings to standard error, one `file:line:column: warning: ...` line each.
    ///
    /// - Throws: `RulesFileError` with every problem of the file.
    public func load(path: String, settings: EventBusSettings, bus: String? = nil) throws -> RulesFile {
        let file = try RulesSetup.load(path: path, bus: bus, context: context(for: path, settings: settings))
        if !file.warnings.isEmpty {
            FileHandle.standardError.write(Data(file.warnings.map { "\($0)\n" }.joined().utf8))
        }
        return file
    }

    /// `Key=Value` pairs as `sam deploy --parameter-overrides` takes them: several in one argument separated by
    /// spaces, a value with spaces in double quotes (`Key="a b"`, with `\"` and `\\` inside), or
    /// `ParameterKey=Key,ParameterValue=Value`. A key given twice keeps its last value.
    static func parse(parameterOverrides arguments: [String]) throws(ValidationError) -> [String: String] {
        var values: [String: String] = [:]
        for argument in arguments {
            var rest = Substring(argument)
            while true {
                rest = rest.drop(while: \.isWhitespace)
                guard !rest.isEmpty else { break }
                let token = rest.prefix { !$0.isWhitespace }
                let key: Substring
                if rest.hasPrefix("ParameterKey=") {
                    rest = rest.dropFirst("ParameterKey=".count)
                    key = rest.prefix { $0 != "," && !$0.isWhitespace }
                    rest = rest.dropFirst(key.count)
                    guard rest.hasPrefix(",ParameterValue=") else {
                        throw ValidationError(
                            "--parameter-overrides: expected ParameterKey=Key,ParameterValue=Value, found '\(token)'")
                    }
                    rest = rest.dropFirst(",ParameterValue=".count)
                } else {
                    key = rest.prefix { $0 != "=" && !$0.isWhitespace }
                    rest = rest.dropFirst(key.count)
                    guard rest.first == "=" else {
                        // Most likely a value with spaces, or an argument after the list (end the list with `--`).
                        throw ValidationError(
                            "--parameter-overrides: expected Key=Value, found '\(token)' (write a value with spaces "
                                + "in double quotes, Key=\"a b\"; end the list with -- before other arguments)")
                    }
                    rest = rest.dropFirst()
                }
                guard !key.isEmpty, key.unicodeScalars.allSatisfy(isAlphanumeric)
                else {
                    throw ValidationError(
                        "--parameter-overrides: '\(key)' is not a parameter name (letters and digits only)")
                }
                var value = ""
                if rest.first == "\"" {
                    rest = rest.dropFirst()
                    var closed = false
                    while let character = rest.first {
                        rest = rest.dropFirst()
                        if character == "\"" {
                            closed = true
                            break
                        }
                        if character == "\\", let escaped = rest.first {
                            value.append(escaped)
                            rest = rest.dropFirst()
                        } else {
                            value.append(character)
                        }
                    }
                    guard closed else {
                        throw ValidationError("--parameter-overrides: the value of '\(key)' has no closing quote")
                    }
                } else {
                    value = String(rest.prefix { !$0.isWhitespace })
                    rest = rest.dropFirst(value.count)
                }
                values[String(key)] = value
            }
        }
        return values
    }

    /// CloudFormation's parameter names: `[A-Za-z0-9]+`.
    private static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }
}
