import ArgumentParser

/// `warren test-event-pattern`: placeholder until the pattern engine lands.
public struct TestEventPatternCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(commandName: "test-event-pattern")
    public init() {}
    public func run() throws {}
}
