import ArgumentParser

/// `swift run -c release warren-bench <benchmark>`: benchmarks that print a table and compare against a baseline
/// measured in the same run. Not tests: nothing here asserts on time.
@main
struct WarrenBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "warren-bench",
        abstract: "Warren's benchmarks.",
        subcommands: [AMQPBenchmark.self, CityLotsBenchmark.self]
    )
}
