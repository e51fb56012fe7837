import Foundation

/// `NextToken`: opaque to the caller, it names the item after which the next page starts, so pages stay correct
/// while items are added or removed between calls.
enum PageToken {
    /// The page size when the call gives no `Limit`.
    static let defaultLimit = 100

    private static let prefix = "warren-page:v1:"

    /// One page of `items` (sorted by `key`, ascending) and the token of the next page, if there is one.
    static func page<Item>(
        _ items: [Item], key: (Item) -> String, after token: String?, limit: Int?, operation: EventBridgeOperation
    ) throws(EventBridgeError) -> (items: [Item], nextToken: String?) {
        var remaining = items[...]
        if let token {
            let after = try decode(token, operation: operation)
            remaining = remaining.drop { key($0) <= after }
        }
        let size = max(1, limit ?? defaultLimit)
        let page = Array(remaining.prefix(size))
        let next = remaining.count > size ? page.last.map { encode(key($0), operation: operation) } : nil
        return (page, next)
    }

    static func encode(_ key: String, operation: EventBridgeOperation) -> String {
        Data("\(prefix)\(operation.rawValue):\(key)".utf8).base64EncodedString()
    }

    static func decode(_ token: String, operation: EventBridgeOperation) throws(EventBridgeError) -> String {
        let expected = "\(prefix)\(operation.rawValue):"
        guard let data = Data(base64Encoded: token), let text = String(data: data, encoding: .utf8),
            text.hasPrefix(expected)
        else {
            throw .validation("The NextToken is not valid: it does not come from a previous \(operation.rawValue) call.")
        }
        return String(text.dropFirst(expected.count))
    }
}
