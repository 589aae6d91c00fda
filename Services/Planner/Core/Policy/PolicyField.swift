import Wire

/// One field of a `PolicyRecord`: its CEL name, meaning and type, and how to
/// read, set, encode and decode it, all derived from one key path.
struct PolicyField<Record: PolicyRecord>: Sendable {
    /// A field name as a coding key.
    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// The snake_case name: the CEL field name and the JSON key.
    let name: String
    /// What the field means, for the README table.
    let meaning: String
    /// The CEL type.
    let celType: CELType
    let read: @Sendable (Record) -> CELValue
    let assign: @Sendable (inout Record, PolicyNode, String) throws(PolicyDiagnostic) -> Void
    let encode: @Sendable (Record, inout KeyedEncodingContainer<Key>) throws -> Void
    /// Writes `"name":` and the value.
    let writeJSON: @Sendable (Record, inout JSONWriter) throws -> Void
    let decode: @Sendable (inout Record, KeyedDecodingContainer<Key>) throws -> Void
    let declareTypes: @Sendable (inout CELEnvironment) -> Void
    let schemaRows: @Sendable (String) -> [PolicySchema.Row]

    /// The field `name` stored at `keyPath`.
    init<Value: PolicyFieldValue>(_ name: String, _ keyPath: any WritableKeyPath<Record, Value> & Sendable, _ meaning: String) {
        self.name = name
        self.meaning = meaning
        celType = Value.celType
        read = { $0[keyPath: keyPath].celValue }
        assign = { (record: inout Record, node: PolicyNode, path: String) throws(PolicyDiagnostic) in
            record[keyPath: keyPath] = try Value(reading: node, path: path)
        }
        encode = { record, container in try container.encode(record[keyPath: keyPath], forKey: Key(stringValue: name)) }
        writeJSON = { record, writer in
            writer.mapKey(name)
            try record[keyPath: keyPath].writeJSON(into: &writer)
        }
        decode = { record, container in
            if let value = try container.decodeIfPresent(Value.self, forKey: Key(stringValue: name)) {
                record[keyPath: keyPath] = value
            }
        }
        declareTypes = { Value.declareTypes(in: &$0) }
        schemaRows = { Value.schemaRows(under: $0) }
    }
}
