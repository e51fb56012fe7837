import Foundation
import Testing
import WarrenBus
import WarrenTestSupport

extension FaultTests {
    /// Bad PutEvents requests get EventBridge's errors; a bad entry fails alone, and the good entries of the same
    /// request are delivered (and nothing else is).
    @Suite("Bad PutEvents batches")
    struct BadPutEventsBatchTests {
        static let source = "fault.batch"

        @Test("oversized, 11 entries, empty: the whole request fails and nothing is sent; the limit itself passes")
        func requestLevelErrors() async throws {
            let bus = FaultSupport.bus()
            let rules = [try bus.rule("r", #"{"source":["fault.batch"]}"#)]
            try await bus.apply(rules)
            let target = bus.topology(rules).targets[0]
            let publisher = bus.publisher()
            let fixed = Self.source.utf8.count + "test".utf8.count

            let eleven = (0..<11).map { bus.entry(source: Self.source, detail: #"{"n":\#($0)}"#) }
            let tooMany = await #expect(throws: PutEventsRequestError.self) { try await publisher.putEvents(eleven) }
            #expect(tooMany?.code == .validation)
            #expect(tooMany?.message.hasSuffix("failed to satisfy constraint: Member must have length less than or equal to 10") == true)

            let empty = await #expect(throws: PutEventsRequestError.self) { try await publisher.putEvents([]) }
            #expect(empty?.code == .validation)

            // EventBridge: the total must be less than 256 KiB. One byte less passes, the limit fails.
            func entry(size: Int) -> PutEventsRequestEntry {
                let padding = size - fixed - #"{"pad":""}"#.utf8.count
                return bus.entry(source: Self.source, detail: #"{"pad":"\#(String(repeating: "x", count: padding))"}"#)
            }
            let limit = EventBusSettings.defaultRequestSize
            let oversized = await #expect(throws: PutEventsRequestError.self) {
                try await publisher.putEvents([entry(size: limit / 2), entry(size: limit / 2)])
            }
            #expect(oversized?.code == .validation)
            #expect(oversized?.message == "Total size of the entries in the request is over the limit.")
            let largest = try await publisher.putEvents([entry(size: limit / 2), entry(size: limit / 2 - 1)])
            #expect(largest.failedEntryCount == 0)

            // Only the two entries of the largest request reached the queue.
            try await FaultSupport.waitUntil("the largest request's two events", timeout: .seconds(10)) {
                try await FaultSupport.messageCount(target.queue, bus: bus) == 2
            }
            try await Task.sleep(for: .milliseconds(300))
            #expect(try await FaultSupport.messageCount(target.queue, bus: bus) == 2)

            // The command line prints the AWS CLI's error and exits 1.
            let entry = #"{"Source":"fault.batch","DetailType":"test","EventBusName":"\#(bus.name)","Detail":"{}"}"#
            let entries = "[" + Array(repeating: entry, count: 11).joined(separator: ",") + "]"
            let command = try await ExecutableProcess.run(
                "warren", ["put-events", "--entries", entries], environment: FaultSupport.environment)
            #expect(command.status == 1)
            #expect(command.errors.contains("An error occurred (ValidationException) when calling the PutEvents operation: 1 validation error detected"))
            #expect(try await FaultSupport.messageCount(target.queue, bus: bus) == 2)
            await bus.cleanUp(rules)
        }

        @Test("a partly bad batch: each bad entry gets its error, in order, and exactly the good entries are delivered")
        func partlyBadBatch() async throws {
            let bus = FaultSupport.bus()
            let rules = [try bus.rule("r", #"{"source":["fault.batch"]}"#)]
            try await bus.apply(rules)
            let topology = bus.topology(rules)
            let received = Received()
            let consumer = bus.consumer(topology.targets[0], of: topology) { received.append($0) }
            let batch: [(entry: PutEventsRequestEntry, error: (code: String, message: String)?)] = [
                (bus.entry(source: Self.source, detail: #"{"n":0}"#), nil),
                (bus.entry(source: Self.source, detail: "not json"), ("MalformedDetail", "Detail is malformed.")),
                (bus.entry(source: Self.source, detail: #"{"n":2}"#), nil),
                (bus.entry(source: Self.source, detail: "[1,2]"), ("MalformedDetail", "Detail is malformed.")),
                (PutEventsRequestEntry(detailType: "test", detail: "{}", eventBusName: bus.name),
                 ("InvalidArgument", "Parameter Source is not valid. Reason: Source is a required argument.")),
                (PutEventsRequestEntry(source: Self.source, detail: "{}", eventBusName: bus.name),
                 ("InvalidArgument", "Parameter DetailType is not valid. Reason: DetailType is a required argument.")),
                (PutEventsRequestEntry(source: Self.source, detailType: "test", eventBusName: bus.name),
                 ("InvalidArgument", "Parameter Detail is not valid. Reason: Detail is a required argument.")),
                (bus.entry(source: Self.source, detail: #"{"n":7}"#), nil),
                (bus.entry(source: "aws.ec2", detail: "{}"), ("NotAuthorizedForSourceException", "Not authorized for the source.")),
                (bus.entry(source: Self.source, detail: #"{"n":9}"#), nil),
            ]
            let result = try await bus.publisher().putEvents(batch.map(\.entry))
            #expect(result.failedEntryCount == batch.filter { $0.error != nil }.count)
            for (index, (expected, actual)) in zip(batch, result.entries).enumerated() {
                if let error = expected.error {
                    #expect(actual.eventID == nil && actual.errorCode == error.code, "entry \(index): \(actual)")
                    #expect(actual.errorMessage == error.message, "entry \(index)")
                } else {
                    #expect(actual.eventID != nil && actual.errorCode == nil, "entry \(index): \(actual)")
                }
            }
            let goodIDs = Set(result.entries.compactMap(\.eventID))

            // The same batch through the command line: the AWS CLI's output, exit status 0.
            let encoder = JSONEncoder()
            let entries = String(decoding: try encoder.encode(batch.map(\.entry)), as: UTF8.self)
            let command = try await ExecutableProcess.run(
                "warren", ["put-events", "--entries", entries], environment: FaultSupport.environment)
            #expect(command.status == 0, "\(command.errors)")
            let printed = try JSONDecoder().decode(PutEventsResult.self, from: Data(command.output.utf8))
            #expect(printed.failedEntryCount == 6)
            #expect(printed.entries.map(\.errorCode) == result.entries.map(\.errorCode))
            let commandIDs = Set(printed.entries.compactMap(\.eventID))

            try await withConsumer(consumer) {
                try await received.wait { $0.count == goodIDs.count + commandIDs.count }
                try await Task.sleep(for: .milliseconds(500))  // nothing else may come
            }
            #expect(Set(received.events.map(\.envelope.id)) == goodIDs.union(commandIDs))
            #expect(received.count == 8)
            print("fault 5, bad batches: \(result.failedEntryCount) of \(batch.count) entries failed, \(received.count) delivered (library and command line)")
            await bus.cleanUp(rules)
        }
    }
}
