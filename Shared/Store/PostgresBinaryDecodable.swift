public import Foundation

/// A type read from a value in binary format (``PostgresQuery/withBinaryResults()``):
/// the server's send functions' output, big-endian for numbers.
public protocol PostgresBinaryDecodable: PostgresDecodable {
    /// Decodes a non-NULL value of Postgres type `type` in binary format.
    static func decode(postgresBinary bytes: UnsafeRawBufferPointer, type: UInt32) throws(PostgresError) -> Self
}

extension PostgresBinaryDecodable {
    static func binaryFailure(_ bytes: UnsafeRawBufferPointer, _ type: UInt32) -> PostgresError {
        PostgresError(.decoding, "cannot read \(bytes.count) binary bytes (type \(type)) as \(Self.self)")
    }
}

/// A big-endian signed integer of `int2`, `int4` or `int8` (2, 4 or 8 bytes), widened.
private func bigEndianInteger(_ bytes: UnsafeRawBufferPointer) -> Int64? {
    switch bytes.count {
    case 2: Int64(Int16(bitPattern: bytes.loadUnaligned(as: UInt16.self).bigEndian))
    case 4: Int64(Int32(bitPattern: bytes.loadUnaligned(as: UInt32.self).bigEndian))
    case 8: Int64(bitPattern: bytes.loadUnaligned(as: UInt64.self).bigEndian)
    default: nil
    }
}

extension Int64: PostgresBinaryDecodable {
    public static func decode(postgresBinary bytes: UnsafeRawBufferPointer, type: UInt32) throws(PostgresError) -> Int64 {
        guard let value = bigEndianInteger(bytes) else { throw binaryFailure(bytes, type) }
        return value
    }
}

extension Int: PostgresBinaryDecodable {
    public static func decode(postgresBinary bytes: UnsafeRawBufferPointer, type: UInt32) throws(PostgresError) -> Int {
        guard let value = bigEndianInteger(bytes) else { throw binaryFailure(bytes, type) }
        return Int(value)
    }
}

extension Int32: PostgresBinaryDecodable {
    public static func decode(postgresBinary bytes: UnsafeRawBufferPointer, type: UInt32) throws(PostgresError) -> Int32 {
        guard let value = bigEndianInteger(bytes), let narrow = Int32(exactly: value) else { throw binaryFailure(bytes, type) }
        return narrow
    }
}

extension Bool: PostgresBinaryDecodable {
    public static func decode(postgresBinary bytes: UnsafeRawBufferPointer, type: UInt32) throws(PostgresError) -> Bool {
        guard bytes.count == 1, bytes[0] <= 1 else { throw binaryFailure(bytes, type) }
        return bytes[0] == 1
    }
}

extension String: PostgresBinaryDecodable {
    /// `text` and `varchar` are sent as their UTF-8 bytes.
    public static func decode(postgresBinary bytes: UnsafeRawBufferPointer, type: UInt32) throws(PostgresError) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}

extension Data: PostgresBinaryDecodable {
    /// A `bytea` is sent as its own bytes.
    public static func decode(postgresBinary bytes: UnsafeRawBufferPointer, type: UInt32) throws(PostgresError) -> Data {
        Data(bytes)
    }
}

extension Date: PostgresBinaryDecodable {
    /// Microseconds between 1970-01-01 and Postgres's epoch, 2000-01-01 (UTC).
    static let postgresEpochMicroseconds: Int64 = 946_684_800_000_000

    /// A `timestamptz` (or `timestamp`, taken as UTC) is sent as microseconds since 2000-01-01.
    public static func decode(postgresBinary bytes: UnsafeRawBufferPointer, type: UInt32) throws(PostgresError) -> Date {
        guard bytes.count == 8 else { throw binaryFailure(bytes, type) }
        let micros = Int64(bitPattern: bytes.loadUnaligned(as: UInt64.self).bigEndian) + postgresEpochMicroseconds
        return Date(timeIntervalSince1970: Double(micros) / 1_000_000)
    }
}
