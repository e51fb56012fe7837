import ArgumentParser

struct CityLotsBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "citylots", abstract: "Pattern matching on CityLots.")
    func run() async throws {}
}
