/// A compiled CEL expression: parsed, optionally type-checked, ready to be
/// evaluated many times (parse once at policy publish, evaluate per turn).
///
/// ```swift
/// let program = try CELProgram(compiling: "customer.tenure_days > 30", environment: env)
/// let result = program.evaluate(["customer": .object(customer)])
/// ```
public struct CELProgram: Sendable {
    /// The source text.
    public let source: String
    /// The parsed expression.
    public let expression: CELExpr
    /// The checked result type; `dyn` when compiled without an environment.
    public let resultType: CELType
    /// The limits the program was compiled with; evaluation uses `maxSteps`.
    public let limits: CELLimits
    /// The constant `matches` patterns, compiled once.
    let patterns: [String: CELRegex]

    /// Parses `source` and, when `environment` is given, type-checks it.
    /// Throws the first syntax, limit or type error with its location.
    public init(compiling source: String, environment: CELEnvironment?, limits: CELLimits = .standard)
        throws(CELCompileError)
    {
        self.source = source
        self.limits = limits
        expression = try CELParser.parse(source, limits: limits)
        if let environment {
            resultType = try CELTypeChecker.check(expression, source: source, environment: environment)
        } else {
            resultType = .dyn
        }
        var patterns: [String: CELRegex] = [:]
        try Self.precompilePatterns(in: expression, into: &patterns, source: source)
        self.patterns = patterns
    }

    /// Compiles constant `matches` patterns now, so that a bad pattern is a
    /// compile error and evaluation never compiles it again.
    static func precompilePatterns(in expr: CELExpr, into patterns: inout [String: CELRegex], source: String)
        throws(CELCompileError)
    {
        if case .call(.matches, _, let arguments) = expr.kind, let last = arguments.last,
           case .literal(.string(let pattern)) = last.kind, patterns[pattern] == nil
        {
            do throws(CELEvalError) {
                patterns[pattern] = try CELRegex(pattern)
            } catch {
                throw CELCompileError(code: .typeMismatch, message: error.message,
                                      location: CELSourceLocation(offset: last.offset, in: source))
            }
        }
        for child in CELExpr.children(of: expr.kind) {
            try precompilePatterns(in: child, into: &patterns, source: source)
        }
    }

    /// Where in the source a runtime error arose, when it carries an offset.
    public func location(of error: CELEvalError) -> CELSourceLocation? {
        error.offset.map { CELSourceLocation(offset: $0, in: source) }
    }

    /// Evaluates the program with `bindings` for its variables. A runtime
    /// error, including an exhausted step budget, is returned as a failure;
    /// nothing traps.
    public func evaluate(_ bindings: [String: CELValue] = [:]) -> Result<CELValue, CELEvalError> {
        var evaluator = CELEvaluator(bindings: bindings, maxSteps: limits.maxSteps, patterns: patterns)
        do throws(CELEvalError) {
            return .success(try evaluator.eval(expression))
        } catch {
            return .failure(error)
        }
    }
}
