import Foundation
import Testing
import WarrenBus
import WarrenTestSupport

/// The executables at their edges: an unreachable broker, passwords, versions, help and option errors.
@Suite("Command-line edges", .timeLimit(.minutes(3)))
struct CommandLineEdgeTests {
    /// Nothing listens on port 1; the password must never be printed.
    static let unreachableURL = "amqp://guest:unreachable-s3cret@127.0.0.1:1/"

    @Test(
        "every command gives up on an unreachable broker after the connect timeout, naming the URL without its password",
        arguments: [
            (["rules", "apply", "RULES"], "Error: cannot reach the broker at amqp://guest@127.0.0.1:1/%2F: gave up after"),
            (["rules", "list"], "Error: cannot reach the broker at amqp://guest@127.0.0.1:1/%2F: gave up after"),
            (["topology"], "Error: cannot reach the broker at amqp://guest@127.0.0.1:1/%2F: gave up after"),
            (["consume", "--rules", "RULES", "--rule", "r", "--skip-apply"],
             "Error: cannot reach the broker at amqp://guest@127.0.0.1:1/%2F: gave up after"),
            (["put-events", "--entries", #"[{"Source":"s","DetailType":"d","Detail":"{}"}]"#],
             "(InternalException) when calling the PutEvents operation: Internal Service Failure: cannot reach the broker at amqp://guest@127.0.0.1:1/%2F: gave up after"),
        ])
    func unreachableBroker(arguments: [String], expected: String) async throws {
        let rulesFile = try RulesFileWriter.write([
            Rule(name: "r", eventBusName: "unreachable", eventPattern: try .init(parsing: #"{"source":["s"]}"#),
                 targets: [RuleTarget(id: "t")])
        ])
        let arguments = arguments.map { $0 == "RULES" ? rulesFile : $0 }
        // Once with the option, once with the environment variable.
        for (extraArguments, environment) in [
            (["--connect-timeout", "1"], ["WARREN_AMQP_URL": Self.unreachableURL]),
            ([], ["WARREN_AMQP_URL": Self.unreachableURL, "WARREN_CONNECT_TIMEOUT": "1"]),
        ] {
            let run = try await ExecutableProcess.run(
                "warren", arguments + extraArguments, environment: environment, timeout: .seconds(40))
            #expect(run.status == 1, "\(arguments): \(run.errors.suffix(1500))")
            #expect(run.errors.contains(expected), "\(arguments): \(run.errors.suffix(1500))")
            #expect(run.errors.contains("cannot reach the broker; retrying"))
            #expect(!run.errors.contains("unreachable-s3cret") && !run.output.contains("unreachable-s3cret"))
        }
    }

    @Test("--password-file: a trailing newline is ignored; a URL with a password as well is refused; nothing prints it")
    func passwordFile() async throws {
        try await LimitedBrokerUser.with(permissions: (configure: ".*", write: ".*", read: ".*")) { user in
            let file = try user.passwordFile()
            let bus = "pw-\(UUID().uuidString.prefix(6).lowercased())"
            let listed = try await ExecutableProcess.run(
                "warren", ["rules", "list", "--bus", bus, "--url", user.urlWithoutPassword, "--password-file", file])
            #expect(listed.status == 0, "\(listed.errors.suffix(1500))")
            #expect(listed.output == "no rules on bus '\(bus)'\n")
            #expect(listed.errors.contains("broker=amqp://\(user.name)@127.0.0.1:5672/%2F"))

            let withBoth = "amqp://\(user.name):\(user.password)@127.0.0.1:5672/"
            let refused = try await ExecutableProcess.run(
                "warren", ["rules", "list", "--url", withBoth, "--password-file", file])
            #expect(refused.status == 64)
            #expect(refused.errors.contains("--password-file: the broker URL holds a password too; give it in one place only"))
            #expect(!refused.errors.contains(user.password) && !refused.output.contains(user.password))

            let missing = try await ExecutableProcess.run(
                "warren", ["rules", "list", "--url", user.urlWithoutPassword, "--password-file", file + ".missing"])
            #expect(missing.status == 64)
            #expect(missing.errors.contains("--password-file: cannot read '\(file).missing'"))
        }
    }

    @Test("--version shows the one version constant", arguments: ["warren", "producer", "case1-consumer"])
    func version(executable: String) async throws {
        let run = try await ExecutableProcess.run(executable, ["--version"])
        #expect(run.status == 0)
        #expect(run.output == "0.9.0-dev\n")
    }

    @Test(
        "every command's help documents WARREN_LOG_LEVEL; only PutEvents senders take --max-request-size",
        arguments: [
            ("warren", ["--help"], false), ("warren", ["put-events", "--help"], true),
            ("warren", ["rules", "apply", "--help"], false), ("warren", ["rules", "list", "--help"], false),
            ("warren", ["rules", "show", "--help"], false), ("warren", ["topology", "--help"], false),
            ("warren", ["consume", "--help"], false), ("producer", ["--help"], true),
            ("case1-consumer", ["--help"], false), ("case2-consumer", ["--help"], false),
            ("case3-consumer", ["--help"], false),
        ])
    func help(executable: String, arguments: [String], sendsPutEvents: Bool) async throws {
        let run = try await ExecutableProcess.run(executable, arguments)
        #expect(run.status == 0)
        // Help text is wrapped to the terminal's width: compare without line breaks.
        let text = run.output.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(text.contains("WARREN_LOG_LEVEL"), "\(executable) \(arguments)")
        #expect(text.contains("--max-request-size") == sendsPutEvents, "\(executable) \(arguments)")
        if arguments.contains("consume") || executable.hasSuffix("-consumer") || arguments == ["rules", "apply", "--help"] {
            #expect(text.contains("--connect-timeout") && text.contains("--password-file"))
        }
    }

    @Test("consume rejects --max-request-size, and an unknown --rule names the rules of the file")
    func consumeOptions() async throws {
        let rulesFile = try RulesFileWriter.write([
            Rule(name: "beta", eventBusName: "b", eventPattern: try .init(parsing: #"{"source":["s"]}"#),
                 targets: [RuleTarget(id: "t")]),
            Rule(name: "alpha", eventBusName: "b", eventPattern: try .init(parsing: #"{"source":["s"]}"#),
                 targets: [RuleTarget(id: "t")]),
        ])
        let unknownOption = try await ExecutableProcess.run(
            "warren", ["consume", "--rules", rulesFile, "--rule", "alpha", "--max-request-size", "1000"])
        #expect(unknownOption.status == 64)
        #expect(unknownOption.errors.contains("Unknown option '--max-request-size'"), "\(unknownOption.errors)")

        let unknownRule = try await ExecutableProcess.run("warren", ["consume", "--rules", rulesFile, "--rule", "gamma"])
        #expect(unknownRule.status == 64)
        #expect(
            unknownRule.errors.contains("the rules file '\(rulesFile)' has no rule 'gamma'; its rules: alpha, beta"),
            "\(unknownRule.errors)")
    }
}
