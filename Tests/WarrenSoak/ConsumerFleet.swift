import Foundation
import WarrenTestSupport

/// The soak's consumers: `warren consume` processes, several per rule target, competing for its queue. A killed
/// one is replaced at once, as a supervisor would. Everything each printed is kept, killed ones included.
actor ConsumerFleet {
    private struct Member {
        var rule: String
        var executable: String
        var extraArguments: [String]
        var process: ExecutableProcess
        /// Events read from its output so far (only new lines are parsed on each look).
        var events: [String] = []
        var linesRead = 0
    }

    private let rulesFile: String
    private let url: String
    private var members: [Member] = []
    private(set) var kills = 0

    init(rulesFile: String, url: String) {
        self.rulesFile = rulesFile
        self.url = url
    }

    /// Starts `count` consumers of `rule`'s target: `warren consume`, or another executable that takes its options
    /// (`warren-fault-consumer`) with `extraArguments`.
    func start(rule: String, count: Int, executable: String = "warren", extraArguments: [String] = []) throws {
        for _ in 0..<count { try startConsumer(rule, executable: executable, extraArguments: extraArguments) }
    }

    private func startConsumer(_ rule: String, executable: String, extraArguments: [String]) throws {
        let consume = executable == "warren" ? ["consume"] : []
        let process = try ExecutableProcess(
            executable,
            // A consumer started while the broker restarts waits for it however long it takes.
            consume + [
                "--rules", rulesFile, "--rule", rule, "--skip-apply", "--prefetch", "20", "--stats-interval", "30",
                "--connect-timeout", "0",
            ] + extraArguments,
            environment: ["WARREN_AMQP_URL": url])
        members.append(Member(rule: rule, executable: executable, extraArguments: extraArguments, process: process))
    }

    /// SIGKILLs a random running consumer and starts another for the same target; says which.
    func killOne() async throws -> String {
        let running = members.indices.filter { members[$0].process.isRunning }
        guard let index = running.randomElement() else { return "no consumer running" }
        let victim = members[index].process
        victim.signal(SIGKILL)
        _ = try? await victim.wait(timeout: .seconds(10))
        kills += 1
        try startConsumer(members[index].rule, executable: members[index].executable, extraArguments: members[index].extraArguments)
        return "killed consumer \(victim.processIdentifier) of '\(members[index].rule)' after \(readEvents(index)) events; started another"
    }

    /// Every event id each rule's consumers printed, repeats included.
    func deliveries() -> [String: [String]] {
        var byRule: [String: [String]] = [:]
        for index in members.indices {
            _ = readEvents(index)
            byRule[members[index].rule, default: []] += members[index].events
        }
        return byRule
    }

    /// Reads what consumer `index` printed since the last look; returns its event count.
    private func readEvents(_ index: Int) -> Int {
        let lines = members[index].process.outputLines
        if lines.count > members[index].linesRead {
            members[index].events += PrintedEvent.parse(lines[members[index].linesRead...]).map(\.id)
            members[index].linesRead = lines.count
        }
        return members[index].events.count
    }

    /// Stops the running consumers with SIGTERM (they settle what they hold); returns a line per consumer.
    func stopAll() async -> [String] {
        for member in members where member.process.isRunning { member.process.signal(SIGTERM) }
        var lines: [String] = []
        for index in members.indices {
            let process = members[index].process
            let status = (try? await process.wait(timeout: .seconds(30))).map { "exit \($0)" } ?? "did not stop"
            let ending = process.termination.bySignal ? "killed (signal \(process.termination.status))" : status
            let finished = process.standardError.split(separator: "\n").last { $0.contains("consumer finished") }
            // `... counters=received=... reconnects=N [WarrenCommands] consumer finished`: the counters alone.
            let counters = finished.flatMap { line in
                line.range(of: "counters=").map { String(line[$0.upperBound...].prefix { $0 != "[" }).trimmingCharacters(in: .whitespaces) }
            } ?? ""
            lines.append("  '\(members[index].rule)' consumer \(process.processIdentifier): \(readEvents(index)) events, \(ending)\(counters.isEmpty ? "" : "; \(counters)")")
        }
        return lines
    }

    /// Writes each consumer's log to `directory`.
    func saveLogs(to directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for member in members {
            try member.process.standardError.write(
                to: directory.appendingPathComponent("consumer-\(member.rule)-\(member.process.processIdentifier).log"),
                atomically: true, encoding: .utf8)
        }
    }
}
