public import Wire

/// The planner's decision for a turn: the policy's verdict after the rules
/// no policy can change (an explicit request for a person is honoured; a
/// hand-back does not loop; irreversible actions are confirmed).
public struct TurnDecision: Sendable, Equatable {
    /// What the bot must do.
    public var decision: PolicyDecision
    /// The rule that decided: the policy's rule id, or the planner's own
    /// (`TurnOverride.ruleID`) when an override applied.
    public var ruleID: String
    /// Why, in English, naming the rule and the facts it used.
    public var rationale: String
    /// The override that changed the policy's verdict, if any.
    public var override: TurnOverride?
    /// Urgency of a hand-off or a routed approval.
    public var urgency: CommonV1.Urgency
    /// Queue the policy chose for a hand-off; nil lets the router choose.
    public var queue: String?
    /// Approval options (set for `.approval`).
    public var approval: ApprovalOptions?
    /// How long a confirmation stays valid (meaningful for `.confirm`).
    public var confirmationTTL: Duration
    /// The firings a hand-off is made on, remembered so that the same
    /// evidence does not hand the conversation off again after a hand-back.
    public var escalatingFirings: [TriggerFiring]

    /// A decision.
    public init(decision: PolicyDecision, ruleID: String, rationale: String, override: TurnOverride? = nil,
                urgency: CommonV1.Urgency = .normal, queue: String? = nil, approval: ApprovalOptions? = nil,
                confirmationTTL: Duration = PolicyVerdict.defaultConfirmationTTL, escalatingFirings: [TriggerFiring] = []) {
        self.decision = decision
        self.ruleID = ruleID
        self.rationale = rationale
        self.override = override
        self.urgency = urgency
        self.queue = queue
        self.approval = approval
        self.confirmationTTL = confirmationTTL
        self.escalatingFirings = escalatingFirings
    }
}

/// Why the planner changed the policy's verdict.
public enum TurnOverride: String, Sendable, Equatable {
    /// The customer asked for a person: honoured whatever the policy said.
    case explicitRequest = "planner.explicit_request"
    /// After a hand-back, the hand-off rested only on evidence that was
    /// already handed off once.
    case handBackWithoutNewEvidence = "planner.hand_back_without_new_evidence"
    /// The policy chose to act, but the bot requested no action.
    case noActionRequested = "planner.no_action_requested"
    /// The policy chose to execute an irreversible action: the customer
    /// confirms first.
    case irreversibleNeedsConfirmation = "planner.irreversible_needs_confirmation"
    /// The policy allowed the action, but the connector could not run it:
    /// a person takes over rather than the bot promising what did not happen.
    case actionFailed = "planner.action_failed"
    /// A person has the conversation: the turn goes to them (no policy is asked).
    case withPerson = "planner.with_person"

    /// The rule id recorded for an override.
    public var ruleID: String { rawValue }
}
