import Foundation
import Testing
import WarrenCore

/// `EventTime`: RFC 3339 in, EventBridge's `time` out, on the proleptic Gregorian calendar for years 0001-9999.
/// Expected seconds come from Python's `datetime` (proleptic Gregorian too).
@Suite("Event times")
struct EventTimeTests {
    @Test(
        "valid timestamps: their exact second, whatever the year, fraction, offset or letter case",
        arguments: [
            ("0001-01-01T00:00:00Z", -62_135_596_800.0),
            ("0001-01-01", -62_135_596_800),
            ("0001-01-01T01:00:00+01:00", -62_135_596_800),
            ("1582-10-04T23:59:59Z", -12_220_156_801),  // the last Julian day in Foundation's calendar
            ("1582-10-10T00:00:00Z", -12_219_724_800),  // a day that calendar skips
            ("1582-10-15T00:00:00Z", -12_219_292_800),
            ("1600-02-29T00:00:00Z", -11_670_998_400),  // divisible by 400: a leap year
            ("1900-03-01T00:00:00Z", -2_203_891_200),  // 1900 was not
            ("1969-12-31T23:59:59Z", -1),
            ("1970-01-01T00:00:00Z", 0),
            ("2000-02-29T12:00:00Z", 951_825_600),
            ("2024-02-29T00:00:00Z", 1_709_164_800),
            ("2017-12-22T18:43:48Z", 1_513_968_228),
            ("2017-12-22t18:43:48z", 1_513_968_228),
            ("2017-12-22 18:43:48Z", 1_513_968_228),
            ("2017-12-22T18:43:48.5Z", 1_513_968_228.5),
            ("2017-12-22T18:43:48.250000000Z", 1_513_968_228.25),
            ("2024-05-01T12:00:00+02:00", 1_714_557_600),
            ("2024-05-01T12:00:00-05:30", 1_714_584_600),
            ("2024-05-01T12:00:00-00:00", 1_714_564_800),
            ("2022-01-01", 1_640_995_200),
            ("9999-12-31T23:59:59Z", 253_402_300_799),
        ])
    func valid(text: String, seconds: Double) throws {
        #expect(try EventTime.parse(text).timeIntervalSince1970 == seconds)
    }

    @Test("a fraction never carries a time far from 1970 into the next second")
    func fractionStaysInItsSecond() throws {
        let date = try EventTime.parse("0001-01-01T00:00:00.9999999999Z")
        #expect(EventTime.format(date) == "0001-01-01T00:00:00Z")
        #expect(EventTime.format(try EventTime.parse("9999-12-31T23:59:59.999999Z")) == "9999-12-31T23:59:59Z")
    }

    @Test(
        "invalid timestamps are refused, saying what is wrong",
        arguments: [
            ("2024-02-30T00:00:00Z", "day 30 does not exist in February 2024 (it has 29 days)"),
            ("2023-02-29", "day 29 does not exist in February 2023 (it has 28 days)"),
            ("1900-02-29T00:00:00Z", "day 29 does not exist in February 1900 (it has 28 days)"),
            ("2024-04-31T00:00:00Z", "day 31 does not exist in April 2024 (it has 30 days)"),
            ("2024-01-00T00:00:00Z", "day 00 does not exist in January 2024 (it has 31 days)"),
            ("2024-13-01T00:00:00Z", "month 13 does not exist (01-12)"),
            ("2024-00-01", "month 00 does not exist (01-12)"),
            ("2024-05-01T24:00:00Z", "hour 24 is out of range (00-23)"),
            ("2024-05-01T12:60:00Z", "minute 60 is out of range (00-59)"),
            ("2024-05-01T12:00:61Z", "second 61 is out of range (00-59)"),
            ("2016-12-31T23:59:60Z", "second 60 (a leap second) cannot be represented; use 59 or the next minute"),
            ("2024-05-01T12:00:00+24:00", "offset hour 24 is out of range (00-23)"),
            ("2024-05-01T12:00:00+01:60", "offset minute 60 is out of range (00-59)"),
            ("2024-05-01T12:00:00", "the time needs an offset: Z for UTC, or one such as +02:00"),
            ("2024-05-01T12:00:00.Z", "a '.' must be followed by the digits of a fraction"),
            ("0000-12-31T00:00:00Z", "year 0000 is before 0001, the earliest year an event time can have"),
            ("0001-01-01T00:00:00+00:01", "it is before 0001-01-01T00:00:00Z, the earliest time an event can have"),
            ("9999-12-31T23:59:59-00:01", "it is after 9999-12-31T23:59:59Z, the latest time an event can have"),
        ])
    func invalid(text: String, reason: String) {
        let error = #expect(throws: EventTimeError.self) { try EventTime.parse(text) }
        #expect(error?.message == "'\(text)' is not a valid RFC 3339 timestamp: \(reason)")
    }

