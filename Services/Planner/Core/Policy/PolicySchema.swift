/// The policy input schema, described once: the CEL environment every
/// policy expression is checked against, and the rows of the README table,
/// both come from the `fields` of `PolicyInput` and its records.
public enum PolicySchema {
    /// One documented input field.
    public struct Row: Sendable, Equatable {
        /// The CEL path, such as `signals.triggers[].name`.
        public var path: String
        /// The CEL type, such as `list(string)`.
        public var type: String
        /// What the field means.
        public var meaning: String
    }

    /// Every input field, depth first in schema order.
    public static var rows: [Row] { PolicyInput.schemaRows(under: "") }

    /// The CEL type name of the `variables` object.
    static let variablesTypeName = "baton.policy.Variables"

    /// The environment of input fields, with `variables` declared as an
    /// object whose fields are `variables` (name to checked type). Without
    /// `includeContext`, `context` is left undeclared (the `when` of a
    /// context lookup runs before the context exists).
    static func environment(variables: [String: CELType]?, includeContext: Bool = true) -> CELEnvironment {
        var environment = base
        if !includeContext { environment.variables["context"] = nil }
        if let variables {
            environment.declareObject(variablesTypeName, fields: variables)
            environment.declareVariable("variables", .object(variablesTypeName))
        }
        return environment
    }

    private static let base: CELEnvironment = {
        var environment = CELEnvironment()
        PolicyInput.declareTypes(in: &environment)
        for field in PolicyInput.fields { environment.declareVariable(field.name, field.celType) }
        environment.objectTypes[PolicyInput.celTypeName] = nil
        return environment
    }()

    /// The README table: `| path | type | meaning |` per row.
    public static var markdownTable: String {
        (["| field | CEL type | meaning |", "| --- | --- | --- |"]
            + rows.map { "| `\($0.path)` | `\($0.type)` | \($0.meaning) |" }).joined(separator: "\n")
    }
}
