public import Foundation

/// The rules of offers: how long one stays open, what an answer leads to,
/// and when an agent who lets offers lapse is set away.
///
/// Accepting assigns. Declining or letting the offer lapse excludes the
/// agent from this escalation for good, and the escalation is offered to
/// the next eligible agent (`AgentMatcher` skips excluded agents), or
/// expires once `maxOffers` offers were made. Lapses in a row are counted
/// per agent; any answer resets the count, and reaching
/// `awayAfterConsecutiveTimeouts` sets the agent away so that an absent
/// agent stops holding up the queue.
public struct OfferPolicy: Sendable, Hashable {
    /// How long an offer stays open.
    public var timeout: Duration
    /// Lapsed offers in a row after which the agent is set away; at least 1.
    public var awayAfterConsecutiveTimeouts: Int
    /// Offers after which an escalation expires if nobody accepted; 0: no
    /// limit.
    public var maxOffers: Int

    /// A policy; by default 30 s offers, away after 3 lapses, no offer limit.
    public init(timeout: Duration = .seconds(30), awayAfterConsecutiveTimeouts: Int = 3, maxOffers: Int = 0) {
        self.timeout = timeout
        self.awayAfterConsecutiveTimeouts = awayAfterConsecutiveTimeouts
        self.maxOffers = maxOffers
    }

    /// When an offer made at `offerTime` lapses.
    public func expiry(ofOfferMadeAt offerTime: Date) -> Date {
        offerTime.adding(timeout)
    }

    /// True when an offer made at `offerTime` has lapsed at `now`.
    public func hasLapsed(offerMadeAt offerTime: Date, at now: Date) -> Bool {
        now >= expiry(ofOfferMadeAt: offerTime)
    }

    /// What follows `answer` to the offer of `escalation` to `agentID`, the
    /// escalation's `offerCount`-th offer (this one included), when the
    /// agent had `agentConsecutiveTimeouts` lapses in a row before it.
    public func resolve(
        _ answer: OfferAnswer,
        escalation: Escalation,
        agentID: String,
        offerCount: Int,
        agentConsecutiveTimeouts: Int
    ) -> OfferResolution {
        var excluded = escalation.excludedAgentIDs
        var timeouts = agentConsecutiveTimeouts
        let next: OfferResolution.Next
        switch answer {
        case .accepted:
            timeouts = 0
            next = .assign
        case .declined, .timedOut:
            timeouts = answer == .timedOut ? timeouts + 1 : 0
            excluded.insert(agentID)
            next = maxOffers > 0 && offerCount >= maxOffers ? .expire : .reoffer
        case .revoked:
            next = .reoffer
        }
        return OfferResolution(
            next: next,
            excludedAgentIDs: excluded,
            agentConsecutiveTimeouts: timeouts,
            setAgentAway: answer == .timedOut && timeouts >= max(1, awayAfterConsecutiveTimeouts)
        )
    }
}
