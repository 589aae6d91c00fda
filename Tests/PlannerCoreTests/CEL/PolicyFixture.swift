import PlannerCore

/// The inputs of a policy condition, as the planner will declare them:
/// `signals`, `action`, `customer` as message-like objects and `variables`
/// as a map.
enum PolicyFixture {
    static let environment: CELEnvironment = {
        var env = CELEnvironment()
        env.declareObject("baton.signals.Trigger", fields: ["name": .string, "category": .string, "score": .double])
        env.declareObject("baton.signals.Report", fields: [
            "trigger_categories": .list(.string), "triggers": .list(.object("baton.signals.Trigger")), "risk": .double,
        ])
        env.declareObject("baton.planner.Action", fields: [
            "kind": .string, "currency": .string, "amount_minor": .int, "irreversible": .bool,
        ])
        env.declareObject("baton.planner.Customer", fields: ["tier": .string, "tenure_days": .int])
        env.declareVariable("signals", .object("baton.signals.Report"))
        env.declareVariable("action", .object("baton.planner.Action"))
        env.declareVariable("customer", .object("baton.planner.Customer"))
        env.declareVariable("variables", .map(.string, .dyn))
        env.declareVariable("now", .timestamp)
        return env
    }()

    static func trigger(_ name: String, _ category: String, score: Double = 0.9) -> CELValue {
        .object(CELObject(typeName: "baton.signals.Trigger",
                          fields: ["name": .string(name), "category": .string(category), "score": .double(score)]))
    }

    static func bindings(
        triggers: [CELValue] = [trigger("capability.legal.threat", "capability")],
        kind: String = "refund", currency: String = "EUR", amountMinor: Int64 = 12_500,
        tier: String = "vip_gold", tenureDays: Int64 = 400, refundEur: CELValue = .int(12_500)
    ) -> [String: CELValue] {
        var categories: [CELValue] = []
        for t in triggers {
            if case .object(let o) = t, let c = o.fields["category"], !categories.contains(c) { categories.append(c) }
        }
        return [
            "signals": .object(CELObject(typeName: "baton.signals.Report", fields: [
                "trigger_categories": .list(categories), "triggers": .list(triggers), "risk": .double(0.7),
            ])),
            "action": .object(CELObject(typeName: "baton.planner.Action", fields: [
                "kind": .string(kind), "currency": .string(currency), "amount_minor": .int(amountMinor),
                "irreversible": .bool(true),
            ])),
            "customer": .object(CELObject(typeName: "baton.planner.Customer", fields: [
                "tier": .string(tier), "tenure_days": .int(tenureDays),
            ])),
            "variables": .map(CELMap([(.string("refund_eur"), refundEur)])),
            "now": .timestamp(CELTimestamp(parsing: "2024-06-03T14:30:00Z")!),
        ]
    }

    static func compile(_ source: String, limits: CELLimits = .standard) throws(CELCompileError) -> CELProgram {
        try CELProgram(compiling: source, environment: environment, limits: limits)
    }
}
