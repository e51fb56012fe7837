import PropertyBased
import Testing
@testable import WarrenCommands

/// Reading an entries file does work in proportion to its size, whatever its shape: many entries, wide entries,
/// deep or long details. Work is counted (members and resources read, bytes of Detail written), never timed; the
/// JSON parsing itself belongs to EventPatterns and is not counted here.
@Suite("Entries file work")
struct EntriesFileWorkTests {
    enum Shape: CaseIterable, Sendable {
        case manyEntries, wideEntry, deepDetail, longValues
    }

    /// An entries file of `shape` whose size grows with `size`, and the number of entries it holds.
    static func entries(_ shape: Shape, size: Int) -> (text: String, count: Int) {
        switch shape {
        case .manyEntries:
            let entry = #"{"Source": "shop", "DetailType": "Order", "Detail": {"id": 1}, "Resources": ["r"]}"#
            return ("[" + Array(repeating: entry, count: size).joined(separator: ",") + "]", size)
        case .wideEntry:
            let extra = (0..<size).map { #""X\#($0)": \#($0)"# }.joined(separator: ", ")
            let resources = (0..<size).map { #""arn:r:\#($0)""# }.joined(separator: ",")
            return (#"{"Entries": [{\#(extra), "Source": "s", "Resources": [\#(resources)], "Detail": "{}"}]}"#, 1)
        case .deepDetail:
            let depth = min(size, 400)
            let detail = String(repeating: #"{"a": "#, count: depth) + "1" + String(repeating: "}", count: depth)
            return (#"[{"Source": "s", "Detail": \#(detail)}]"#, 1)
        case .longValues:
            let long = String(repeating: "x", count: size * 100)
            return (#"[{"Source": "\#(long)", "DetailType": "\#(long)", "Detail": {"text": "\#(long)"}}]"#, 1)
        }
    }

    @Test func workStaysLinearInTheSizeOfTheFile() async throws {
        await propertyCheck(count: 60, input: Gen<Shape>.case, Gen.int(in: 1...3_000)) { shape, size in
            let (text, count) = Self.entries(shape, size: size)
            var work = 0
            let parsed = try EntriesFile.parse(text, work: &work)
            #expect(parsed.count == count)
            #expect(work >= count, "the counter must count the entries")
            #expect(work <= 2 * text.utf8.count + 8, "\(shape) of size \(size): \(work) steps for \(text.utf8.count) bytes")
        }
    }

    @Test func aWideEntryIsReadInOnePass() throws {
        var work = 0
        let (text, _) = Self.entries(.wideEntry, size: 2_000)
        let entries = try EntriesFile.parse(text, work: &work)
        #expect(entries[0].source == "s" && entries[0].detail == "{}" && entries[0].resources?.count == 2_000)
        // One entry of 2,003 members and 2,000 resources, each read once, and two bytes of Detail.
        #expect(work == 1 + 2_003 + 2_000 + 2)
    }
}
