import PlannerCore
import Testing

/// CEL's runtime semantics: errors are values that && and || absorb from
/// either side, 64-bit integer overflow is an error, and conversions and
/// time arithmetic check their ranges.
@Suite("CEL semantics")
struct SemanticsTests {
    enum Outcome: Sendable, Equatable {
        case value(CELValue)
        case error(CELEvalError.Code)
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var source: String
        var outcome: Outcome
        var testDescription: String { source }
        init(_ source: String, _ value: CELValue) { self.source = source; outcome = .value(value) }
        init(_ source: String, error: CELEvalError.Code) { self.source = source; outcome = .error(error) }
    }

    static func run(_ source: String) throws -> Outcome {
        // Unchecked, so that ill-typed operands reach the evaluator.
        let program = try CELProgram(compiling: source, environment: nil)
        switch program.evaluate([:]) {
        case .success(let value): return .value(value)
        case .failure(let error): return .error(error.code)
        }
    }

    static let logic: [Case] = [
        Case("false && 1/0 == 1", .bool(false)),
        Case("1/0 == 1 && false", .bool(false)),
        Case("true || 1/0 == 1", .bool(true)),
        Case("1/0 == 1 || true", .bool(true)),
        Case("true && 1/0 == 1", error: .divideByZero),
        Case("1/0 == 1 && true", error: .divideByZero),
        Case("false || 1/0 == 1", error: .divideByZero),
        Case("1/0 == 1 || 'a'", error: .divideByZero),  // the first error wins
        Case("'a' && false", .bool(false)),
        Case("'a' && true", error: .noSuchOverload),
        Case("true ? 1 : 1/0", .int(1)),
        Case("false ? 1/0 : 2", .int(2)),
        Case("(1/0 == 1) ? 1 : 2", error: .divideByZero),
        Case("[1, 0].all(x, 1/x > 0 && false)", .bool(false)),
        Case("[0, 1].exists(x, 1/x == 1)", .bool(true)),
        Case("[0, 2].exists(x, 1/x == 1)", error: .divideByZero),
        Case("[0, 1].exists_one(x, 1/x == 1)", error: .divideByZero),
        Case("!(1/0 == 1)", error: .divideByZero),
        Case("x || true", .bool(true)),
        Case("x && true", error: .unboundVariable),
        Case("undefined_fn(1) || true", .bool(true)),
    ]

    static let arithmetic: [Case] = [
        Case("9223372036854775807 + 1", error: .overflow),
        Case("-9223372036854775808 - 1", error: .overflow),
        Case("-(-9223372036854775808)", error: .overflow),
        Case("-9223372036854775808 / -1", error: .overflow),
        Case("-9223372036854775808 % -1", error: .overflow),
        Case("4611686018427387904 * 2", error: .overflow),
        Case("-9223372036854775808", .int(.min)),
        Case("0u - 1u", error: .overflow),
        Case("18446744073709551615u + 1u", error: .overflow),
        Case("5 / 0", error: .divideByZero),
        Case("5 % 0", error: .divideByZero),
        Case("5u % 0u", error: .divideByZero),
        Case("-7 / 2", .int(-3)),
        Case("-7 % 2", .int(-1)),
        Case("1.0 / 0.0", .double(.infinity)),
        Case("1 + 1.0", error: .noSuchOverload),
        Case("int(9.3e18)", error: .overflow),
        Case("int(-1.5)", .int(-1)),
        Case("uint(-1)", error: .overflow),
        Case("int('12a')", error: .invalidArgument),
        Case("[1, 2][2]", error: .indexOutOfRange),
        Case("[1, 2][-1]", error: .indexOutOfRange),
        Case("{'a': 1}['b']", error: .noSuchKey),
        Case("{'a': 1, 'a': 2}", error: .duplicateKey),
        Case("{1: 'x'}[1u]", .string("x")),
        Case("size('e\\u0301😀')", .int(3)),
        Case("'e\\u0301' == '\\u00e9'", .bool(false)),  // code points, not canonical equivalence
        Case("'\\u00e9'.startsWith('e')", .bool(false)),
        Case("string(1e6) + ' ' + string(0.1) + ' ' + string(100.0)", .string("1e+06 0.1 100")),
        Case("duration('1h30m') + duration('30m') == duration('2h')", .bool(true)),
        Case("string(duration('1h30m'))", .string("5400s")),
        Case("timestamp('2024-01-01T00:00:00Z') + duration('1h30m') < timestamp('2024-01-01T01:30:00.000000001Z')", .bool(true)),
        Case("timestamp('2024-01-01T00:00:00Z') - timestamp('2023-12-31T00:00:00+01:00')", .duration(CELDuration(nanoseconds: 90_000_000_000_000))),
        Case("timestamp('9999-12-31T23:59:59Z') + duration('1s')", error: .overflow),
        Case("duration('3000000h')", error: .invalidArgument),
        Case("timestamp('2024-13-01T00:00:00Z')", error: .invalidArgument),
        Case("timestamp('2024-01-01T00:00:00Z').getDayOfWeek('Mars/Olympus')", error: .invalidArgument),
        Case("timestamp('2024-03-31T00:59:59Z').getHours('Europe/Berlin')", .int(1)),
        Case("timestamp('2024-03-31T01:00:00Z').getHours('Europe/Berlin')", .int(3)),
        Case("timestamp('2024-01-01T00:00:00Z').getDayOfYear('-01:00')", .int(364)),
        Case("timestamp('2024-06-01T12:00:00Z').getHours('+1:00')", .int(13)),
        Case("timestamp('2024-06-01T12:00:00Z').getHours('')", .int(12)),
        Case("timestamp('2024-06-01T12:00:00.1234567891Z') == timestamp('2024-06-01T12:00:00.123456789Z')", .bool(true)),
        Case("uint('-0')", error: .invalidArgument),
        Case("'abc'.matches('b+')", .bool(true)),
        Case("'abc'.matches('^b')", .bool(false)),
        Case("'abc'.matches('(?' + '=a)')", error: .invalidArgument),  // a constant pattern fails at compile time
        Case("type(1) == int && type(1u) != int && type([]) == list", .bool(true)),
    ]

    @Test("hexadecimal literals take a lowercase 0x only, as the grammar says")
    func hexadecimal() throws {
        #expect(try Self.run("0x1F + 0x1Fu == 0x1F + 31u - 31u + 31") == .error(.noSuchOverload))
        #expect(try Self.run("0xff") == .value(.int(255)))
        #expect(throws: CELCompileError.self) { try Self.run("0XFF") }
    }

    @Test("&&, || and ?: absorb errors as CEL specifies", arguments: logic)
    func logical(_ sample: Case) throws {
        #expect(try Self.run(sample.source) == sample.outcome)
    }

    @Test("arithmetic, conversions and time are checked, never trapping", arguments: arithmetic)
    func checkedArithmetic(_ sample: Case) throws {
        #expect(try Self.run(sample.source) == sample.outcome)
    }
}
