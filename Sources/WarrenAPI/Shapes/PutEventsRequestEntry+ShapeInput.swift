import WarrenCore

extension PutEventsRequestEntry {
    /// An entry of a PutEvents request body.
    init(shapeInput entry: ShapeInput) {
        self.init(
            source: entry.string("Source"), detailType: entry.string("DetailType"), detail: entry.string("Detail"),
            resources: entry.strings("Resources"), time: entry.date("Time"), eventBusName: entry.string("EventBusName"),
            traceHeader: entry.string("TraceHeader"))
    }
}
