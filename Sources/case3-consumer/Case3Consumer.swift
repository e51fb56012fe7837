import WarrenCommands

/// `swift run case3-consumer`: see `Case3ConsumerCommand`.
@main
enum Case3Consumer {
    static func main() async { await Case3ConsumerCommand.main() }
}
