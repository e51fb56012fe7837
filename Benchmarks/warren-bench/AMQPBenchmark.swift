import AMQPClient
import ArgumentParser
import Foundation

/// `warren-bench amqp`: the Swift AMQP client against a C program doing the same work with librabbitmq directly,
/// in the same run, on the same broker: publish with a window of confirms, then consume with prefetch and
/// multiple acks. Rounds alternate C and Swift so that a noisy machine disturbs both alike; the median is reported.
struct AMQPBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "amqp",
        abstract: "Swift AMQP client vs librabbitmq in C: publish with confirms, consume with acks.")

    @Option(help: "Broker URL (guest on loopback by default).")
    var url = ProcessInfo.processInfo.environment["WARREN_AMQP_URL"] ?? "amqp://guest:guest@127.0.0.1:5672/"

    @Option(help: "Messages per phase.")
    var messages = 200_000

    @Option(help: "Body size in bytes.")
    var bodyBytes = 300

    @Option(help: "Outstanding publisher confirms.")
    var confirmWindow = 1000

    @Option(help: "Consumer prefetch.")
    var prefetch: UInt16 = 1000

    @Option(help: "Ack (multiple) every this many deliveries.")
    var ackEvery = 500

    @Option(help: "Rounds; each runs C then Swift. The median is reported.")
    var rounds = 2

    func run() async throws {
        let configuration = try AMQPConfiguration(url: url)
        let cProgram = try Self.cProgramPath()
        print("AMQP benchmark: \(messages) persistent messages of \(bodyBytes) bytes, confirm window \(confirmWindow),")
        print("prefetch \(prefetch), ack multiple every \(ackEvery); broker \(configuration.redactedURL); \(rounds) rounds")
        var cResults: [PhaseRates] = []
        var swiftResults: [PhaseRates] = []
        for round in 1...rounds {
            let c = try await runC(cProgram, configuration: configuration)
            print("  round \(round) C:     publish \(Self.format(c.publish)) msgs/s, consume \(Self.format(c.consume)) msgs/s")
            cResults.append(c)
            let swift = try await runSwift(configuration: configuration)
            print("  round \(round) Swift: publish \(Self.format(swift.publish)) msgs/s, consume \(Self.format(swift.consume)) msgs/s")
            swiftResults.append(swift)
        }
        let c = PhaseRates(
            publish: Self.median(cResults.map(\.publish)), consume: Self.median(cResults.map(\.consume)))
        let swift = PhaseRates(
            publish: Self.median(swiftResults.map(\.publish)), consume: Self.median(swiftResults.map(\.consume)))
        print("")
        print("| phase | C librabbitmq msgs/s | Swift AMQPClient msgs/s | Swift / C | target |")
        print("|---|---:|---:|---:|---|")
        for (name, cRate, swiftRate) in [
            ("publish, persistent, confirm window \(confirmWindow)", c.publish, swift.publish),
            ("consume, prefetch \(prefetch), ack multiple every \(ackEvery)", c.consume, swift.consume),
        ] {
            let ratio = swiftRate / cRate
            print(
                "| \(name) | \(Self.format(cRate)) | \(Self.format(swiftRate)) | \(String(format: "%.2fx", ratio)) | >= 0.90x \(ratio >= 0.9 ? "met" : "NOT met") |"
            )
        }
    }

    struct PhaseRates {
        var publish: Double
        var consume: Double
    }

    private func withFreshQueue<Result>(
        _ configuration: AMQPConfiguration, _ body: (String) async throws -> Result
    ) async throws -> Result {
        let connection = try await AMQPConnection.connect(configuration)
        let channel = try await connection.openChannel()
        let queue = "warren.bench.\(UUID().uuidString.prefix(8))"
        try await channel.declareQueue(queue, options: [.durable])
        do {
            let result = try await body(queue)
            try await channel.deleteQueue(queue)
            await connection.close()
            return result
        } catch {
            _ = try? await channel.deleteQueue(queue)
            await connection.close()
            throw error
        }
    }

    private func runC(_ program: String, configuration: AMQPConfiguration) async throws -> PhaseRates {
        try await withFreshQueue(configuration) { queue in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments = [
                configuration.host, "\(configuration.port)", queue, "\(messages)", "\(bodyBytes)", "\(confirmWindow)",
                "\(prefetch)", "\(ackEvery)",
            ]
            var environment = ProcessInfo.processInfo.environment
            environment["WARREN_BENCH_USER"] = configuration.user
            environment["WARREN_BENCH_PASSWORD"] = configuration.password
            process.environment = environment
            let output = Pipe()
            process.standardOutput = output
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw ValidationError("the C benchmark failed with status \(process.terminationStatus)")
            }
            var rates = PhaseRates(publish: 0, consume: 0)
            for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
                let fields = line.split(separator: " ")
                guard fields.count >= 3, let count = Double(fields[1]), let seconds = Double(fields[2]) else { continue }
                if fields[0] == "publish" { rates.publish = count / seconds }
                if fields[0] == "consume" { rates.consume = count / seconds }
            }
            return rates
        }
    }

    private func runSwift(configuration: AMQPConfiguration) async throws -> PhaseRates {
        try await withFreshQueue(configuration) { queue in
            let connection = try await AMQPConnection.connect(configuration)
            defer { Task { await connection.close() } }
            let body = [UInt8](repeating: UInt8(ascii: "x"), count: bodyBytes)
            let properties = AMQPProperties(contentType: "application/json", deliveryMode: .persistent)

            let publisher = try await connection.openChannel()
            try await publisher.enableConfirms(window: confirmWindow)
            let clock = ContinuousClock()
            var confirmations: [AMQPPublishConfirmation] = []
            confirmations.reserveCapacity(messages)
            let publishStart = clock.now
            for _ in 0..<messages {
                confirmations.append(
                    try await publisher.startPublish(body, exchange: "", routingKey: queue, properties: properties))
            }
            for confirmation in confirmations { try await confirmation.wait() }
            let publishSeconds = Self.seconds(clock.now - publishStart)

            let consumerChannel = try await connection.openChannel()
            let consumer = try await consumerChannel.consume(queue: queue, prefetch: prefetch)
            var received = 0
            let consumeStart = clock.now
            for try await delivery in consumer {
                received += 1
                if received % ackEvery == 0 || received == messages {
                    try await delivery.ack(multiple: true)
                }
                if received == messages { break }
            }
            let consumeSeconds = Self.seconds(clock.now - consumeStart)
            try await consumer.cancel()
            return PhaseRates(
                publish: Double(messages) / publishSeconds, consume: Double(messages) / consumeSeconds)
        }
    }

    private static func cProgramPath() throws -> String {
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent()
        let path = directory.appendingPathComponent("amqp-c-bench").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw ValidationError(
                "the C baseline is not built: run `swift build -c release --product amqp-c-bench` (or scripts/bench)")
        }
        return path
    }

    private static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    private static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted.count % 2 == 1
            ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    private static func format(_ rate: Double) -> String {
        let value = Int(rate.rounded())
        var text = String(value)
        var index = text.count - 3
        while index > 0 {
            text.insert(",", at: text.index(text.startIndex, offsetBy: index))
            index -= 3
        }
        return text
    }
}
