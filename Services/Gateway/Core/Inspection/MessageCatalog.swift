/// The message types of the API, read from serialized `FileDescriptorProto`s
/// (the same descriptors server reflection serves): for each message, its
/// fields' numbers, names, kinds and type names. The gateway derives what to
/// look for in each request from it, so a new field named `tenant_id` is
/// checked without anyone editing a table.
public struct MessageCatalog: Sendable {
    /// One field of a message.
    public struct Field: Sendable, Hashable {
        /// The field's number.
        public var number: UInt64
        /// The field's name in the `.proto`.
        public var name: String
        /// `FieldDescriptorProto.Type` (9 string, 11 message, 14 enum, ...).
        public var type: Int
        /// For message and enum fields, the fully qualified type name without the leading dot.
        public var typeName: String
    }

    /// Fields by fully qualified message name (no leading dot).
    public private(set) var messages: [String: [Field]] = [:]

    static let typeString = 9
    static let typeMessage = 11
    static let typeEnum = 14

    /// Reads `files`, each a serialized `FileDescriptorProto`.
    public init(files: [[UInt8]]) throws(InspectionError) {
        for file in files {
            do throws(ProtoScanner.Malformed) {
                var package = ""
                var messageBodies: [ArraySlice<UInt8>] = []
                var scanner = ProtoScanner(file[...])
                while let (number, value) = try scanner.next() {
                    switch (number, value) {
                    case (2, .bytes(let bytes)): package = String(decoding: bytes, as: UTF8.self)
                    case (4, .bytes(let bytes)): messageBodies.append(bytes)
                    default: break
                    }
                }
                for body in messageBodies { try addMessage(body, scope: package) }
            } catch {
                throw InspectionError(.badDescriptor, "a file descriptor is malformed: \(error.reason)")
            }
        }
    }

    /// `DescriptorProto`: name 1, field 2, nested_type 3.
    private mutating func addMessage(_ body: ArraySlice<UInt8>, scope: String) throws(ProtoScanner.Malformed) {
        var name = ""
        var fields: [Field] = []
        var nested: [ArraySlice<UInt8>] = []
        var scanner = ProtoScanner(body)
        while let (number, value) = try scanner.next() {
            switch (number, value) {
            case (1, .bytes(let bytes)): name = String(decoding: bytes, as: UTF8.self)
            case (2, .bytes(let bytes)): fields.append(try Self.field(bytes))
            case (3, .bytes(let bytes)): nested.append(bytes)
            default: break
            }
        }
        let fullName = scope.isEmpty ? name : "\(scope).\(name)"
        messages[fullName] = fields
        for body in nested { try addMessage(body, scope: fullName) }
    }

    /// `FieldDescriptorProto`: name 1, number 3, type 5, type_name 6.
    private static func field(_ body: ArraySlice<UInt8>) throws(ProtoScanner.Malformed) -> Field {
        var field = Field(number: 0, name: "", type: 0, typeName: "")
        var scanner = ProtoScanner(body)
        while let (number, value) = try scanner.next() {
            switch (number, value) {
            case (1, .bytes(let bytes)): field.name = String(decoding: bytes, as: UTF8.self)
            case (3, .varint(let value)): field.number = value
            case (5, .varint(let value)): field.type = Int(truncatingIfNeeded: value)
            case (6, .bytes(let bytes)): field.typeName = String(decoding: bytes.drop(while: { $0 == UInt8(ascii: ".") }), as: UTF8.self)
            default: break
            }
        }
        return field
    }
}
