public import EventPatterns

extension TestEventPattern {
    /// The whole of `warren test-event-pattern --event-pattern <arg> --event <arg> [--explain]`: each argument is
    /// JSON text, or `@path` for a file read with `readFile`. Prints `{"Result": true}` or `{"Result": false}` like
    /// `aws events test-event-pattern`; `explain` adds the condition-by-condition explanation.
    public static func commandLine(
        eventPattern patternArgument: String,
        event eventArgument: String,
        explain: Bool,
        limits: PatternLimits = .init(),
        readFile: (String) throws -> String
    ) -> TestEventPatternCommandOutput {
        let pattern: String
        let event: String
        do {
            pattern = try resolve(patternArgument, readFile)
            event = try resolve(eventArgument, readFile)
        } catch let failure as ArgumentFileError {
            return TestEventPatternCommandOutput(standardError: failure.message + "\n", exitCode: 1)
        } catch {
            return TestEventPatternCommandOutput(standardError: "\(error)\n", exitCode: 1)
        }
        let result: Bool
        do throws(TestEventPatternError) {
            result = try evaluate(pattern: pattern, event: event, limits: limits)
        } catch {
            var message = error.message + "\n"
            if explain {
                switch error {
                case .invalidPattern(let patternError):
                    message += patternError.problems.map { "  - \($0)\n" }.joined()
                case .invalidEvent(let detail):
                    message += "  - \(detail)\n"
                }
            }
            return TestEventPatternCommandOutput(standardError: message, exitCode: 2)
        }
        var output = "{\"Result\": \(result)}\n"
        if explain, let parsedPattern = try? EventPattern(parsing: pattern, limits: limits),
            let parsedEvent = try? JSONValue(parsing: event)
        {
            output += parsedPattern.explain(parsedEvent).description + "\n"
        }
        return TestEventPatternCommandOutput(standardOutput: output, exitCode: 0)
    }

    private struct ArgumentFileError: Error {
        var message: String
    }

    /// The argument's text: itself, or the contents of the file it names after `@`.
    private static func resolve(_ argument: String, _ readFile: (String) throws -> String) throws -> String {
        guard argument.hasPrefix("@") else { return argument }
        let path = String(argument.dropFirst())
        do {
            return try readFile(path)
        } catch {
            throw ArgumentFileError(message: "Cannot read \(path): \(error)")
        }
    }
}
