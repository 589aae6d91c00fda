public import Foundation

/// The order of escalations in a queue: a head start from urgency and tier,
/// plus the time the customer has waited, bot time included.
///
///     score(e, now) = headStart(e.urgency) + headStart(e.tier)
///                   + e.priorWait + (now - e.enqueueTime)
///
/// A larger score is served first. Every score grows at the same rate, one
/// second per second, so the order of two waiting escalations never changes
/// with time and a stored key orders them (`sortKey(of:)`). The head start
/// works as if the escalation had started waiting that much earlier.
///
/// Bound (no starvation): an escalation L is overtaken only by escalations
/// whose head start exceeds L's by more than the difference of their waits.
/// Head starts differ by at most `maximumHeadStartGap` (40 min with
/// `standard`), so no escalation that started waiting more than that gap
/// after L is served before L. A LOW, FREE-tier escalation that has waited
/// 40 minutes is ahead of every escalation that arrives from then on, even a
/// CRITICAL, VIP-platinum one; while agents keep taking work it is served.
public struct Priority: Sendable, Hashable {
    /// Head start per urgency; a missing urgency gets none.
    public var urgencyHeadStart: [Urgency: Duration]
    /// Head start per customer tier; a missing tier gets none.
    public var tierHeadStart: [CustomerTier: Duration]

    /// A priority rule with the given head starts.
    public init(urgencyHeadStart: [Urgency: Duration], tierHeadStart: [CustomerTier: Duration]) {
        self.urgencyHeadStart = urgencyHeadStart
        self.tierHeadStart = tierHeadStart
    }

    /// The default rule: urgency LOW 0, NORMAL 5 min, HIGH 15 min,
    /// CRITICAL 30 min; tier FREE 0, STANDARD 1 min, PREMIUM 2 min,
    /// VIP gold 5 min, VIP platinum 10 min. Urgency outweighs tier: a HIGH
    /// free customer is ahead of a NORMAL platinum one who arrived together.
    public static let standard = Priority(
        urgencyHeadStart: [.low: .zero, .normal: .seconds(300), .high: .seconds(900), .critical: .seconds(1800)],
        tierHeadStart: [.free: .zero, .standard: .seconds(60), .premium: .seconds(120),
                        .vipGold: .seconds(300), .vipPlatinum: .seconds(600)]
    )

    /// The head start of an escalation with `urgency` and `tier`.
    public func headStart(urgency: Urgency, tier: CustomerTier) -> Duration {
        (urgencyHeadStart[urgency] ?? .zero) + (tierHeadStart[tier] ?? .zero)
    }

    /// The largest difference between two head starts: the longest an
    /// escalation can be overtaken by one that started waiting after it.
    public var maximumHeadStartGap: Duration {
        var starts: [Duration] = []
        for urgency in Urgency.allCases {
            for tier in CustomerTier.allCases { starts.append(headStart(urgency: urgency, tier: tier)) }
        }
        return starts.max()! - starts.min()!
    }

    /// The customer's total wait at `now`: the bot time before the escalation
    /// and the time in the queue (never negative).
    public func totalWait(of escalation: Escalation, at now: Date) -> Duration {
        escalation.priorWait + now.duration(since: escalation.enqueueTime)
    }

    /// The escalation's score at `now`: head start plus total wait.
    public func score(of escalation: Escalation, at now: Date) -> Duration {
        headStart(urgency: escalation.urgency, tier: escalation.tier) + totalWait(of: escalation, at: now)
    }

    /// The time-independent sort key (`priority_key` on the wire), in
    /// milliseconds: the score the escalation will have at
    /// `Priority.keyReferenceTime`. Since all scores grow at the same rate,
    /// ordering by this key is ordering by the score at any instant, and it
    /// is positive for escalations enqueued before that reference time.
    public func sortKey(of escalation: Escalation) -> Int64 {
        headStart(urgency: escalation.urgency, tier: escalation.tier).wholeMilliseconds
            + escalation.priorWait.wholeMilliseconds
            + (Self.keyReferenceTime.wholeMillisecondsSince1970 - escalation.enqueueTime.wholeMillisecondsSince1970)
    }

    /// The instant sort keys are measured at: 2100-01-01T00:00:00Z.
    public static let keyReferenceTime = Date(timeIntervalSince1970: 4_102_444_800)
}
