/// gRPC metadata: ordered name/value pairs sent as HTTP/2 headers. Names are
/// lower case; names ending in `-bin` carry binary values (base64 on the wire).
public struct Metadata: Hashable, Sendable, Sequence, ExpressibleByDictionaryLiteral {
    /// One entry.
    public struct Entry: Hashable, Sendable {
        /// A metadata value.
        public enum Value: Hashable, Sendable {
            /// A printable ASCII value.
            case string(String)
            /// A binary value, for names ending in `-bin`.
            case binary([UInt8])
        }

        /// The lower-case name.
        public var name: String
        /// The value.
        public var value: Value
    }

    private var entries: [Entry] = []

    /// Empty metadata.
    public init() {}

    /// Metadata from string pairs.
    public init(dictionaryLiteral elements: (String, String)...) {
        for (name, value) in elements { add(name, value) }
    }

    /// Adds a string value (the name is lower-cased).
    public mutating func add(_ name: String, _ value: String) {
        entries.append(Entry(name: Self.lowercased(name), value: .string(value)))
    }

    /// Adds a binary value; `name` must end in `-bin`.
    public mutating func add(_ name: String, binary value: [UInt8]) {
        precondition(name.hasSuffix("-bin"), "binary metadata names end in -bin")
        entries.append(Entry(name: Self.lowercased(name), value: .binary(value)))
    }

    /// `name` in lower case; a name that already is (as every name read off the wire) is not copied.
    private static func lowercased(_ name: String) -> String {
        let isLower = name.utf8.allSatisfy { $0 < 0x80 && !(UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }
        return isLower ? name : name.lowercased()
    }

    /// The first string value for `name`.
    public subscript(name: String) -> String? {
        for entry in entries where entry.name == name {
            if case .string(let value) = entry.value { return value }
        }
        return nil
    }

    /// Every string value for `name`, in order (a credential sent twice must be seen twice).
    public func values(_ name: String) -> [String] {
        entries.compactMap { entry in
            guard entry.name == name, case .string(let value) = entry.value else { return nil }
            return value
        }
    }

    /// The first binary value for `name`.
    public func binary(_ name: String) -> [UInt8]? {
        for entry in entries where entry.name == name {
            if case .binary(let value) = entry.value { return value }
        }
        return nil
    }

    /// Removes the entries `shouldBeRemoved` picks, keeping the others in order.
    public mutating func removeAll(where shouldBeRemoved: (Entry) throws -> Bool) rethrows {
        try entries.removeAll(where: shouldBeRemoved)
    }

    /// Whether there are no entries.
    public var isEmpty: Bool { entries.isEmpty }

    /// The number of entries.
    public var count: Int { entries.count }

    public func makeIterator() -> IndexingIterator<[Entry]> { entries.makeIterator() }

    // MARK: Headers

    /// Names gRPC and HTTP/2 reserve; they never appear as metadata.
    static func isReserved(_ name: String) -> Bool {
        // `grpc-status-details-bin` (a google.rpc.Status with details, such as RetryInfo) is metadata the
        // application sets and reads, as grpc-core treats it; the other `grpc-` names are the transport's.
        name.hasPrefix(":") || (name.hasPrefix("grpc-") && name != "grpc-status-details-bin")
            || name == "content-type" || name == "te"
            || name == "user-agent" || name == "content-length" || name == "connection"
    }

    /// The metadata found in a header block (reserved headers skipped, `-bin` values decoded).
    init(headers: [HeaderField]) {
        for field in headers where !Self.isReserved(field.name) {
            if field.name.hasSuffix("-bin") {
                // Invalid base64 is dropped, as grpc-core does.
                if let bytes = Base64.decode(field.value) { entries.append(Entry(name: field.name, value: .binary(bytes))) }
            } else {
                entries.append(Entry(name: field.name, value: .string(field.value)))
            }
        }
    }

    /// Appends the metadata as header fields.
    func append(to headers: inout [HeaderField]) {
        for entry in entries where !Self.isReserved(entry.name) {
            switch entry.value {
            case .string(let value): headers.append(HeaderField(name: entry.name, value: value))
            case .binary(let bytes): headers.append(HeaderField(name: entry.name, value: Base64.encode(bytes)))
            }
        }
    }
}
