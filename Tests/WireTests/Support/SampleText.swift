import Wire

/// Writes a text-format sample of a message with every field set (one member
/// per oneof, chosen by `variant`), nested messages down to `maxDepth`.
///
/// Values are chosen to hit the codec's edges: negative `int32` (ten-byte
/// varints), zig-zag negatives, the top bit of unsigned and fixed types,
/// non-ASCII strings, bytes with NUL and 0xFF, floats that print exactly.
struct SampleText {
    let index: DescriptorIndex
    var maxDepth = 3

    /// How many variants `message` needs so that every oneof member is set once.
    func variantCount(of fullName: String) -> Int {
        guard let message = index.messages[fullName]?.descriptor else { return 1 }
        var counts: [Int32: Int] = [:]
        for field in message.field where field.oneofIndex != nil && !field.proto3Optional {
            counts[field.oneofIndex!, default: 0] += 1
        }
        return max(1, counts.values.max() ?? 1)
    }

    func text(of fullName: String, variant: Int, depth: Int = 1) -> String {
        guard let message = index.messages[fullName]?.descriptor else { return "" }
        var members: [Int32: [Int32]] = [:]
        for field in message.field where field.oneofIndex != nil && !field.proto3Optional {
            members[field.oneofIndex!, default: []].append(field.number)
        }
        var lines: [String] = []
        for field in message.field {
            if let oneof = field.oneofIndex, !field.proto3Optional, let choices = members[oneof] {
                guard choices[variant % choices.count] == field.number else { continue }
            }
            lines += entries(for: field, variant: variant, depth: depth)
        }
        return lines.joined(separator: "\n")
    }

    private func entries(for field: FieldDescriptor, variant: Int, depth: Int) -> [String] {
        if field.type == .message, index.isMapEntry(field.typeName) {
            let entry = index.messages[field.typeName]!.descriptor
            let key = entry.field[0], value = entry.field[1]
            return mapKeys(key).map { keyText in
                "\(field.name) { key: \(keyText) \(valueEntry(value, variant: variant, depth: depth)) }"
            }
        }
        let count = field.label == .repeated ? 2 : 1
        return (0..<count).compactMap { i in
            if field.type == .message {
                if depth >= maxDepth { return i == 0 ? "\(field.name) {}" : nil }
                return "\(field.name) { \(text(of: field.typeName, variant: variant + i, depth: depth + 1)) }"
            }
            return "\(field.name): \(scalar(field, ordinal: i))"
        }
    }

    private func valueEntry(_ value: FieldDescriptor, variant: Int, depth: Int) -> String {
        if value.type == .message {
            let inner = depth >= maxDepth ? "" : text(of: value.typeName, variant: variant, depth: depth + 1)
            return "value { \(inner) }"
        }
        return "value: \(scalar(value, ordinal: 0))"
    }

    /// Two keys in ascending order (the Swift encoder writes map entries sorted by key).
    private func mapKeys(_ key: FieldDescriptor) -> [String] {
        switch key.type {
        case .string: ["\"alpha\"", "\"beta ✓\""]
        case .bool: ["false", "true"]
        case .int32, .sint32, .sfixed32, .int64, .sint64, .sfixed64: ["-5", "7"]
        default: ["3", "4000000000"]
        }
    }

    private func scalar(_ field: FieldDescriptor, ordinal: Int) -> String {
        let n = Int64(field.number) + Int64(ordinal)
        switch field.type {
        case .double: return ordinal == 0 ? "-2.5" : "1e+100"
        case .float: return ordinal == 0 ? "0.25" : "-3.5"
        case .int32: return "\(-(n * 3 + 1))"
        case .int64: return "\(-(10_000_000_000 + n))"
        case .uint32: return "\(4_000_000_000 + UInt32(n))"
        case .uint64: return "\(18_000_000_000_000_000_000 + UInt64(n))"
        case .sint32: return "\(-(n * 1000))"
        case .sint64: return "\(-(Int64(1) << 40) - n)"
        case .fixed32: return "\(3_000_000_000 + UInt32(n))"
        case .fixed64: return "\((UInt64(1) << 63) + UInt64(n))"
        case .sfixed32: return "\(-7 - n)"
        case .sfixed64: return "\(-(Int64(1) << 50) - n)"
        case .bool: return "true"
        case .string: return "\"héllo ✓ \\\"\(field.name)\\\" \(ordinal)\""
        case .bytes: return "\"\\000\\377\(field.name)\""
        case .enum:
            let values = index.enums[field.typeName]?.value ?? []
            return values.last?.name ?? "0"
        default: return "0"
        }
    }
}
