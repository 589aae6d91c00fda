/// A protobuf enum: every `Int32` is a valid value, so values added to a
/// `.proto` after this build was made survive decoding and re-encoding.
public protocol ProtoEnum: RawRepresentable, Hashable, Sendable, CaseIterable where RawValue == Int32 {
    /// Creates the case for `rawValue`, or `unrecognized(rawValue)`.
    init(rawValue: Int32)
}

extension ProtoEnum {
    /// The zero value, `*_UNSPECIFIED` in every Baton enum.
    @inlinable
    public static var protoDefault: Self { Self(rawValue: 0) }
}
