import CRabbitMQ
import struct Foundation.Date
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Memory for the C structures of one librabbitmq call (strings, tables, properties), freed all at once.
///
/// librabbitmq reads these only during the call, so the arena lives exactly as long as `withCArena`'s body.
/// Used on a connection's thread only.
final class CArena {
    private var allocations: [UnsafeMutableRawPointer] = []

    deinit {
        for allocation in allocations { free(allocation) }
    }

    private func allocate(byteCount: Int) -> UnsafeMutableRawPointer {
        // malloc(0) may return nil; ask for one byte so every pointer is valid.
        guard let pointer = malloc(max(byteCount, 1)) else { fatalError("out of memory") }
        allocations.append(pointer)
        return pointer
    }

    /// UTF-8 bytes of `text`, without a terminating zero (amqp_bytes_t carries its length).
    func bytes(_ text: String) -> amqp_bytes_t {
        var copy = text
        return copy.withUTF8 { bytes(UnsafeRawBufferPointer($0)) }
    }

    func bytes(_ source: UnsafeRawBufferPointer) -> amqp_bytes_t {
        if source.isEmpty { return amqp_empty_bytes }
        let pointer = allocate(byteCount: source.count)
        pointer.copyMemory(from: source.baseAddress!, byteCount: source.count)
        return amqp_bytes_t(len: source.count, bytes: pointer)
    }

    func bytes(_ array: [UInt8]) -> amqp_bytes_t {
        array.withUnsafeBytes { bytes($0) }
    }

    func table(_ table: AMQPTable) -> amqp_table_t {
        if table.isEmpty { return amqp_empty_table }
        let entries = allocate(byteCount: MemoryLayout<amqp_table_entry_t>.stride * table.count)
            .bindMemory(to: amqp_table_entry_t.self, capacity: table.count)
        // Sorted keys: a deterministic wire order makes frames comparable in tests and captures.
        for (index, key) in table.keys.sorted().enumerated() {
            entries[index] = amqp_table_entry_t(key: bytes(key), value: field(table[key]!))
        }
        return amqp_table_t(num_entries: Int32(table.count), entries: entries)
    }

    func field(_ value: AMQPFieldValue) -> amqp_field_value_t {
        var field = amqp_field_value_t()
        switch value {
        case .boolean(let v):
            field.kind = UInt8(AMQP_FIELD_KIND_BOOLEAN.rawValue)
            field.value.boolean = v ? 1 : 0
        case .int8(let v):
            field.kind = UInt8(AMQP_FIELD_KIND_I8.rawValue)
            field.value.i8 = v
        case .uint8(let v):
            field.kind = UInt8(AMQP_FIELD_KIND_U8.rawValue)
            field.value.u8 = v
        case .int16(let v):
            field.kind = UInt8(AMQP_FIELD_KIND_I16.rawValue)
            field.value.i16 = v
        case .uint16(let v):
            field.kind = UInt8(AMQP_FIELD_KIND_U16.rawValue)
            field.value.u16 = v
        case .int32(let v):
            field.kind = UInt8(AMQP_FIELD_KIND_I32.rawValue)
            field.value.i32 = v
        case .uint32(let v):
            field.kind = UInt8(AMQP_FIELD_KIND_U32.rawValue)
            field.value.u32 = v
        case .int64(let v):
            field.kind = UInt8(AMQP_FIELD_KIND_I64.rawValue)
            field.value.i64 = v
        case .float(let v):
            field.kind = UInt8(AMQP_FIELD_KIND_F32.rawValue)
            field.value.f32 = v
        case .double(let v):
            field.kind = UInt8(AMQP_FIELD_KIND_F64.rawValue)
            field.value.f64 = v
        case .decimal(let scale, let v):
            field.kind = UInt8(AMQP_FIELD_KIND_DECIMAL.rawValue)
            field.value.decimal = amqp_decimal_t(decimals: scale, value: v)
        case .string(let v):
            field.kind = UInt8(AMQP_FIELD_KIND_UTF8.rawValue)
            field.value.bytes = bytes(v)
        case .bytes(let v):
            field.kind = UInt8(AMQP_FIELD_KIND_BYTES.rawValue)
            field.value.bytes = bytes(v)
        case .timestamp(let date):
            field.kind = UInt8(AMQP_FIELD_KIND_TIMESTAMP.rawValue)
            field.value.u64 = UInt64(max(0, date.timeIntervalSince1970.rounded(.down)))
        case .table(let v):
            field.kind = UInt8(AMQP_FIELD_KIND_TABLE.rawValue)
            field.value.table = table(v)
        case .array(let values):
            field.kind = UInt8(AMQP_FIELD_KIND_ARRAY.rawValue)
            let entries = allocate(byteCount: MemoryLayout<amqp_field_value_t>.stride * max(values.count, 1))
                .bindMemory(to: amqp_field_value_t.self, capacity: max(values.count, 1))
            for (index, element) in values.enumerated() { entries[index] = self.field(element) }
            field.value.array = amqp_array_t(num_entries: Int32(values.count), entries: entries)
        case .void:
            field.kind = UInt8(AMQP_FIELD_KIND_VOID.rawValue)
        }
        return field
    }

