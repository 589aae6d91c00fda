/// A message with the canonical proto3 JSON mapping, generated beside its
/// binary codec by `Tools/protogen`.
public protocol ProtoJSONMessage: ProtoMessage {
    /// Writes the message as one JSON value (an object, or a string for
    /// `Timestamp` and `Duration`).
    func encodeJSON(into writer: inout JSONWriter)

    /// Reads one JSON value into `self`, the reader on its first token.
    mutating func mergeJSON(from reader: inout JSONReader) throws(JSONError)
}

/// A protobuf enum that knows its `.proto` value names.
public protocol ProtoJSONEnum: ProtoEnum {
    /// The fully qualified protobuf name, for messages.
    static var protoEnumName: String { get }

    /// The `.proto` name of the value, such as `URGENCY_HIGH`; nil for a number this build does not know.
    var jsonName: StaticString? { get }

    /// The value named `name` in the `.proto`, or nil.
    init?(jsonName name: JSONKey)
}

extension ProtoJSONMessage {
    /// The JSON encoding as UTF-8 bytes.
    @inlinable
    public func jsonBytes() -> [UInt8] {
        var writer = JSONWriter(capacity: 256)
        encodeJSON(into: &writer)
        return writer.bytes
    }

    /// The JSON encoding as a string.
    @inlinable
    public func jsonString() -> String {
        String(decoding: jsonBytes(), as: UTF8.self)
    }

    /// Decodes a message from JSON given as UTF-8 bytes.
    @inlinable
    public init(jsonBytes bytes: UnsafeRawBufferPointer, options: JSONDecodingOptions = .default) throws(JSONError) {
        guard bytes.count <= options.maxMessageSize else {
            throw JSONError(.messageTooLarge, "input of \(bytes.count) bytes is over the limit of \(options.maxMessageSize)", offset: 0)
        }
        self.init()
        var reader = JSONReader(buffer: bytes, options: options)
        try mergeJSON(from: &reader)
        try reader.finish()
    }

    /// Decodes a message from JSON given as UTF-8 bytes.
    @inlinable
    public init(jsonBytes bytes: [UInt8], options: JSONDecodingOptions = .default) throws(JSONError) {
        self = try bytes.withUnsafeBytes { buffer in
            Result { () throws(JSONError) -> Self in try Self(jsonBytes: buffer, options: options) }
        }.get()
    }

    /// Decodes a message from JSON text.
    @inlinable
    public init(jsonString text: String, options: JSONDecodingOptions = .default) throws(JSONError) {
        var text = text
        self = try text.withUTF8 { buffer in
            Result { () throws(JSONError) -> Self in try Self(jsonBytes: UnsafeRawBufferPointer(buffer), options: options) }
        }.get()
    }
}

/// Tracks which fields a JSON object has set, to reject duplicates.
///
/// Fields are numbered by declaration order; 128 covers every Baton message,
/// and a larger one is a generator error rather than a silent gap.
public struct JSONFieldSet {
    @usableFromInline var low: UInt64 = 0
    @usableFromInline var high: UInt64 = 0

    /// An empty set.
    @inlinable
    public init() {}

    /// Records field `index`, throwing when it was already there.
    @inlinable
    public mutating func insert(_ index: Int, reader: JSONReader) throws(JSONError) {
        let bit: UInt64 = 1 << UInt64(index & 63)
        if index < 64 {
            guard low & bit == 0 else { throw reader.duplicateField() }
            low |= bit
        } else {
            guard high & bit == 0 else { throw reader.duplicateField() }
            high |= bit
        }
    }
}
