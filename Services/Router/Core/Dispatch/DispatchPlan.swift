/// Everything one dispatch pass decided, for the service to write in one
/// round trip: offers, recorded widenings, on-call routings and expiries.
public struct DispatchPlan: Sendable, Hashable {
    /// One offer to make.
    public struct Offer: Sendable, Hashable {
        /// The escalation offered.
        public var escalationID: String
        /// The agent it is offered to.
        public var agentID: String
        /// Why that agent.
        public var reason: MatchReason

        /// An offer.
        public init(escalationID: String, agentID: String, reason: MatchReason) {
            self.escalationID = escalationID
            self.agentID = agentID
            self.reason = reason
        }
    }

    /// One widening stage reached.
    public struct WideningChange: Sendable, Hashable {
        /// The escalation.
        public var escalationID: String
        /// Stages now applied.
        public var stageCount: Int
        /// The history line: which stage.
        public var detail: String

        /// A widening change.
        public init(escalationID: String, stageCount: Int, detail: String) {
            self.escalationID = escalationID
            self.stageCount = stageCount
            self.detail = detail
        }
    }

    /// One escalation that ends without an agent.
    public struct Expiry: Sendable, Hashable {
        /// The escalation.
        public var escalationID: String
        /// Why.
        public var reason: ExpiryReason

        /// An expiry.
        public init(escalationID: String, reason: ExpiryReason) {
            self.escalationID = escalationID
            self.reason = reason
        }
    }

    /// Offers, in the order they were planned.
    public var offers: [Offer] = []
    /// Widening stages reached.
    public var widenings: [WideningChange] = []
    /// Escalations that took the on-call path.
    public var onCallRoutings: [String] = []
    /// Escalations that end.
    public var expiries: [Expiry] = []

    /// An empty plan.
    public init() {}

    /// True when the pass has nothing to write.
    public var isEmpty: Bool {
        offers.isEmpty && widenings.isEmpty && onCallRoutings.isEmpty && expiries.isEmpty
    }

    /// Adds `decision` to the plan.
    mutating func record(_ decision: DispatchDecision) {
        if let widening = decision.widening {
            widenings.append(WideningChange(
                escalationID: decision.escalationID, stageCount: widening.stageCount,
                detail: "step \(widening.stageCount): \(widening.appliedStages.last.map { "\($0)" } ?? "")"))
        }
        if decision.routedOnCall { onCallRoutings.append(decision.escalationID) }
        switch decision.outcome {
        case .offer(let agentID, let reason):
            offers.append(Offer(escalationID: decision.escalationID, agentID: agentID, reason: reason))
        case .expire(let reason):
            expiries.append(Expiry(escalationID: decision.escalationID, reason: reason))
        case .holdForPreviousAgent, .wait, .waitForOpening, .unknownQueue:
            break
        }
    }
}