    func properties(_ properties: AMQPProperties) -> amqp_basic_properties_t {
        var p = amqp_basic_properties_t()
        var flags: Int32 = 0
        if let v = properties.contentType {
            p.content_type = bytes(v)
            flags |= AMQP_BASIC_CONTENT_TYPE_FLAG
        }
        if let v = properties.contentEncoding {
            p.content_encoding = bytes(v)
            flags |= AMQP_BASIC_CONTENT_ENCODING_FLAG
        }
        if let v = properties.headers {
            p.headers = table(v)
            flags |= AMQP_BASIC_HEADERS_FLAG
        }
        if let v = properties.deliveryMode {
            p.delivery_mode = v.rawValue
            flags |= AMQP_BASIC_DELIVERY_MODE_FLAG
        }
        if let v = properties.priority {
            p.priority = v
            flags |= AMQP_BASIC_PRIORITY_FLAG
        }
        if let v = properties.correlationID {
            p.correlation_id = bytes(v)
            flags |= AMQP_BASIC_CORRELATION_ID_FLAG
        }
        if let v = properties.replyTo {
            p.reply_to = bytes(v)
            flags |= AMQP_BASIC_REPLY_TO_FLAG
        }
        if let v = properties.expiration {
            p.expiration = bytes(v)
            flags |= AMQP_BASIC_EXPIRATION_FLAG
        }
        if let v = properties.messageID {
            p.message_id = bytes(v)
            flags |= AMQP_BASIC_MESSAGE_ID_FLAG
        }
        if let v = properties.timestamp {
            p.timestamp = UInt64(max(0, v.timeIntervalSince1970.rounded(.down)))
            flags |= AMQP_BASIC_TIMESTAMP_FLAG
        }
        if let v = properties.type {
            p.type = bytes(v)
            flags |= AMQP_BASIC_TYPE_FLAG
        }
        if let v = properties.userID {
            p.user_id = bytes(v)
            flags |= AMQP_BASIC_USER_ID_FLAG
        }
        if let v = properties.appID {
            p.app_id = bytes(v)
            flags |= AMQP_BASIC_APP_ID_FLAG
        }
        if let v = properties.clusterID {
            p.cluster_id = bytes(v)
            flags |= AMQP_BASIC_CLUSTER_ID_FLAG
        }
        p._flags = amqp_flags_t(flags)
        return p
    }
}

/// Runs `body` with an arena whose memory is freed when it returns.
func withCArena<Result, Failure: Error>(_ body: (CArena) throws(Failure) -> Result) throws(Failure) -> Result {
    let arena = CArena()
    return try withExtendedLifetime(arena) { () throws(Failure) -> Result in try body(arena) }
}
