import PlannerCore
import Testing

/// Type errors name the problem and where it is, by line and column within
/// the expression, so the planner can map them into a YAML document.
@Suite("CEL type checker")
struct TypeCheckerTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var source: String
        var code: CELCompileError.Code
        var line: Int
        var column: Int
        var testDescription: String { source }
    }

    static let cases: [Case] = [
        Case(source: "customer.tenure", code: .undefinedField, line: 1, column: 10),
        Case(source: "custmer.tier == 'vip'", code: .undeclaredReference, line: 1, column: 1),
        Case(source: "customer.tier > 3", code: .noMatchingOverload, line: 1, column: 15),
        Case(source: "action.amount_minor + 1.5", code: .noMatchingOverload, line: 1, column: 21),
        Case(source: "action.kind == 'refund' &&\n  customer.tenure_days == 'long'", code: .noMatchingOverload, line: 2, column: 24),
        Case(source: "signals.triggers.exists(t,\n  t.nme == 'x')", code: .undefinedField, line: 2, column: 5),
        Case(source: "signals.triggers.all(t, t.score)", code: .typeMismatch, line: 1, column: 27),
        Case(source: "signals.risk ? 1 : 2", code: .typeMismatch, line: 1, column: 9),
        Case(source: "action.irreversible ? 1 : 'one'", code: .noMatchingOverload, line: 1, column: 21),
        Case(source: "size(action.irreversible)", code: .noMatchingOverload, line: 1, column: 1),
        Case(source: "customer.tier.startsWith(1)", code: .noMatchingOverload, line: 1, column: 15),
        Case(source: "action.kind.size", code: .typeMismatch, line: 1, column: 13),
        Case(source: "lower(customer.tier)", code: .undeclaredReference, line: 1, column: 1),
        Case(source: "1 + 1u", code: .noMatchingOverload, line: 1, column: 3),
        Case(source: "'é' + x", code: .undeclaredReference, line: 1, column: 7),
        Case(source: "customer.tier ==", code: .syntax, line: 1, column: 17),
        Case(source: "'unterminated", code: .syntax, line: 1, column: 1),
        Case(source: "action.kind == 'a'\n\n  && 9223372036854775808 > 0", code: .syntax, line: 3, column: 6),
        Case(source: "customer.tier.matches('(a)\\\\1')", code: .typeMismatch, line: 1, column: 23),
        Case(source: "signals.triggers.map(t.name)", code: .invalidMacro, line: 1, column: 18),
        Case(source: "has(customer)", code: .invalidMacro, line: 1, column: 1),
        Case(source: "Customer{tier: 'x'}", code: .unsupported, line: 1, column: 9),
    ]

    @Test("errors carry a code, a line and a column", arguments: cases)
    func error(_ sample: Case) {
        do {
            let program = try PolicyFixture.compile(sample.source)
            Issue.record("\(sample.source) compiled to \(program.resultType)")
        } catch {
            #expect(error.code == sample.code, "\(error)")
            #expect(error.location.line == sample.line && error.location.column == sample.column, "\(error)")
        }
    }

    @Test("dyn defers checks to run time")
    func dyn() throws {
        let program = try PolicyFixture.compile("variables.anything + 1 > 2")
        #expect(program.resultType == .bool)
        #expect(throws: CELEvalError.self) { try program.evaluate(PolicyFixture.bindings()).get() }
    }

    @Test("mixed numeric orderings check; equality needs matching types")
    func numericMix() throws {
        #expect(try PolicyFixture.compile("action.amount_minor > signals.risk").resultType == .bool)
        #expect(throws: CELCompileError.self) { try PolicyFixture.compile("action.amount_minor == signals.risk") }
        #expect(try PolicyFixture.compile("dyn(action.amount_minor) == 12500.0").evaluate(PolicyFixture.bindings()).get() == .bool(true))
    }

    @Test("locations count Unicode scalars, not bytes or grapheme clusters")
    func unicodeColumns() {
        let location = CELSourceLocation(offset: 7, in: "'e\u{301}😀' + x")
        #expect(location.line == 1 && location.column == 8)
    }
}
