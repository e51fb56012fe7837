import WarrenCommands

/// `swift run producer`: see `ProducerCommand`.
@main
enum Producer {
    static func main() async { await ProducerCommand.main() }
}
