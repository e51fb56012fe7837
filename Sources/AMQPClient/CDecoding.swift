import CRabbitMQ
import Foundation

/// Copies of librabbitmq's decoded structures into Swift values. The C memory belongs to the connection's pools
/// and is released on the next `amqp_maybe_release_buffers`, so everything is copied before that.
enum CDecoding {
    static func string(_ bytes: amqp_bytes_t) -> String {
        guard let base = bytes.bytes, bytes.len > 0 else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: base, count: bytes.len), as: UTF8.self)
    }

    static func byteArray(_ bytes: amqp_bytes_t) -> [UInt8] {
        guard let base = bytes.bytes, bytes.len > 0 else { return [] }
        return Array(UnsafeRawBufferPointer(start: base, count: bytes.len))
    }

    static func table(_ table: amqp_table_t) -> AMQPTable {
        var result: AMQPTable = [:]
        guard table.num_entries > 0, let entries = table.entries else { return result }
        result.reserveCapacity(Int(table.num_entries))
        for index in 0..<Int(table.num_entries) {
            let entry = entries[index]
            result[string(entry.key)] = field(entry.value)
        }
        return result
    }

    static func field(_ field: amqp_field_value_t) -> AMQPFieldValue {
        switch UInt32(field.kind) {
        case AMQP_FIELD_KIND_BOOLEAN.rawValue: .boolean(field.value.boolean != 0)
        case AMQP_FIELD_KIND_I8.rawValue: .int8(field.value.i8)
        case AMQP_FIELD_KIND_U8.rawValue: .uint8(field.value.u8)
        case AMQP_FIELD_KIND_I16.rawValue: .int16(field.value.i16)
        case AMQP_FIELD_KIND_U16.rawValue: .uint16(field.value.u16)
        case AMQP_FIELD_KIND_I32.rawValue: .int32(field.value.i32)
        case AMQP_FIELD_KIND_U32.rawValue: .uint32(field.value.u32)
        case AMQP_FIELD_KIND_I64.rawValue: .int64(field.value.i64)
        // RabbitMQ never sends unsigned 64-bit values; map them to the nearest type rather than failing.
        case AMQP_FIELD_KIND_U64.rawValue: .int64(Int64(truncatingIfNeeded: field.value.u64))
        case AMQP_FIELD_KIND_F32.rawValue: .float(field.value.f32)
        case AMQP_FIELD_KIND_F64.rawValue: .double(field.value.f64)
        case AMQP_FIELD_KIND_DECIMAL.rawValue:
            .decimal(scale: field.value.decimal.decimals, value: field.value.decimal.value)
        case AMQP_FIELD_KIND_UTF8.rawValue: .string(string(field.value.bytes))
        case AMQP_FIELD_KIND_BYTES.rawValue: .bytes(byteArray(field.value.bytes))
        case AMQP_FIELD_KIND_TIMESTAMP.rawValue:
            .timestamp(Date(timeIntervalSince1970: TimeInterval(field.value.u64)))
        case AMQP_FIELD_KIND_TABLE.rawValue: .table(table(field.value.table))
        case AMQP_FIELD_KIND_ARRAY.rawValue:
            .array(
                field.value.array.num_entries > 0 && field.value.array.entries != nil
                    ? (0..<Int(field.value.array.num_entries)).map { Self.field(field.value.array.entries[$0]) }
                    : [])
        default: .void
        }
    }

    static func properties(_ p: amqp_basic_properties_t) -> AMQPProperties {
        let flags = Int32(bitPattern: p._flags)
        func has(_ flag: Int32) -> Bool { flags & flag != 0 }
        var result = AMQPProperties()
        if has(AMQP_BASIC_CONTENT_TYPE_FLAG) { result.contentType = string(p.content_type) }
        if has(AMQP_BASIC_CONTENT_ENCODING_FLAG) { result.contentEncoding = string(p.content_encoding) }
        if has(AMQP_BASIC_HEADERS_FLAG) { result.headers = table(p.headers) }
        if has(AMQP_BASIC_DELIVERY_MODE_FLAG) { result.deliveryMode = AMQPDeliveryMode(rawValue: p.delivery_mode) }
        if has(AMQP_BASIC_PRIORITY_FLAG) { result.priority = p.priority }
        if has(AMQP_BASIC_CORRELATION_ID_FLAG) { result.correlationID = string(p.correlation_id) }
        if has(AMQP_BASIC_REPLY_TO_FLAG) { result.replyTo = string(p.reply_to) }
        if has(AMQP_BASIC_EXPIRATION_FLAG) { result.expiration = string(p.expiration) }
        if has(AMQP_BASIC_MESSAGE_ID_FLAG) { result.messageID = string(p.message_id) }
        if has(AMQP_BASIC_TIMESTAMP_FLAG) { result.timestamp = Date(timeIntervalSince1970: TimeInterval(p.timestamp)) }
        if has(AMQP_BASIC_TYPE_FLAG) { result.type = string(p.type) }
        if has(AMQP_BASIC_USER_ID_FLAG) { result.userID = string(p.user_id) }
        if has(AMQP_BASIC_APP_ID_FLAG) { result.appID = string(p.app_id) }
        if has(AMQP_BASIC_CLUSTER_ID_FLAG) { result.clusterID = string(p.cluster_id) }
        return result
    }
}

/// The last few strings decoded from librabbitmq bytes, reused while the bytes are the same: deliveries of one
/// consumer repeat their consumer tag, exchange and routing key. Used on a connection's thread only.
struct RecentStrings {
    private var entries: [(bytes: [UInt8], string: String)] = []
    private var next = 0
    private static let capacity = 8

    mutating func string(_ bytes: amqp_bytes_t) -> String {
        guard let base = bytes.bytes, bytes.len > 0 else { return "" }
        let raw = UnsafeRawBufferPointer(start: base, count: bytes.len)
        for entry in entries where entry.bytes.count == raw.count {
            if entry.bytes.withUnsafeBytes({ memcmp($0.baseAddress!, base, raw.count) == 0 }) { return entry.string }
        }
        let string = String(decoding: raw, as: UTF8.self)
        if entries.count < Self.capacity {
            entries.append((Array(raw), string))
        } else {
            entries[next] = (Array(raw), string)
            next = (next + 1) % Self.capacity
        }
        return string
    }
}
