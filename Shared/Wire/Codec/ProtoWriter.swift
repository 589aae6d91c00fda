/// Writes protobuf encoding into memory whose size was computed beforehand.
///
/// Messages compute their exact `encodedSize()` first and then write into a
/// buffer of that size, so the writer never grows or checks capacity on the hot
/// path (it asserts in debug builds).
public struct ProtoWriter {
    @usableFromInline var cursor: UnsafeMutableRawPointer
    @usableFromInline let end: UnsafeMutableRawPointer

    /// Creates a writer over `buffer`; writing more than its count is a programming error.
    @inlinable
    public init(buffer: UnsafeMutableRawBufferPointer) {
        cursor = buffer.baseAddress ?? UnsafeMutableRawPointer(bitPattern: 0x10)!
        end = cursor + buffer.count
    }

    /// Bytes still free.
    @inlinable
    public var remaining: Int { end - cursor }

    /// Writes a base-128 varint.
    @inlinable
    public mutating func writeVarint(_ value: UInt64) {
        assert(ProtoSize.varint(value) <= remaining, "ProtoWriter overflow")
        var value = value
        while value >= 0x80 {
            cursor.storeBytes(of: UInt8(truncatingIfNeeded: value) | 0x80, as: UInt8.self)
            cursor += 1
            value &>>= 7
        }
        cursor.storeBytes(of: UInt8(truncatingIfNeeded: value), as: UInt8.self)
        cursor += 1
    }

    /// Writes a varint known to be below 2^32 (tags and lengths).
    @inlinable
    public mutating func writeVarint32(_ value: UInt32) {
        if value < 0x80 {
            assert(remaining >= 1, "ProtoWriter overflow")
            cursor.storeBytes(of: UInt8(truncatingIfNeeded: value), as: UInt8.self)
            cursor += 1
        } else {
            writeVarint(UInt64(value))
        }
    }

    /// Writes an `int32` or enum value: negative values take ten bytes, as protobuf requires.
    @inlinable
    public mutating func writeInt32(_ value: Int32) {
        writeVarint(UInt64(bitPattern: Int64(value)))
    }

    /// Writes an `int64` value.
    @inlinable
    public mutating func writeInt64(_ value: Int64) {
        writeVarint(UInt64(bitPattern: value))
    }

    /// Writes a `sint32` value (zig-zag).
    @inlinable
    public mutating func writeSInt32(_ value: Int32) {
        writeVarint32(ZigZag.encode32(value))
    }

    /// Writes a `sint64` value (zig-zag).
    @inlinable
    public mutating func writeSInt64(_ value: Int64) {
        writeVarint(ZigZag.encode64(value))
    }

    /// Writes a `bool`.
    @inlinable
    public mutating func writeBool(_ value: Bool) {
        assert(remaining >= 1, "ProtoWriter overflow")
        cursor.storeBytes(of: value ? 1 : 0, as: UInt8.self)
        cursor += 1
    }

    /// Writes four little-endian bytes.
    @inlinable
    public mutating func writeFixed32(_ value: UInt32) {
        assert(remaining >= 4, "ProtoWriter overflow")
        cursor.storeBytes(of: value.littleEndian, as: UInt32.self)
        cursor += 4
    }

    /// Writes eight little-endian bytes.
    @inlinable
    public mutating func writeFixed64(_ value: UInt64) {
        assert(remaining >= 8, "ProtoWriter overflow")
        cursor.storeBytes(of: value.littleEndian, as: UInt64.self)
        cursor += 8
    }

    /// Writes a `float`.
    @inlinable
    public mutating func writeFloat(_ value: Float) {
        writeFixed32(value.bitPattern)
    }

    /// Writes a `double`.
    @inlinable
    public mutating func writeDouble(_ value: Double) {
        writeFixed64(value.bitPattern)
    }

    /// Writes raw bytes with no length prefix.
    @inlinable
    public mutating func writeRaw(_ bytes: UnsafeRawBufferPointer) {
        assert(bytes.count <= remaining, "ProtoWriter overflow")
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        cursor.copyMemory(from: base, byteCount: bytes.count)
        cursor += bytes.count
    }

    /// Writes raw bytes with no length prefix.
    @inlinable
    public mutating func writeRaw(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { writeRaw($0) }
    }

    /// Writes a length-prefixed `bytes` value.
    @inlinable
    public mutating func writeBytes(_ bytes: [UInt8]) {
        writeVarint(UInt64(bytes.count))
        writeRaw(bytes)
    }

    /// Writes a length-prefixed `string` value as UTF-8.
    @inlinable
    public mutating func writeString(_ string: String) {
        let utf8 = string.utf8
        writeVarint(UInt64(utf8.count))
        let done: Void? = utf8.withContiguousStorageIfAvailable { writeRaw(UnsafeRawBufferPointer($0)) }
        if done == nil {
            for byte in utf8 {
                cursor.storeBytes(of: byte, as: UInt8.self)
                cursor += 1
            }
        }
    }

    /// Writes a length-prefixed embedded message.
    @inlinable
    public mutating func writeMessage<M: ProtoMessage>(_ message: M) {
        writeVarint(UInt64(message.encodedSize()))
        message.encode(to: &self)
    }
}

/// Zig-zag mapping of signed integers for `sint32` and `sint64`.
public enum ZigZag {
    /// Maps 0, -1, 1, -2 ... to 0, 1, 2, 3 ...
    @inlinable
    public static func encode32(_ value: Int32) -> UInt32 {
        UInt32(bitPattern: (value &<< 1) ^ (value >> 31))
    }

    /// Maps 0, -1, 1, -2 ... to 0, 1, 2, 3 ...
    @inlinable
    public static func encode64(_ value: Int64) -> UInt64 {
        UInt64(bitPattern: (value &<< 1) ^ (value >> 63))
    }

    /// The inverse of `encode32`.
    @inlinable
    public static func decode32(_ value: UInt32) -> Int32 {
        Int32(bitPattern: (value >> 1) ^ (0 &- (value & 1)))
    }

    /// The inverse of `encode64`.
    @inlinable
    public static func decode64(_ value: UInt64) -> Int64 {
        Int64(bitPattern: (value >> 1) ^ (0 &- (value & 1)))
    }
}
