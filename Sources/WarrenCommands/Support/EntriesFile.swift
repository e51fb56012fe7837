public import WarrenBus
import Foundation

/// PutEvents entries from JSON, as the AWS CLI takes them: a list of entries or `{"Entries": [...]}`, each with
/// `Source`, `DetailType`, `Detail`, `Resources`, `Time`, `EventBusName`, `TraceHeader`. For convenience `Detail`
/// may also be a JSON object (its text is used, numbers exactly as written). `PutEventsEntriesDecoder` reads them:
/// every problem is reported with its path (`Entries[2].Resources[1]`), nothing is changed or dropped.
public enum EntriesFile {
    /// Reads entries from `argument`: inline JSON, `@path` or `file://path`.
    public static func load(_ argument: String) throws -> [PutEventsRequestEntry] {
        if argument.hasPrefix("@") || argument.hasPrefix("file://") {
            let path = argument.hasPrefix("@") ? String(argument.dropFirst()) : String(argument.dropFirst(7))
            guard let data = FileManager.default.contents(atPath: path) else {
                throw EntriesFileError("cannot read entries file '\(path)'")
            }
            // The bytes as they are: decoding them to a String first would hide invalid UTF-8.
            return try decode(Array(data))
        }
        return try parse(argument)
    }

    public static func parse(_ text: String) throws -> [PutEventsRequestEntry] {
        try decode(Array(text.utf8))
    }

    private static func decode(_ bytes: [UInt8]) throws -> [PutEventsRequestEntry] {
        do {
            return try PutEventsEntriesDecoder(detailForm: .textOrObject).decode(json: bytes)
        } catch {
            throw EntriesFileError(error.description)
        }
    }
}

public struct EntriesFileError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
