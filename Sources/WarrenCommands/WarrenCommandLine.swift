public import ArgumentParser

/// The subcommands of the `warren` executable.
public enum WarrenCommandLine {
    public static let subcommands: [any ParsableCommand.Type] = [
        TestEventPatternCommand.self,
        PutEventsCommand.self,
        RulesCommand.self,
        TopologyCommand.self,
        ConsumeCommand.self,
        DeadLetterCommand.self,
        ServeCommand.self,
    ]
}
