import PlannerCore
import Testing

/// The planner's example policy conditions type-check against the policy
/// inputs and evaluate as a policy author expects.
@Suite("CEL policy conditions")
struct PolicyConditionTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var source: String
        var type: CELType
        var bindings: [String: CELValue]
        var expected: CELValue
        var testDescription: String { source }
    }

    static let legal = "'capability' in signals.trigger_categories && signals.triggers.exists(t, t.name.startsWith('capability.legal'))"
    static let refund = "action.kind == 'refund' && action.currency == 'EUR' ? action.amount_minor : -1"
    static let message = "'Refund of ' + string(variables.refund_eur / 100) + ' EUR needs approval'"

    static let cases: [Case] = [
        Case(source: legal, type: .bool, bindings: PolicyFixture.bindings(), expected: .bool(true)),
        Case(source: legal, type: .bool,
             bindings: PolicyFixture.bindings(triggers: [PolicyFixture.trigger("capability.refund_limit", "capability")]),
             expected: .bool(false)),
        Case(source: legal, type: .bool, bindings: PolicyFixture.bindings(triggers: []), expected: .bool(false)),
        Case(source: refund, type: .int, bindings: PolicyFixture.bindings(), expected: .int(12_500)),
        Case(source: refund, type: .int, bindings: PolicyFixture.bindings(currency: "USD"), expected: .int(-1)),
        Case(source: refund, type: .int, bindings: PolicyFixture.bindings(kind: "replace"), expected: .int(-1)),
        Case(source: message, type: .string, bindings: PolicyFixture.bindings(),
             expected: .string("Refund of 125 EUR needs approval")),
        Case(source: "customer.tier.startsWith('vip') && customer.tenure_days > 365 || signals.risk >= 0.9",
             type: .bool, bindings: PolicyFixture.bindings(), expected: .bool(true)),
        Case(source: "signals.triggers.filter(t, t.score > 0.5).map(t, t.name)", type: .list(.string),
             bindings: PolicyFixture.bindings(), expected: .list([.string("capability.legal.threat")])),
        Case(source: "signals.triggers.exists_one(t, t.category == 'capability')", type: .bool,
             bindings: PolicyFixture.bindings(), expected: .bool(true)),
        Case(source: "has(variables.refund_eur) && !has(variables.other)", type: .bool,
             bindings: PolicyFixture.bindings(), expected: .bool(true)),
        Case(source: "now.getHours('Europe/Paris') >= 9 && now.getDayOfWeek() in [1, 2, 3, 4, 5]", type: .bool,
             bindings: PolicyFixture.bindings(), expected: .bool(true)),
        Case(source: "now - timestamp('2024-06-03T12:00:00Z') > duration('2h')", type: .bool,
             bindings: PolicyFixture.bindings(), expected: .bool(true)),
        Case(source: "action.amount_minor > 10000 ? 'approval' : 'execute'", type: .string,
             bindings: PolicyFixture.bindings(), expected: .string("approval")),
        Case(source: "{'vip_gold': 2, 'vip_platinum': 3}[customer.tier] * 100", type: .int,
             bindings: PolicyFixture.bindings(), expected: .int(200)),
        Case(source: "customer.tier.matches('^vip_(gold|platinum)$')", type: .bool,
             bindings: PolicyFixture.bindings(), expected: .bool(true)),
    ]

    @Test("example conditions check and evaluate", arguments: cases)
    func condition(_ sample: Case) throws {
        let program = try PolicyFixture.compile(sample.source)
        #expect(program.resultType == sample.type)
        #expect(try program.evaluate(sample.bindings).get() == sample.expected)
    }

    @Test("a runtime type mismatch in a dyn input is an error value, not a crash")
    func dynamicMismatch() throws {
        let program = try PolicyFixture.compile(Self.message)
        let result = program.evaluate(PolicyFixture.bindings(refundEur: .double(125.0)))
        guard case .failure(let error) = result else {
            Issue.record("expected an error, got \(result)")
            return
        }
        #expect(error.code == .noSuchOverload)
        // The error points at the division, for the policy author.
        #expect(program.location(of: error) == CELSourceLocation(offset: 43, line: 1, column: 44))
    }

    @Test("a missing input field is a noSuchField error that || can absorb")
    func missingField() throws {
        var bindings = PolicyFixture.bindings()
        bindings["customer"] = .object(CELObject(typeName: "baton.planner.Customer", fields: [:]))
        let strict = try PolicyFixture.compile("customer.tenure_days > 30")
        #expect(throws: CELEvalError.self) { try strict.evaluate(bindings).get() }
        let absorbed = try PolicyFixture.compile("customer.tenure_days > 30 || action.kind == 'refund'")
        #expect(try absorbed.evaluate(bindings).get() == .bool(true))
    }
}
