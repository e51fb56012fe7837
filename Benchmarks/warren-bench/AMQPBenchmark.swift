import ArgumentParser

struct AMQPBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "amqp", abstract: "Swift AMQP client vs librabbitmq in C.")
    func run() async throws {}
}
