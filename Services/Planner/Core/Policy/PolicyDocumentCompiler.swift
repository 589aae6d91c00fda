/// One compilation of one document: reads each section with a
/// `PolicyDocumentReader`, builds the `CompiledPolicy`, and keeps the test
/// nodes to run once everything else is valid.
struct PolicyDocumentCompiler {
    var reader: PolicyDocumentReader
    let knownTriggerNames: Set<String>
    /// The checked type of each variable, in declaration order.
    private var variableTypes: [String: CELType] = [:]
    /// Every rule id seen, with where.
    private var ruleIDs: [String: PolicyNode] = [:]
    /// The document's tests, read; run once everything else is valid.
    var tests: [DocumentTest] = []

    /// One of the document's `tests`.
    struct DocumentTest {
        let name: String
        let input: PolicyInput
        let expected: PolicyDecision
        let ruleID: String?
        let node: PolicyNode
        let path: String
    }

    static let topLevelKeys = ["apiVersion", "kind", "metadata", "variables", "context", "rules", "failSafe", "tests"]
    static let ruleKeys = ["id", "when", "decide", "rationale", "rationaleExpression", "handoff", "approval", "confirm"]
    static let urgencies = ["low", "normal", "high", "critical"]

    init(reader: PolicyDocumentReader, knownTriggerNames: Set<String>) {
        self.reader = reader
        self.knownTriggerNames = knownTriggerNames
    }

    /// The policy, or nil when a section could not be read at all.
    mutating func compile(_ root: PolicyNode) -> CompiledPolicy? {
        guard let top = reader.mapping(root, "", allowed: Self.topLevelKeys, required: ["apiVersion", "kind", "metadata", "rules"]) else {
            return nil
        }
        if let node = top["apiVersion"], let version = reader.value(String.self, node, "apiVersion"), version != PolicyCompiler.apiVersion {
            reader.error("unsupported-api-version", "apiVersion", at: node, "unsupported apiVersion '\(version)'; expected '\(PolicyCompiler.apiVersion)'")
        }
        if let node = top["kind"], let kind = reader.value(String.self, node, "kind"), kind != PolicyCompiler.kind {
            reader.error("unsupported-kind", "kind", at: node, "unsupported kind '\(kind)'; expected '\(PolicyCompiler.kind)'")
        }
        var name = "", description = ""
        if let node = top["metadata"], let metadata = reader.mapping(node, "metadata", allowed: ["name", "description"], required: ["name"]) {
            name = metadata["name"].flatMap { reader.nonEmptyString($0, "metadata.name") } ?? ""
            description = metadata["description"].flatMap { reader.value(String.self, $0, "metadata.description") } ?? ""
        }
        let variables = top["variables"].map { readVariables($0) } ?? []
        let lookups = top["context"].map { readLookups($0) } ?? []
        let rules = top["rules"].map { readRules($0, "rules") } ?? []
        var failSafeRules: [PolicyRule]?
        if let node = top["failSafe"], let failSafe = reader.mapping(node, "failSafe", allowed: ["rules"], required: ["rules"]) {
            failSafeRules = failSafe["rules"].map { readRules($0, "failSafe.rules") }
        }
        let policy = CompiledPolicy(name: name, description: description, variables: variables, lookups: lookups, rules: rules,
                              failSafeRules: failSafeRules)
        if let node = top["tests"] { readTests(node, policy: policy) }
        return policy
    }

    private var environment: CELEnvironment { PolicySchema.environment(variables: variableTypes) }

    private mutating func readVariables(_ node: PolicyNode) -> [CompiledPolicy.Variable] {
        guard let items = reader.sequence(node, "variables") else { return [] }
        var variables: [CompiledPolicy.Variable] = []
        for (index, item) in items.enumerated() {
            let path = "variables[\(index)]"
            guard let fields = reader.mapping(item, path, allowed: ["name", "expression"], required: ["name", "expression"]),
                  let nameNode = fields["name"], let name = reader.value(String.self, nameNode, path + ".name") else { continue }
            guard Self.isIdentifier(name) else {
                reader.error("invalid-name", path + ".name", at: nameNode, "'\(name)' is not a variable name (letters, digits and _, not starting with a digit)")
                continue
            }
            guard variableTypes[name] == nil else {
                reader.error("duplicate-variable", path + ".name", at: nameNode, "variable '\(name)' is already declared")
                continue
            }
            guard let expressionNode = fields["expression"],
                  let expression = reader.expression(expressionNode, path + ".expression", environment: environment, expecting: nil)
            else {
                continue
            }
            checkTriggerNames(expression, expressionNode)
            variableTypes[name] = expression.program.resultType
            variables.append(CompiledPolicy.Variable(name: name, expression: expression))
        }
        return variables
    }

