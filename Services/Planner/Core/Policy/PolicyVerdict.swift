/// A policy's answer for one turn: the decision, the rule that took it, why,
/// and the facts it read.
public struct PolicyVerdict: Sendable, Equatable {
    /// The decision.
    public var decision: PolicyDecision
    /// The `id` of the rule that matched (`builtin-fail-safe-…` for the built-in fail-safe).
    public var ruleID: String
    /// The rule's rationale, or its evaluated `rationaleExpression`.
    public var rationale: String
    /// The input fields the matched rule's condition read (and those of the
    /// variables it used, and the variables themselves), with their values.
    public var facts: [PolicyFact]
    /// Routing for a `handoff` decision; nil for the others.
    public var handoff: HandoffOptions?
    /// Handling of an `approval` decision; nil for the others.
    public var approval: ApprovalOptions?
    /// How long the customer has to confirm a `confirm` decision; nil for the others.
    public var confirmationTTL: Duration?
    /// Runtime errors absorbed while deciding: a rule whose condition failed
    /// counts as not matched, a variable that failed is left unset.
    public var evaluationWarnings: [String]
    /// Whether the fail-safe rules decided because signals were unavailable.
    public var usedFailSafe: Bool

    /// The confirmation TTL when a `confirm` rule sets none.
    public static let defaultConfirmationTTL: Duration = .seconds(600)

    /// A verdict with every field given.
    public init(
        decision: PolicyDecision, ruleID: String, rationale: String, facts: [PolicyFact] = [],
        handoff: HandoffOptions? = nil, approval: ApprovalOptions? = nil, confirmationTTL: Duration? = nil,
        evaluationWarnings: [String] = [], usedFailSafe: Bool = false
    ) {
        self.decision = decision
        self.ruleID = ruleID
        self.rationale = rationale
        self.facts = facts
        self.handoff = handoff
        self.approval = approval
        self.confirmationTTL = confirmationTTL
        self.evaluationWarnings = evaluationWarnings
        self.usedFailSafe = usedFailSafe
    }
}
