/// Fields a decoder did not recognise, kept as raw bytes (tags included) so a
/// message passes through a service built against an older `.proto` intact.
public struct UnknownFields: Hashable, Sendable {
    /// The raw encoded fields, in the order they were read.
    public var bytes: [UInt8]

    /// No unknown fields.
    @inlinable
    public init() { bytes = [] }

    /// Whether there are none.
    @inlinable
    public var isEmpty: Bool { bytes.isEmpty }

    @inlinable
    mutating func append(_ raw: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: raw)
    }
}
