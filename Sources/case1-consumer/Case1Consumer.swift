import WarrenCommands

/// `swift run case1-consumer`: see `Case1ConsumerCommand`.
@main
enum Case1Consumer {
    static func main() async { await Case1ConsumerCommand.main() }
}
