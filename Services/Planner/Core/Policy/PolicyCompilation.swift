/// What compiling a policy document produced: the policy when the document
/// is valid, every diagnostic (errors and warnings), and the results of the
/// document's own tests (run only when nothing else is wrong).
public struct PolicyCompilation: Sendable {
    /// The compiled policy; nil when any error was found, a failed test included.
    public var policy: CompiledPolicy?
    /// Errors and warnings, in document order within each phase.
    public var diagnostics: [PolicyDiagnostic]
    /// One result per document test, in document order.
    public var testResults: [PolicyTestResult]

    /// Whether the document may be published.
    public var isValid: Bool { policy != nil }

    /// A compilation with every field given.
    public init(policy: CompiledPolicy?, diagnostics: [PolicyDiagnostic], testResults: [PolicyTestResult]) {
        self.policy = policy
        self.diagnostics = diagnostics
        self.testResults = testResults
    }
}
