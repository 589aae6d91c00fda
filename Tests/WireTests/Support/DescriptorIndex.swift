import Wire

typealias FieldDescriptor = TestingDescriptor.FieldDescriptorProto

/// Messages and enums of a descriptor set by fully qualified name (`.pkg.Name`).
struct DescriptorIndex {
    struct Message {
        var fullName: String
        var file: String
        var descriptor: TestingDescriptor.DescriptorProto
    }

    private(set) var messages: [String: Message] = [:]
    private(set) var enums: [String: TestingDescriptor.EnumDescriptorProto] = [:]
    /// Message names in `.proto` order, map entries excluded.
    private(set) var messageOrder: [String] = []

    init(_ set: TestingDescriptor.FileDescriptorSet) {
        for file in set.file {
            for message in file.messageType { add(message, prefix: ".\(file.package)", file: file.name) }
            for e in file.enumType { enums[".\(file.package).\(e.name)"] = e }
        }
    }

    private mutating func add(_ message: TestingDescriptor.DescriptorProto, prefix: String, file: String) {
        let name = "\(prefix).\(message.name)"
        messages[name] = Message(fullName: name, file: file, descriptor: message)
        if message.options?.mapEntry != true { messageOrder.append(name) }
        for nested in message.nestedType { add(nested, prefix: name, file: file) }
        for e in message.enumType { enums["\(name).\(e.name)"] = e }
    }

    func isMapEntry(_ typeName: String) -> Bool {
        messages[typeName]?.descriptor.options?.mapEntry == true
    }

    /// The field's declared type written the way `ProtoField.type` writes it.
    func declaredType(of field: FieldDescriptor) -> String {
        if field.type == .message, let entry = messages[field.typeName], isMapEntry(field.typeName) {
            let key = entry.descriptor.field[0], value = entry.descriptor.field[1]
            return "map<\(singleType(key)), \(singleType(value))>"
        }
        if field.label == .repeated { return "repeated " + singleType(field) }
        if field.proto3Optional { return "optional " + singleType(field) }
        return singleType(field)
    }

    private func singleType(_ field: FieldDescriptor) -> String {
        switch field.type {
        case .message, .enum: field.typeName
        case .double: "double"
        case .float: "float"
        case .int64: "int64"
        case .uint64: "uint64"
        case .int32: "int32"
        case .fixed64: "fixed64"
        case .fixed32: "fixed32"
        case .bool: "bool"
        case .string: "string"
        case .bytes: "bytes"
        case .uint32: "uint32"
        case .sfixed32: "sfixed32"
        case .sfixed64: "sfixed64"
        case .sint32: "sint32"
        case .sint64: "sint64"
        default: "unsupported(\(field.type.rawValue))"
        }
    }
}
