/// The wire type in the low three bits of every protobuf field tag.
public enum WireType: UInt8, Sendable {
    /// int32, int64, uint32, uint64, sint32, sint64, bool, enum.
    case varint = 0
    /// fixed64, sfixed64, double.
    case fixed64 = 1
    /// string, bytes, embedded messages, packed repeated fields, map entries.
    case lengthDelimited = 2
    /// Start of a proto2 group: never written by Baton, skipped when read.
    case startGroup = 3
    /// End of a proto2 group.
    case endGroup = 4
    /// fixed32, sfixed32, float.
    case fixed32 = 5
}

/// Helpers for building and splitting field tags.
public enum FieldTag {
    /// The largest field number protobuf allows (2^29 - 1).
    public static let maxFieldNumber: UInt32 = (1 << 29) - 1

    /// The tag value `fieldNumber << 3 | wireType`.
    @inlinable
    public static func make(_ fieldNumber: UInt32, _ wireType: WireType) -> UInt32 {
        (fieldNumber << 3) | UInt32(wireType.rawValue)
    }
}
