public import AMQPClient

extension PreparedEvent {
    /// The properties PutEvents publishes the event with: persistent JSON, the event's id as message id, and
    /// Warren's headers (`warren-bus`, `warren-ingested-at`, the trace header), which consumers check to tell
    /// PutEvents' messages from raw publishes.
    public var messageProperties: AMQPProperties {
        var headers: AMQPTable = [
            RetryHeaders.ingestedAt: .int64(Int64(ingestedAt.timeIntervalSince1970 * 1000)),
            RetryHeaders.bus: .string(bus),
        ]
        if let traceHeader { headers[RetryHeaders.traceHeader] = .string(traceHeader) }
        return AMQPProperties(
            contentType: "application/json", headers: headers, deliveryMode: .persistent, messageID: envelope.id,
            timestamp: ingestedAt, type: envelope.detailType, appID: "warren")
    }
}
