import Wire

/// A record of the policy input schema (`signals`, `customer`, a trigger…):
/// a CEL object type whose fields are described once, in `fields`.
protocol PolicyRecord: PolicyFieldValue {
    /// The CEL object type name, such as `baton.policy.Customer`.
    static var celTypeName: String { get }
    /// The fields, in documentation order.
    static var fields: [PolicyField<Self>] { get }
    /// The zero value.
    static var zero: Self { get }
    /// Fills fields a test input left out that follow from others it gave
    /// (`signals.trigger_names` from `signals.triggers`).
    mutating func completeDerivedFields(given: Set<String>)
}

extension PolicyRecord {
    static var celType: CELType { .object(celTypeName) }

    mutating func completeDerivedFields(given: Set<String>) {}

    static func declareTypes(in environment: inout CELEnvironment) {
        guard environment.objectTypes[celTypeName] == nil else { return }
        environment.declareObject(celTypeName, fields: Dictionary(uniqueKeysWithValues: fields.map { ($0.name, $0.celType) }))
        for field in fields { field.declareTypes(&environment) }
    }

    static func schemaRows(under path: String) -> [PolicySchema.Row] {
        fields.flatMap { field in
            let fieldPath = path.isEmpty ? field.name : path + "." + field.name
            return [PolicySchema.Row(path: fieldPath, type: field.celType.description, meaning: field.meaning)]
                + field.schemaRows(fieldPath)
        }
    }

    var celValue: CELValue {
        var values: [String: CELValue] = [:]
        for field in Self.fields { values[field.name] = field.read(self) }
        return .object(CELObject(typeName: Self.celTypeName, fields: values))
    }

    /// Reads a partial record: fields left out keep their zero value; a key
    /// that is not a field is an `unknown-input-field` error.
    init(reading node: PolicyNode, path: String) throws(PolicyDiagnostic) {
        self = .zero
        guard case .mapping(let pairs) = node.content else {
            throw Self.typeMismatch(node, path: path, expected: "a mapping")
        }
        var given: Set<String> = []
        for pair in pairs {
            let name = pair.key.scalar ?? ""
            guard let field = Self.fields.first(where: { $0.name == name }) else {
                throw PolicyDiagnostic(
                    severity: .error, code: "unknown-input-field", path: path.isEmpty ? name : path + "." + name,
                    line: pair.key.line, column: pair.key.column,
                    message: "unknown input field '\(name)'; \(path.isEmpty ? "the input" : path) has "
                        + Self.fields.map(\.name).joined(separator: ", "))
            }
            try field.assign(&self, pair.value, path.isEmpty ? name : path + "." + name)
            given.insert(name)
        }
        completeDerivedFields(given: given)
    }

    /// Decodes the JSON form: snake_case keys, every key optional.
    init(schemaDecoder decoder: any Decoder) throws {
        self = .zero
        let container = try decoder.container(keyedBy: PolicyField<Self>.Key.self)
        for field in Self.fields { try field.decode(&self, container) }
    }

    /// Writes the JSON form ``encode(schemaEncoder:)`` gives.
    func writeJSON(into writer: inout JSONWriter) throws {
        writer.beginObject()
        for field in Self.fields { try field.writeJSON(self, &writer) }
        writer.endObject()
    }

    /// Encodes the JSON form: every field under its snake_case key.
    func encode(schemaEncoder encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: PolicyField<Self>.Key.self)
        for field in Self.fields { try field.encode(self, &container) }
    }
}
