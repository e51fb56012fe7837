/// Chooses the number of a new channel: the next free one after the last given, wrapping after the broker's
/// channel-max, so a just-closed number is reused as late as possible (a late frame for it is not taken for the
/// new channel's). A pure value, kept by `ConnectionCore`.
struct ChannelNumberAllocator {
    private var last: UInt16 = 0

    /// The broker's channel-max; librabbitmq reports 0 for "no limit", for which RabbitMQ's default is used.
    static func maximum(negotiated: Int32) -> UInt16 {
        UInt16(clamping: max(1, negotiated == 0 ? 2047 : Int(negotiated)))
    }

    /// The next number in 1...maximum for which `isInUse` is false; nil when every number is in use.
    mutating func next(maximum: UInt16, isInUse: (UInt16) -> Bool) -> UInt16? {
        var number = last
        for _ in 0..<Int(maximum) {
            number = number >= maximum ? 1 : number + 1
            if !isInUse(number) {
                last = number
                return number
            }
        }
        return nil
    }
}
