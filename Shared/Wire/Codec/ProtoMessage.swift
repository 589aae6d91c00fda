/// A protobuf message type with a hand-checked binary codec.
///
/// Conforming types are generated from `proto/` by `Tools/protogen` and follow
/// their `.proto` field for field: singular fields as stored properties with
/// proto3 defaults, `optional` fields and message fields as Swift optionals,
/// repeated fields as arrays, maps as dictionaries, and each `oneof` as an
/// optional enum with associated values.
public protocol ProtoMessage: Sendable, Hashable {
    /// The fully qualified protobuf name, such as `baton.common.v1.Money`.
    static var protoMessageName: String { get }

    /// The fields of the message as declared in its `.proto`.
    static var protoFields: [ProtoField] { get }

    /// Creates a message with every field at its default.
    init()

    /// Fields read from the wire that this build does not know, re-encoded unchanged.
    var unknownFields: UnknownFields { get set }

    /// Whether this message or any message inside it holds unknown fields.
    var containsUnknownFields: Bool { get }

    /// The exact size of the encoding, in bytes.
    func encodedSize() -> Int

    /// Writes the encoding; the writer must have `encodedSize()` bytes free.
    func encode(to writer: inout ProtoWriter)

    /// Reads fields until the reader's current message ends, merging them into `self`.
    mutating func merge(from reader: inout ProtoReader) throws(WireError)
}

/// One field of a message as declared in its `.proto`.
public struct ProtoField: Hashable, Sendable {
    /// The field number.
    public var number: UInt32
    /// The field name as written in the `.proto` (snake_case).
    public var name: String
    /// The declared type: a scalar name (`int32`), a qualified message or enum
    /// name (`.baton.common.v1.Money`), or `map<K, V>`; prefixed `repeated ` or
    /// `optional ` when so declared.
    public var type: String

    /// Creates a field description.
    public init(number: UInt32, name: String, type: String) {
        self.number = number
        self.name = name
        self.type = type
    }
}

extension ProtoMessage {
    /// The encoding as a new array.
    @inlinable
    public func serializedBytes() -> [UInt8] {
        let size = encodedSize()
        return [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            var writer = ProtoWriter(buffer: UnsafeMutableRawBufferPointer(buffer))
            encode(to: &writer)
            assert(writer.remaining == 0, "encodedSize() disagrees with encode(to:)")
            initialized = size
        }
    }

    /// Decodes a message from `bytes`.
    @inlinable
    public init(serializedBytes bytes: UnsafeRawBufferPointer, options: DecodingOptions = .default) throws(WireError) {
        guard bytes.count <= options.maxMessageSize else {
            throw WireError(.messageTooLarge, offset: 0)
        }
        self.init()
        var reader = ProtoReader(buffer: bytes, maxDepth: options.maxDepth - 1)
        try merge(from: &reader)
    }

    /// Decodes a message from `bytes`.
    @inlinable
    public init(serializedBytes bytes: [UInt8], options: DecodingOptions = .default) throws(WireError) {
        // withUnsafeBytes rethrows untyped errors, so carry the typed one out in a Result.
        self = try bytes.withUnsafeBytes { buffer in
            Result { () throws(WireError) -> Self in try Self(serializedBytes: buffer, options: options) }
        }.get()
    }

    /// The `.proto` name of field `number`, if the message declares it.
    public static func protoFieldName(_ number: UInt32) -> String? {
        protoFields.first { $0.number == number }?.name
    }

    /// Adds this message's field name to an error rising out of `merge(from:)`,
    /// so the caller sees the full path of the bad field.
    @inlinable
    public static func annotate(_ error: WireError, field number: UInt32) -> WireError {
        var error = error
        if number != 0 {
            error.fieldPath.insert(protoFieldName(number) ?? "#\(number)", at: 0)
        }
        return error
    }
}

extension ProtoMessage {
    /// Builds a message by setting fields on a default one.
    ///
    /// ```swift
    /// let money = CommonV1.Money.with { $0.currencyCode = "EUR"; $0.amountMinor = 1999 }
    /// ```
    @inlinable
    public static func with(_ configure: (inout Self) throws -> Void) rethrows -> Self {
        var message = Self()
        try configure(&message)
        return message
    }
}
