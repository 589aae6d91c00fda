import PlannerCore
import Testing

/// Size, nesting and the step budget bound what an expression may cost.
@Suite("CEL limits")
struct LimitsTests {
    static func compileError(_ source: String, limits: CELLimits) -> CELCompileError? {
        do {
            _ = try CELProgram(compiling: source, environment: nil, limits: limits)
            return nil
        } catch {
            return error
        }
    }

    @Test("source length")
    func sourceLength() {
        let limits = CELLimits(maxSourceLength: 10)
        #expect(Self.compileError("1 + 2 + 3", limits: limits) == nil)
        #expect(Self.compileError("1 + 2 + 3 + 4", limits: limits)?.code == .limitExceeded)
    }

    @Test("node count")
    func nodeCount() {
        let limits = CELLimits(maxNodes: 9)
        #expect(Self.compileError("1 + 2 + 3 + 4 + 5", limits: limits) == nil)  // 9 nodes
        #expect(Self.compileError("1 + 2 + 3 + 4 + 5 + 6", limits: limits)?.code == .limitExceeded)
    }

    @Test("nesting depth: parentheses, left-leaning chains and nested calls")
    func depth() {
        let limits = CELLimits(maxDepth: 8)
        #expect(Self.compileError(String(repeating: "(", count: 7) + "1" + String(repeating: ")", count: 7), limits: limits) == nil)
        #expect(Self.compileError(String(repeating: "(", count: 9) + "1" + String(repeating: ")", count: 9), limits: limits)?.code == .limitExceeded)
        #expect(Self.compileError(Array(repeating: "1", count: 10).joined(separator: " + "), limits: limits)?.code == .limitExceeded)
        #expect(Self.compileError(String(repeating: "[", count: 9) + String(repeating: "]", count: 9), limits: limits)?.code == .limitExceeded)
        #expect(Self.compileError(String(repeating: "-", count: 9) + "x", limits: limits)?.code == .limitExceeded)
    }

    @Test("a deeply nested expression is refused at the default limit, not a stack overflow")
    func deepDefault() {
        let source = String(repeating: "(", count: 100_000) + "1" + String(repeating: ")", count: 100_000)
        #expect(Self.compileError(source, limits: CELLimits(maxSourceLength: 1_000_000))?.code == .limitExceeded)
        let unary = String(repeating: "!", count: 100_000) + "true"
        #expect(Self.compileError(unary, limits: CELLimits(maxSourceLength: 1_000_000, maxNodes: 1_000_000))?.code == .limitExceeded)
    }

    @Test("the step budget stops pathological comprehensions")
    func budget() throws {
        let range = "[" + (0..<30).map(String.init).joined(separator: ", ") + "]"
        let source = "\(range).all(a, \(range).all(b, \(range).all(c, a + b + c >= 0)))"  // 27,000 iterations
        let program = try CELProgram(compiling: source, environment: nil, limits: CELLimits(maxSteps: 10_000))
        let result = program.evaluate()
        guard case .failure(let error) = result else {
            Issue.record("expected the budget to run out, got \(result)")
            return
        }
        #expect(error.code == .budgetExceeded)
        let generous = try CELProgram(compiling: source, environment: nil, limits: CELLimits(maxSteps: 1_000_000))
        #expect(try generous.evaluate().get() == .bool(true))
    }

    @Test("an exhausted budget is not absorbed by || or exists")
    func budgetNotAbsorbed() throws {
        let range = "[" + (0..<50).map(String.init).joined(separator: ", ") + "]"
        let source = "\(range).exists(a, \(range).exists(b, a * b < 0)) || true"
        let program = try CELProgram(compiling: source, environment: nil, limits: CELLimits(maxSteps: 1_000))
        #expect(throws: CELEvalError.self) { try program.evaluate().get() }
    }

    @Test("concatenation is charged by size")
    func concatenationCost() throws {
        let program = try CELProgram(compiling: "[1, 2, 3, 4, 5, 6, 7, 8].map(x, s + s + s + s).size() > 0",
                                     environment: CELEnvironment(variables: ["s": .string]),
                                     limits: CELLimits(maxSteps: 2_000))
        let big = CELValue.string(String(repeating: "x", count: 10_000))
        #expect(throws: CELEvalError.self) { try program.evaluate(["s": big]).get() }
        #expect(try program.evaluate(["s": .string("x")]).get() == .bool(true))
    }
}