    private mutating func readLookups(_ node: PolicyNode) -> [CompiledPolicy.Lookup] {
        guard let items = reader.sequence(node, "context") else { return [] }
        var lookups: [CompiledPolicy.Lookup] = []
        let environment = PolicySchema.environment(variables: nil, includeContext: false)
        for (index, item) in items.enumerated() {
            let path = "context[\(index)]"
            guard let fields = reader.mapping(item, path, allowed: ["lookup", "when"], required: ["lookup"]),
                  let lookupNode = fields["lookup"],
                  let lookup = reader.word(ContextLookup.self, lookupNode, path + ".lookup", what: "lookup") else { continue }
            var condition: PolicyExpression?
            if let whenNode = fields["when"] {
                guard let compiled = reader.expression(whenNode, path + ".when", environment: environment, expecting: .bool) else { continue }
                condition = compiled
            }
            lookups.append(CompiledPolicy.Lookup(lookup: lookup, condition: condition))
        }
        return lookups
    }

    private mutating func readRules(_ node: PolicyNode, _ path: String) -> [PolicyRule] {
        guard let items = reader.sequence(node, path) else { return [] }
        guard !items.isEmpty else {
            reader.error("no-rules", path, at: node, "at least one rule is required: the default")
            return []
        }
        var rules: [PolicyRule] = []
        var unconditional: String?
        var conditions: [String: String] = [:]
        for (index, item) in items.enumerated() {
            let rulePath = "\(path)[\(index)]"
            guard let fields = reader.mapping(item, rulePath, allowed: Self.ruleKeys, required: ["id", "decide"]),
                  let rule = readRule(item, fields, rulePath) else { continue }
            let anchor = fields["id"] ?? item
            let position = PolicySourceText.Position(line: anchor.line, column: anchor.column)
            if let earlier = unconditional {
                reader.warning("unreachable-rule", rulePath, at: position, "rule '\(rule.id)' is unreachable: \(earlier) matches every input before it")
            } else if let source = rule.condition?.program.source, let earlier = conditions[Self.normalized(source)] {
                reader.warning("unreachable-rule", rulePath, at: position,
                               "rule '\(rule.id)' is unreachable: \(earlier) has the same condition and comes first")
            }
            if let condition = rule.condition {
                conditions[Self.normalized(condition.program.source)] = conditions[Self.normalized(condition.program.source)] ?? "rule '\(rule.id)'"
                if condition.isConstantTrue, unconditional == nil, index < items.count - 1 { unconditional = "rule '\(rule.id)' (when: true)" }
            } else if fields["when"] == nil, index < items.count - 1, unconditional == nil {
                unconditional = "rule '\(rule.id)' (no when)"
            }
            if index == items.count - 1, let whenNode = fields["when"] {
                reader.error("missing-default-rule", rulePath + ".when", at: whenNode,
                             "the last rule is the default and must have no 'when'")
            }
            rules.append(rule)
        }
        return rules
    }

