public import struct Foundation.Date

/// Event times: the `time` format of events, and the RFC 3339 timestamps PutEvents takes.
///
/// Both use the proleptic Gregorian calendar for every year from 0001 to 9999. Foundation's ISO 8601 formatter
/// switches to the Julian calendar before 1582-10-15, so it would move such dates (`0001-01-01` became `0-12-30`);
/// no Calendar, formatter or locale is involved here.
public enum EventTime {
    /// `0001-01-01T00:00:00Z`, the earliest time an event can carry (RFC 3339 has four-digit years).
    public static let earliest = Date(timeIntervalSince1970: Double(earliestSecond))
    /// `9999-12-31T23:59:59Z`, the latest time an event can carry.
    public static let latest = Date(timeIntervalSince1970: Double(latestSecond))

    static let earliestSecond: Int64 = -62_135_596_800
    static let latestSecond: Int64 = 253_402_300_799

    /// Whether `date` is between `earliest` and `latest` (fractions of the last second included).
    public static func isRepresentable(_ date: Date) -> Bool {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        return seconds >= Double(earliestSecond) && seconds <= Double(latestSecond)
    }

    /// The `time` of an event: ISO 8601, UTC, whole seconds, a four-digit year (`0001-01-01T00:00:00Z`).
    /// A date outside `earliest...latest` is printed with its year as it is.
    public static func format(_ date: Date) -> String {
        let interval = date.timeIntervalSince1970.rounded(.down)
        // Beyond this (about ±31 million years) Int64 arithmetic could overflow: print the number instead.
        guard interval.isFinite, abs(interval) < 1e15 else { return "\(date.timeIntervalSince1970)" }
        let seconds = Int64(interval)
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let yearText = year < 0 ? "-" + padded(-year) : padded(year)
        return
            "\(yearText)-\(two(month))-\(two(day))T\(two(secondOfDay / 3600)):\(two(secondOfDay % 3600 / 60)):\(two(secondOfDay % 60))Z"
    }

    /// Parses an RFC 3339 date-time (`2024-05-01T12:00:00Z`, `2024-05-01t12:00:00.25+02:00`) or a full date
    /// (`2024-05-01`, midnight UTC), as the AWS CLI takes `Time`. The separator may be `T`, `t` or a space (RFC 3339
    /// §5.6); the offset `Z`, `z` or `±hh:mm`. Leap seconds (`:60`) cannot be represented and are refused.
    /// - Throws: `EventTimeError` saying what is wrong: the shape, a month, day, hour, minute, second or offset out
    ///   of range, or a time outside `earliest...latest`.
    public static func parse(_ text: String) throws(EventTimeError) -> Date {
        var reader = TimestampReader(text: text)
        return try reader.read()
    }

    /// Seconds since 1970 (how the EventBridge API and the AWS CLI's numbers carry `Time`).
    /// - Throws: `EventTimeError` for a number outside `earliest...latest`.
    public static func date(secondsSince1970 seconds: Double, text: String? = nil) throws(EventTimeError) -> Date {
        let shown = text ?? "\(seconds)"
        let date = Date(timeIntervalSince1970: seconds)
        guard seconds.isFinite, isRepresentable(date) else {
            throw EventTimeError(
                "\(shown) seconds since 1970 is outside \(format(earliest)) ... \(format(latest)), the times an event can carry")
        }
        return date
    }

