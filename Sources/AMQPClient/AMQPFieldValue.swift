public import struct Foundation.Date

/// A field table: the type of message headers and of declare/bind/consume arguments.
public typealias AMQPTable = [String: AMQPFieldValue]

/// One value in an AMQP 0-9-1 field table or field array, with the wire type RabbitMQ understands.
///
/// The integer cases keep their width and signedness, so a header read back has the type it was sent with.
public enum AMQPFieldValue: Sendable, Hashable {
    case boolean(Bool)
    case int8(Int8)
    case uint8(UInt8)
    case int16(Int16)
    case uint16(UInt16)
    case int32(Int32)
    case uint32(UInt32)
    case int64(Int64)
    case float(Float)
    case double(Double)
    /// A decimal: `value / 10^scale`.
    case decimal(scale: UInt8, value: UInt32)
    /// A long string (UTF-8 text).
    case string(String)
    /// A byte array (RabbitMQ's `x` type).
    case bytes([UInt8])
    /// A timestamp with one-second resolution, as AMQP carries it.
    case timestamp(Date)
    case table(AMQPTable)
    case array([AMQPFieldValue])
    /// An empty value.
    case void
}

extension AMQPFieldValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByFloatLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    /// Integer literals become signed 64-bit values, the type RabbitMQ uses for numeric arguments.
    public init(integerLiteral value: Int64) { self = .int64(value) }
    public init(booleanLiteral value: Bool) { self = .boolean(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
}

extension AMQPFieldValue {
    /// The value as a string, if it is a string or UTF-8 bytes.
    public var stringValue: String? {
        switch self {
        case .string(let value): value
        case .bytes(let bytes): String(validating: bytes, as: UTF8.self)
        default: nil
        }
    }

    /// The value as an `Int64`, if it is an integer of any width.
    public var int64Value: Int64? {
        switch self {
        case .int8(let v): Int64(v)
        case .uint8(let v): Int64(v)
        case .int16(let v): Int64(v)
        case .uint16(let v): Int64(v)
        case .int32(let v): Int64(v)
        case .uint32(let v): Int64(v)
        case .int64(let v): v
        default: nil
        }
    }
}
