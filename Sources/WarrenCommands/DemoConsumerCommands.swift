public import ArgumentParser

/// `case1-consumer`: the target of the demo's "Approved transactions" rule.
public struct Case1ConsumerCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "case1-consumer", abstract: "Print the ATM demo's approved transactions as they arrive.",
        discussion: DemoConsumer.help, version: WarrenVersion.current)
    @OptionGroup public var options: DemoConsumerOptions
    public init() {}
    public func run() async throws {
        try await DemoConsumer(handler: "handler.case1Handler", header: "--- Approved transactions ---").run(options)
    }
}

/// `case2-consumer`: the target of the demo's "NY location transactions" rule.
public struct Case2ConsumerCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "case2-consumer", abstract: "Print the ATM demo's NY location transactions as they arrive.",
        discussion: DemoConsumer.help, version: WarrenVersion.current)
    @OptionGroup public var options: DemoConsumerOptions
    public init() {}
    public func run() async throws {
        try await DemoConsumer(handler: "handler.case2Handler", header: "--- NY location transactions ---").run(options)
    }
}

/// `case3-consumer`: the target of the demo's "Unapproved transactions" rule.
public struct Case3ConsumerCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "case3-consumer", abstract: "Print the ATM demo's unapproved transactions as they arrive.",
        discussion: DemoConsumer.help, version: WarrenVersion.current)
    @OptionGroup public var options: DemoConsumerOptions
    public init() {}
    public func run() async throws {
        try await DemoConsumer(handler: "handler.case3Handler", header: "--- Unapproved transactions ---").run(options)
    }
}
