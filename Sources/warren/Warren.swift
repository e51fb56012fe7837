import ArgumentParser
import WarrenCommands

/// The `warren` command line: thin; every subcommand lives in WarrenCommands.
@main
struct Warren: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "warren",
        abstract: "EventBridge-style event routing on RabbitMQ.",
        discussion: WarrenLogging.help,
        version: WarrenVersion.current,
        subcommands: WarrenCommandLine.subcommands
    )
}
