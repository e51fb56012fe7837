/// Checks of the arguments librabbitmq cannot encode, made before anything is posted: an AMQP short string over
/// 255 bytes makes its encoder fail (or, for a table key, write a corrupt frame), which closes the whole connection.
extension AMQPChannel {
    /// AMQP short strings (names, keys, tags, table keys, most properties) hold at most 255 bytes.
    static func validate(shortString value: String, _ what: String, operation: String) throws(AMQPError) {
        let length = value.utf8.count
        if length > 255 {
            throw AMQPError.invalidArgument(operation, "the \(what) is \(length) bytes long; AMQP allows at most 255")
        }
    }

    /// The keys of a field table, and of the tables nested in it.
    static func validate(tableKeys table: AMQPTable, _ what: String, operation: String) throws(AMQPError) {
        for (key, value) in table {
            try validate(shortString: key, what, operation: operation)
            try validate(tableKeysIn: value, what, operation: operation)
        }
    }

    private static func validate(tableKeysIn value: AMQPFieldValue, _ what: String, operation: String)
        throws(AMQPError)
    {
        switch value {
        case .table(let table): try validate(tableKeys: table, what, operation: operation)
        case .array(let values): for value in values { try validate(tableKeysIn: value, what, operation: operation) }
        default: break
        }
    }

    /// The short-string properties of a message and its header names.
    static func validate(properties: AMQPProperties, operation: String) throws(AMQPError) {
        // One call per field, no array: this runs for every publish.
        func check(_ value: String?, _ what: String) throws(AMQPError) {
            if let value { try validate(shortString: value, what, operation: operation) }
        }
        try check(properties.contentType, "content type")
        try check(properties.contentEncoding, "content encoding")
        try check(properties.correlationID, "correlation id")
        try check(properties.replyTo, "reply-to")
        try check(properties.expiration, "expiration")
        try check(properties.messageID, "message id")
        try check(properties.type, "type")
        try check(properties.userID, "user id")
        try check(properties.appID, "app id")
        try check(properties.clusterID, "cluster id")
        if let headers = properties.headers { try validate(tableKeys: headers, "header name", operation: operation) }
    }
}
