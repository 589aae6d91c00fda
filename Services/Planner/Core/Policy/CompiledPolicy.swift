/// A policy document that compiled and passed its own tests: ready to
/// decide turns. Immutable and `Sendable`; compile once, decide many times.
public struct CompiledPolicy: Sendable {
    /// `metadata.name`.
    public var name: String
    /// `metadata.description`, empty when absent.
    public var description: String
    /// The ids of the rules, in order (the `failSafe` rules not included).
    public var ruleIDs: [String]
    /// The ids of the `failSafe` rules, in order; empty when the built-in fail-safe applies.
    public var failSafeRuleIDs: [String]

    /// A named variable of the document.
    struct Variable: Sendable {
        let name: String
        let expression: PolicyExpression
    }

    /// A context lookup and the condition under which it is needed.
    struct Lookup: Sendable {
        let lookup: ContextLookup
        let condition: PolicyExpression?
    }

    let variables: [Variable]
    let lookups: [Lookup]
    let rules: [PolicyRule]
    /// Nil when the document has no `failSafe` section: the built-in one applies.
    let failSafeRules: [PolicyRule]?

    init(name: String, description: String, variables: [Variable], lookups: [Lookup], rules: [PolicyRule], failSafeRules: [PolicyRule]?) {
        self.name = name
        self.description = description
        self.variables = variables
        self.lookups = lookups
        self.rules = rules
        self.failSafeRules = failSafeRules
        ruleIDs = rules.map(\.id)
        failSafeRuleIDs = failSafeRules?.map(\.id) ?? []
    }

    /// The `context` entries without a `when`, in document order: required
    /// whatever the input, so the planner gathers them beside signals.
    public var unconditionalLookups: [ContextLookup] {
        var needed: [ContextLookup] = []
        for entry in lookups where entry.condition == nil && !needed.contains(entry.lookup) { needed.append(entry.lookup) }
        return needed
    }

    /// The context to gather through the connector before deciding
    /// `input`, in document order: each `context` entry whose `when` holds
    /// (or has none). A `when` that fails at run time asks for the lookup:
    /// gathering more context is the safe side.
    public func requiredLookups(for input: PolicyInput) -> [ContextLookup] {
        let bindings = input.policyBindings
        var needed: [ContextLookup] = []
        for entry in lookups where !needed.contains(entry.lookup) {
            if let condition = entry.condition, case .success(.bool(false)) = condition.program.evaluate(bindings) { continue }
            needed.append(entry.lookup)
        }
        return needed
    }
}

extension PolicyInput {
    /// The CEL variables of the input: one object per top-level field.
    var policyBindings: [String: CELValue] {
        var bindings: [String: CELValue] = [:]
        for field in Self.fields { bindings[field.name] = field.read(self) }
        return bindings
    }
}
