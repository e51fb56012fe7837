import WarrenCommands

/// `swift run case2-consumer`: see `Case2ConsumerCommand`.
@main
enum Case2Consumer {
    static func main() async { await Case2ConsumerCommand.main() }
}