    private static func padded(_ value: Int64) -> String {
        let digits = "\(value)"
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func civilDate(daysSinceEpoch: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// A proleptic Gregorian date to days since 1970-01-01 (the inverse of `civilDate`).
    static func daysSinceEpoch(year: Int64, month: Int64, day: Int64) -> Int64 {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func daysInMonth(_ month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ]
}

/// Why a text or number is not an event time; the message names the value and what is wrong with it.
public struct EventTimeError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// Reads `full-date [("T" / "t" / " ") partial-time time-offset]` (RFC 3339 §5.6), field by field, so that each
/// problem is reported with the field it concerns.
private struct TimestampReader {
    let text: String
    let bytes: [UInt8]
    var position = 0

    init(text: String) {
        self.text = text
        self.bytes = Array(text.utf8)
    }

    static let shape =
        "expected a date-time such as 2024-05-01T12:00:00Z (a fraction such as .250 and an offset such as +02:00 are allowed) or a date such as 2024-05-01"

    func failure(_ reason: String) -> EventTimeError {
        EventTimeError("'\(text)' is not a valid RFC 3339 timestamp: \(reason)")
    }

    mutating func read() throws(EventTimeError) -> Date {
        let year = try number(digits: 4)
        try expect(UInt8(ascii: "-"))
        let month = try number(digits: 2)
        try expect(UInt8(ascii: "-"))
        let day = try number(digits: 2)
        guard (1...12).contains(month) else { throw failure("month \(twoDigits(month)) does not exist (01-12)") }
        if year == 0 { throw failure("year 0000 is before 0001, the earliest year an event time can have") }
        let monthDays = EventTime.daysInMonth(month, year: year)
        guard (1...monthDays).contains(day) else {
            let name = EventTime.monthNames[Int(month) - 1]
            throw failure("day \(twoDigits(day)) does not exist in \(name) \(year) (it has \(monthDays) days)")
        }
        var seconds = EventTime.daysSinceEpoch(year: year, month: month, day: day) * 86_400
        var fraction = 0.0
        if position < bytes.count {
            guard [UInt8(ascii: "T"), UInt8(ascii: "t"), UInt8(ascii: " ")].contains(bytes[position]) else {
                throw failure(Self.shape)
            }
            position += 1
            let hour = try number(digits: 2)
            try expect(UInt8(ascii: ":"))
            let minute = try number(digits: 2)
            try expect(UInt8(ascii: ":"))
            let second = try number(digits: 2)
            guard hour <= 23 else { throw failure("hour \(twoDigits(hour)) is out of range (00-23)") }
            guard minute <= 59 else { throw failure("minute \(twoDigits(minute)) is out of range (00-59)") }
            if second == 60 {
                throw failure("second 60 (a leap second) cannot be represented; use 59 or the next minute")
            }
            guard second <= 59 else { throw failure("second \(twoDigits(second)) is out of range (00-59)") }
            seconds += hour * 3600 + minute * 60 + second
            if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
                position += 1
                let start = position
                while position < bytes.count, isDigit(bytes[position]) { position += 1 }
                guard position > start else { throw failure("a '.' must be followed by the digits of a fraction") }
                fraction = Double("0." + String(decoding: bytes[start..<position], as: UTF8.self)) ?? 0
            }
            seconds -= try offsetSeconds()
        }
        guard position == bytes.count else { throw failure(Self.shape) }
        guard seconds >= EventTime.earliestSecond else {
            throw failure("it is before \(EventTime.format(EventTime.earliest)), the earliest time an event can have")
        }
        guard seconds <= EventTime.latestSecond else {
            throw failure("it is after \(EventTime.format(EventTime.latest)), the latest time an event can have")
        }
        // A fraction never carries the time into the next second (a Double far from 1970 could round up).
        let whole = Double(seconds)
        return Date(timeIntervalSince1970: min(whole + fraction, (whole + 1).nextDown))
    }

    /// `Z`, `z` or `±hh:mm`, as seconds east of UTC.
    mutating func offsetSeconds() throws(EventTimeError) -> Int64 {
        guard position < bytes.count else {
            throw failure("the time needs an offset: Z for UTC, or one such as +02:00")
        }
        let sign = bytes[position]
        position += 1
        switch sign {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            return 0
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let hours = try number(digits: 2)
            try expect(UInt8(ascii: ":"))
            let minutes = try number(digits: 2)
            guard hours <= 23 else { throw failure("offset hour \(twoDigits(hours)) is out of range (00-23)") }
            guard minutes <= 59 else { throw failure("offset minute \(twoDigits(minutes)) is out of range (00-59)") }
            let offset = hours * 3600 + minutes * 60
            return sign == UInt8(ascii: "+") ? offset : -offset
        default:
            throw failure(Self.shape)
        }
    }

    mutating func number(digits: Int) throws(EventTimeError) -> Int64 {
        guard position + digits <= bytes.count else { throw failure(Self.shape) }
        var value: Int64 = 0
        for byte in bytes[position..<(position + digits)] {
            guard isDigit(byte) else { throw failure(Self.shape) }
            value = value * 10 + Int64(byte - UInt8(ascii: "0"))
        }
        position += digits
        return value
    }

    mutating func expect(_ byte: UInt8) throws(EventTimeError) {
        guard position < bytes.count, bytes[position] == byte else { throw failure(Self.shape) }
        position += 1
    }

    func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

    func twoDigits(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
