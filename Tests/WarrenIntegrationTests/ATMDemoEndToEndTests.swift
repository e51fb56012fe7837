import EventPatterns
import Foundation
import Testing
import WarrenTestSupport

/// The ATM demo with the real executables and the real broker, each run on its own bus.
@Suite("ATM demo, end to end")
struct ATMDemoEndToEndTests {
    struct Printed {
        var transactionIDs: [String]
        var events: [JSONValue]
    }

    /// The events a demo consumer printed: a header line, then the event as pretty JSON.
    static func printed(_ output: String, header: String) throws -> Printed {
        var blocks: [String] = []
        for line in output.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == header {
                blocks.append("")
            } else if !blocks.isEmpty {
                blocks[blocks.count - 1] += line + "\n"
            }
        }
        let events = try blocks.map { try JSONValue(parsing: $0) }
        let ids = events.compactMap { event -> String? in
            guard case .object(let envelope) = event, case .object(let detail)? = envelope["detail"],
                case .string(let id)? = detail["transactionId"]
            else { return nil }
            return id
        }
        return Printed(transactionIDs: ids.sorted(), events: events)
    }

    static let demo: JSONValue = {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("EventPatternsTests/Fixtures/atm-demo.json")
        return try! JSONValue(parsing: String(contentsOf: path, encoding: .utf8))
    }()

    static func expected(_ consumer: String) -> [String] {
        guard case .object(let demo) = demo, case .object(let deliveries)? = demo["expectedDeliveries"],
            case .array(let ids)? = deliveries[consumer]
        else { return [] }
        return ids.compactMap { if case .string(let id) = $0 { id } else { nil } }.sorted()
    }

    /// The demo's edge cases as PutEvents entries, with the consumers each must reach.
    static func edgeCases(bus: String) -> [(entry: String, deliveredTo: [String], transactionID: String)] {
        guard case .object(let demo) = demo, case .array(let edges)? = demo["edge"] else { return [] }
        return edges.compactMap { edge in
            guard case .object(let fields) = edge, let detail = fields["detail"] ?? fields["Detail"],
                case .object(let detailFields) = detail, case .string(let id)? = detailFields["transactionId"],
                case .array(let targets)? = fields["deliveredTo"]
            else { return nil }
            var source = "custom.myATMapp"
            if case .string(let other)? = fields["Source"] { source = other }
            let entry =
                #"{"Source":\#(JSONValue.string(source).serialized()),"DetailType":"transaction","EventBusName":"\#(bus)","Detail":\#(JSONValue.string(detail.serialized()).serialized())}"#
            return (entry, targets.compactMap { if case .string(let name) = $0 { name } else { nil } }, id)
        }
    }

    @Test("producer, then the three consumers: each receives exactly its transactions, with a correct envelope")
    func demoEndToEnd() async throws {
        let bus = "e2e-\(UUID().uuidString.prefix(8).lowercased())"
        // The producer runs first: the rules it applies keep the events for consumers that start later.
        let producer = try await ExecutableProcess.run("producer", ["--bus", bus])
        #expect(producer.status == 0, "producer failed: \(producer.errors)")
        let eventIDs = producer.output.split(separator: "\n").filter { $0.contains("EventId") }.map {
            String($0.split(separator: " ").last!)
        }
        #expect(eventIDs.count == 3)
        #expect(producer.output.contains("FailedEntryCount: 0"))

        // The edge cases, sent with `warren put-events`.
        let edges = Self.edgeCases(bus: bus)
        #expect(edges.count == 4)
        let entries = "[" + edges.map(\.entry).joined(separator: ",") + "]"
        let put = try await ExecutableProcess.run("warren", ["put-events", "--entries", entries])
        #expect(put.status == 0, "warren put-events failed: \(put.errors)")
        #expect(put.output.contains("\"FailedEntryCount\" : 0"), "\(put.output)")

        let consumers = try [("case1", "--- Approved transactions ---"), ("case2", "--- NY location transactions ---"),
            ("case3", "--- Unapproved transactions ---")].map { name, header in
            (name, header, try ExecutableProcess("\(name)-consumer", ["--bus", bus, "--idle-timeout", "4"]))
        }
        for (name, header, process) in consumers {
            let status = try await process.wait()
            #expect(status == 0, "\(name)-consumer failed: \(process.standardError)")
            let printed = try Self.printed(process.standardOutput, header: header)
            let edgeIDs = edges.filter { $0.deliveredTo.contains(name) }.map(\.transactionID)
            #expect(
                printed.transactionIDs == (Self.expected(name) + edgeIDs).sorted(),
                "\(name) received \(printed.transactionIDs)")
            for event in printed.events {
                guard case .object(let envelope) = event else {
                    Issue.record("not an object")
                    continue
                }
                #expect(envelope.map(\.key) == [
                    "version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail",
                ])
                #expect(envelope["version"] == .string("0"))
                #expect(envelope["detail-type"] == .string("transaction"))
                #expect(envelope["account"] == .string("000000000000"))
                #expect(envelope["region"] == .string("us-east-1"))
                #expect(envelope["resources"] == .array([]))
                guard case .string(let time)? = envelope["time"], case .string(let id)? = envelope["id"],
                    case .object(let detail)? = envelope["detail"]
                else {
                    Issue.record("envelope fields missing")
                    continue
                }
                #expect(time.count == 20 && time.hasSuffix("Z"))
                #expect(UUID(uuidString: id) != nil)
                if case .string(let transaction)? = detail["transactionId"], transaction.hasPrefix("12345") {
                    #expect(eventIDs.contains(id))
                }
                if case .string("123456")? = detail["transactionId"] {
                    #expect(detail["remainingFunds"]?.serialized() == "722.34")
                    #expect(detail["amount"]?.serialized() == "300")
                }
            }
        }
    }
}
