/// Encoded sizes of protobuf values, in bytes.
public enum ProtoSize {
    /// Size of a base-128 varint.
    @inlinable
    public static func varint(_ value: UInt64) -> Int {
        // Each byte carries 7 bits; (value | 1) makes 0 take one byte.
        (64 - (value | 1).leadingZeroBitCount + 6) / 7
    }

    /// Size of a varint known to be below 2^32.
    @inlinable
    public static func varint32(_ value: UInt32) -> Int {
        (32 - (value | 1).leadingZeroBitCount + 6) / 7
    }

    /// Size of an `int32` or enum value (negative values take ten bytes).
    @inlinable
    public static func int32(_ value: Int32) -> Int {
        value < 0 ? 10 : varint32(UInt32(value))
    }

    /// Size of an `int64` value.
    @inlinable
    public static func int64(_ value: Int64) -> Int {
        varint(UInt64(bitPattern: value))
    }

    /// Size of a `sint32` value.
    @inlinable
    public static func sint32(_ value: Int32) -> Int {
        varint32(ZigZag.encode32(value))
    }

    /// Size of a `sint64` value.
    @inlinable
    public static func sint64(_ value: Int64) -> Int {
        varint(ZigZag.encode64(value))
    }

    /// Size of a length-prefixed payload of `count` bytes.
    @inlinable
    public static func lengthDelimited(_ count: Int) -> Int {
        varint(UInt64(count)) + count
    }

    /// Size of a length-prefixed `string`.
    @inlinable
    public static func string(_ value: String) -> Int {
        lengthDelimited(value.utf8.count)
    }

    /// Size of a length-prefixed `bytes` value.
    @inlinable
    public static func bytes(_ value: [UInt8]) -> Int {
        lengthDelimited(value.count)
    }

    /// Size of a length-prefixed embedded message.
    @inlinable
    public static func message<M: ProtoMessage>(_ message: M) -> Int {
        lengthDelimited(message.encodedSize())
    }
}
