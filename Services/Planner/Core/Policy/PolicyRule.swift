/// One compiled rule: when it matches, what it decides and why.
struct PolicyRule: Sendable {
    /// What a rule says about why it decided.
    enum Rationale: Sendable {
        /// A fixed text.
        case text(String)
        /// A string expression evaluated with the rule's inputs.
        case expression(PolicyExpression)
    }

    /// The rule's id.
    let id: String
    /// Its condition; nil for a rule that always matches (the default).
    let condition: PolicyExpression?
    /// The decision it takes.
    let decision: PolicyDecision
    /// Why.
    let rationale: Rationale
    /// Routing options, for a handoff.
    let handoff: HandoffOptions?
    /// Approval options, for an approval.
    let approval: ApprovalOptions?
    /// Confirmation TTL, for a confirm.
    let confirmationTTL: Duration?
}
