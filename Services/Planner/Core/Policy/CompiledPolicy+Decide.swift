extension CompiledPolicy {
    /// The id of the built-in fail-safe rule for a VIP customer.
    public static let builtInFailSafeVIPRuleID = "builtin-fail-safe-vip"
    /// The id of the built-in fail-safe rule for everyone else.
    public static let builtInFailSafeDefaultRuleID = "builtin-fail-safe-default"

    /// Decides a turn: evaluates the variables in order, then the rules in
    /// order, and returns the first rule that matches with its rationale and
    /// the facts its condition read. When `input.signals.available` is
    /// false, the `failSafe` rules decide (or the built-in fail-safe: hand
    /// off a VIP, continue with a warning otherwise). A variable or a
    /// condition that fails at run time is reported in `evaluationWarnings`
    /// and counts as unset or not matched.
    public func decide(_ input: PolicyInput) -> PolicyVerdict {
        var bindings = input.policyBindings
        var warnings: [String] = []
        var values: [String: CELValue] = [:]
        for variable in variables {
            bindings["variables"] = .object(CELObject(typeName: PolicySchema.variablesTypeName, fields: values))
            switch variable.expression.program.evaluate(bindings) {
            case .success(let value): values[variable.name] = value
            case .failure(let error): warnings.append(Self.warning(error, in: variable.expression))
            }
        }
        bindings["variables"] = .object(CELObject(typeName: PolicySchema.variablesTypeName, fields: values))

        let failSafe = !input.signals.available
        guard let rules = failSafe ? failSafeRules : rules else {
            return Self.builtInFailSafe(input, warnings: warnings)
        }
        for rule in rules {
            if let condition = rule.condition {
                switch condition.program.evaluate(bindings) {
                case .success(.bool(true)): break
                case .success: continue
                case .failure(let error):
                    warnings.append(Self.warning(error, in: condition))
                    continue
                }
            }
            return verdict(of: rule, bindings: bindings, failSafe: failSafe, warnings: warnings)
        }
        // Unreachable for a compiled policy: its last rule has no condition.
        return Self.builtInFailSafe(input, warnings: warnings + ["no rule matched"])
    }

    private func verdict(of rule: PolicyRule, bindings: [String: CELValue], failSafe: Bool, warnings: [String]) -> PolicyVerdict {
        var warnings = warnings
        let rationale: String
        switch rule.rationale {
        case .text(let text):
            rationale = text
        case .expression(let expression):
            switch expression.program.evaluate(bindings) {
            case .success(.string(let text)):
                rationale = text
            case .success(let other):
                rationale = "Rule \(rule.id) matched."
                warnings.append("\(expression.path): not a string: \(other)")
            case .failure(let error):
                rationale = "Rule \(rule.id) matched."
                warnings.append(Self.warning(error, in: expression))
            }
        }
        return PolicyVerdict(
            decision: rule.decision, ruleID: rule.id, rationale: rationale,
            facts: facts(of: rule.condition, bindings: bindings),
            handoff: rule.decision == .handoff ? rule.handoff ?? HandoffOptions() : nil,
            approval: rule.decision == .approval ? rule.approval ?? ApprovalOptions() : nil,
            confirmationTTL: rule.decision == .confirm ? rule.confirmationTTL ?? PolicyVerdict.defaultConfirmationTTL : nil,
            evaluationWarnings: warnings, usedFailSafe: failSafe)
    }

    /// The paths `condition` read, then those of the variables it used
    /// (transitively), each with its value.
    private func facts(of condition: PolicyExpression?, bindings: [String: CELValue]) -> [PolicyFact] {
        guard let condition else { return [] }
        var paths: [String] = []
        var pending = condition.reads
        while !pending.isEmpty {
            let path = pending.removeFirst()
            if paths.contains(path) { continue }
            paths.append(path)
            if path.hasPrefix("variables."), let variable = variables.first(where: { "variables." + $0.name == path }) {
                pending += variable.expression.reads
            }
        }
        return paths.map { PolicyFact(path: $0, value: Self.value(at: $0, in: bindings).map(Self.render) ?? "<unset>") }
    }

    private static func value(at path: String, in bindings: [String: CELValue]) -> CELValue? {
        let components = path.split(separator: ".").map(String.init)
        guard var value = components.first.flatMap({ bindings[$0] }) else { return nil }
        for component in components.dropFirst() {
            guard case .object(let object) = value, let next = object.fields[component] else { return nil }
            value = next
        }
        return value
    }

    /// A value in CEL syntax, objects as `{field: value}` in field-name order.
    static func render(_ value: CELValue) -> String {
        switch value {
        case .list(let items): return "[" + items.map(render).joined(separator: ", ") + "]"
        case .object(let object):
            return "{" + object.fields.sorted { $0.key < $1.key }.map { "\($0.key): \(render($0.value))" }.joined(separator: ", ") + "}"
        default: return value.description
        }
    }

    private static func warning(_ error: CELEvalError, in expression: PolicyExpression) -> String {
        let location = expression.program.location(of: error).map { " at \($0)" } ?? ""
        return "\(expression.path)\(location): \(error)"
    }

    private static func builtInFailSafe(_ input: PolicyInput, warnings: [String]) -> PolicyVerdict {
        let tier = PolicyFact(path: "customer.tier", value: render(.string(input.customer.tier)))
        if input.customer.tier.hasPrefix("vip") {
            return PolicyVerdict(
                decision: .handoff, ruleID: builtInFailSafeVIPRuleID,
                rationale: "Signals are unavailable and the customer is a VIP: a person takes over.", facts: [tier],
                handoff: HandoffOptions(urgency: "high"), evaluationWarnings: warnings, usedFailSafe: true)
        }
        return PolicyVerdict(
            decision: .continue, ruleID: builtInFailSafeDefaultRuleID,
            rationale: "Warning: signals are unavailable, so no risk was assessed; the bot continues.", facts: [tier],
            evaluationWarnings: warnings, usedFailSafe: true)
    }
}
