/// A protobuf enum: every `Int32` is a valid value, so values added to a
/// `.proto` after this build was made survive decoding and re-encoding.
public protocol ProtoEnum: RawRepresentable, Hashable, Sendable, CaseIterable where RawValue == Int32 {
    /// Creates the case for `rawValue`, or `unrecognized(rawValue)`.
    init(rawValue: Int32)
}
