/// RabbitMQ's topic matching, to check bindings without a broker: words split on `.`, `*` matches one word,
/// `#` zero or more.
enum TopicMatcher {
    static func matches(bindingKey: String, routingKey: String) -> Bool {
        matches(
            binding: bindingKey.split(separator: ".", omittingEmptySubsequences: false)[...],
            routing: routingKey.split(separator: ".", omittingEmptySubsequences: false)[...])
    }

    private static func matches(binding: ArraySlice<Substring>, routing: ArraySlice<Substring>) -> Bool {
        guard let word = binding.first else { return routing.isEmpty }
        if word == "#" {
            let rest = binding.dropFirst()
            for skip in 0...routing.count where matches(binding: rest, routing: routing.dropFirst(skip)) { return true }
            return false
        }
        guard let next = routing.first else { return false }
        guard word == "*" || word == next else { return false }
        return matches(binding: binding.dropFirst(), routing: routing.dropFirst())
    }

    static func routes(_ keys: [String], _ routingKey: String) -> Bool {
        keys.contains { matches(bindingKey: $0, routingKey: routingKey) }
    }
}