    private mutating func readRule(_ node: PolicyNode, _ fields: [String: PolicyNode], _ path: String) -> PolicyRule? {
        var id = ""
        if let idNode = fields["id"], let text = reader.nonEmptyString(idNode, path + ".id") {
            id = text
            if let first = ruleIDs[text] {
                reader.error("duplicate-rule-id", path + ".id", at: idNode, "rule id '\(text)' is already used at line \(first.line)")
            } else {
                ruleIDs[text] = idNode
            }
        }
        let decision = fields["decide"].flatMap { reader.word(PolicyDecision.self, $0, path + ".decide", what: "decision") }
        var condition: PolicyExpression?
        if let whenNode = fields["when"] {
            condition = reader.expression(whenNode, path + ".when", environment: environment, expecting: .bool)
            if let condition { checkTriggerNames(condition, whenNode) }
        }
        var rationale: PolicyRule.Rationale?
        switch (fields["rationale"], fields["rationaleExpression"]) {
        case (let text?, nil):
            rationale = reader.nonEmptyString(text, path + ".rationale").map { .text($0) }
        case (nil, let expressionNode?):
            if let expression = reader.expression(expressionNode, path + ".rationaleExpression", environment: environment, expecting: .string) {
                checkTriggerNames(expression, expressionNode)
                rationale = .expression(expression)
            }
        case (_?, let expressionNode?):
            reader.error("conflicting-keys", path + ".rationaleExpression", at: expressionNode, "give either 'rationale' or 'rationaleExpression', not both")
        case (nil, nil):
            reader.error("missing-key", path + ".rationale", at: node, "missing required key 'rationale' (or 'rationaleExpression')")
        }
        let handoff = fields["handoff"].flatMap { readHandoff($0, path + ".handoff", decision: decision) }
        let approval = fields["approval"].flatMap { readApproval($0, path + ".approval", decision: decision) }
        let confirmationTTL = fields["confirm"].flatMap { readConfirm($0, path + ".confirm", decision: decision) }
        guard let decision, let rationale, !id.isEmpty else { return nil }
        return PolicyRule(id: id, condition: condition, decision: decision, rationale: rationale, handoff: handoff,
                          approval: approval, confirmationTTL: confirmationTTL)
    }

    private mutating func optionsAllowed(_ node: PolicyNode, _ path: String, key: String, for needed: PolicyDecision, decision: PolicyDecision?) -> Bool {
        guard let decision, decision != needed else { return true }
        reader.error("options-mismatch", path, at: node, "'\(key)' options apply only to 'decide: \(needed.rawValue)', not '\(decision.rawValue)'")
        return false
    }

    private mutating func readHandoff(_ node: PolicyNode, _ path: String, decision: PolicyDecision?) -> HandoffOptions? {
        guard let fields = reader.mapping(node, path, allowed: ["queue", "urgency"]),
              optionsAllowed(node, path, key: "handoff", for: .handoff, decision: decision) else { return nil }
        var options = HandoffOptions()
        options.queue = fields["queue"].flatMap { reader.nonEmptyString($0, path + ".queue") }
        if let urgencyNode = fields["urgency"], let urgency = reader.value(String.self, urgencyNode, path + ".urgency") {
            if Self.urgencies.contains(urgency) {
                options.urgency = urgency
            } else {
                reader.error("unknown-urgency", path + ".urgency", at: urgencyNode,
                             "unknown urgency '\(urgency)'; expected one of: \(Self.urgencies.joined(separator: ", "))")
            }
        }
        return options
    }

    private mutating func readApproval(_ node: PolicyNode, _ path: String, decision: PolicyDecision?) -> ApprovalOptions? {
        guard let fields = reader.mapping(node, path, allowed: ["routeToSupervisor", "ttl"]),
              optionsAllowed(node, path, key: "approval", for: .approval, decision: decision) else { return nil }
        var options = ApprovalOptions()
        if let route = fields["routeToSupervisor"].flatMap({ reader.value(Bool.self, $0, path + ".routeToSupervisor") }) {
            options.routeToSupervisor = route
        }
        if let ttl = fields["ttl"].flatMap({ reader.duration($0, path + ".ttl") }) { options.ttl = ttl }
        return options
    }

    private mutating func readConfirm(_ node: PolicyNode, _ path: String, decision: PolicyDecision?) -> Duration? {
        guard let fields = reader.mapping(node, path, allowed: ["ttl"]),
              optionsAllowed(node, path, key: "confirm", for: .confirm, decision: decision) else { return nil }
        return fields["ttl"].flatMap { reader.duration($0, path + ".ttl") } ?? PolicyVerdict.defaultConfirmationTTL
    }

    private mutating func checkTriggerNames(_ expression: PolicyExpression, _ node: PolicyNode) {
        for reference in PolicyTriggerNameCheck.unknownReferences(in: expression.program.expression, known: knownTriggerNames) {
            reader.warning("unknown-trigger", expression.path, at: reader.text.position(of: reference.offset, in: node), reference.message)
        }
    }

    static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || first.properties.isAlphabetic && first.isASCII else { return false }
        return name.unicodeScalars.allSatisfy { $0.isASCII && ($0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0)) }
    }

    static func normalized(_ source: String) -> String {
        String(source.unicodeScalars.filter { !$0.properties.isWhitespace }.map(Character.init))
    }
}