    @Test(
        "text that is not a timestamp at all gets the expected shape",
        arguments: [
            "yesterday", "", "2024-5-01", "2024-05-01T12:00Z", "24-05-01T12:00:00Z", "2024-05-01T12:00:00ZZ",
            "2024-05-01T12:00:00+0200", "2024-05-01X12:00:00Z", "+2024-05-01T12:00:00Z", "2024-05-01T12:00:00 Z",
            "１９７０-01-01",
        ])
    func notATimestamp(text: String) {
        let error = #expect(throws: EventTimeError.self) { try EventTime.parse(text) }
        #expect(
            error?.message
                == "'\(text)' is not a valid RFC 3339 timestamp: expected a date-time such as 2024-05-01T12:00:00Z (a fraction such as .250 and an offset such as +02:00 are allowed) or a date such as 2024-05-01"
        )
    }

    @Test("format prints four-digit years, and every parsed second formats back to itself")
    func formatRoundTrip() throws {
        #expect(EventTime.format(Date(timeIntervalSince1970: -62_135_596_800)) == "0001-01-01T00:00:00Z")
        #expect(EventTime.format(Date(timeIntervalSince1970: -12_219_724_800)) == "1582-10-10T00:00:00Z")
        #expect(EventTime.format(Date(timeIntervalSince1970: -1.5)) == "1969-12-31T23:59:58Z")
        #expect(EventTime.format(Date(timeIntervalSince1970: 1_513_968_228.9)) == "2017-12-22T18:43:48Z")
        // Every 997th day from 0001 to 9999, at a second that moves through the day.
        var day: Int64 = -719_162
        var checked = 0
        while day <= 2_932_896 {
            let seconds = Double(day * 86_400 + (day & 0xFFFF) % 86_400)
            let text = EventTime.format(Date(timeIntervalSince1970: seconds))
            #expect(try EventTime.parse(text).timeIntervalSince1970 == seconds, "\(text)")
            day += 997
            checked += 1
        }
        #expect(checked > 3_600)
    }

    @Test("seconds since 1970 within 0001-9999 are times; others are refused")
    func secondsSince1970() throws {
        #expect(try EventTime.date(secondsSince1970: 1_704_067_200).timeIntervalSince1970 == 1_704_067_200)
        #expect(try EventTime.date(secondsSince1970: -62_135_596_800) == EventTime.earliest)
        #expect(try EventTime.date(secondsSince1970: 253_402_300_799.5).timeIntervalSince1970 == 253_402_300_799.5)
        let error = #expect(throws: EventTimeError.self) { try EventTime.date(secondsSince1970: 1e20, text: "1e20") }
        #expect(
            error?.message
                == "1e20 seconds since 1970 is outside 0001-01-01T00:00:00Z ... 9999-12-31T23:59:59Z, the times an event can carry"
        )
        #expect(throws: EventTimeError.self) { try EventTime.date(secondsSince1970: -62_135_596_801) }
        #expect(throws: EventTimeError.self) { try EventTime.date(secondsSince1970: .infinity) }
        #expect(throws: EventTimeError.self) { try EventTime.date(secondsSince1970: 253_402_300_800) }
    }
}
