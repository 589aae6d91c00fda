/// The outcome of one of a policy document's own `tests`.
public struct PolicyTestResult: Sendable, Equatable {
    /// The test's `name`.
    public var name: String
    /// Whether the decision (and the rule, when the test names one) was the expected one.
    public var passed: Bool
    /// The decision the test expects.
    public var expected: PolicyDecision
    /// The decision the policy took.
    public var actual: PolicyDecision
    /// The rule that decided.
    public var ruleID: String
    /// Why the test failed, or the rationale when it passed.
    public var message: String

    /// A result with every field given.
    public init(name: String, passed: Bool, expected: PolicyDecision, actual: PolicyDecision, ruleID: String, message: String) {
        self.name = name
        self.passed = passed
        self.expected = expected
        self.actual = actual
        self.ruleID = ruleID
        self.message = message
    }
}
