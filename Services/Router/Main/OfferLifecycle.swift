import Foundation
import RouterCore
import Store
import Wire

/// The paths that take offers away from an agent who goes away or offline,
/// inside one transaction under the tenant's dispatch lock, locking in one
/// order (offers, then escalations, then agents) so concurrent paths wait
/// for each other instead of deadlocking.
struct OfferLifecycle: Sendable {
    let pool: PostgresPool
    let stores: RouterStores

    /// Sets an agent's presence; going away or offline revokes their
    /// pending offers first, under the tenant's dispatch lock, and their
    /// escalations go back to their queues in their old place. With
    /// `onlyFrom`, nothing changes unless the presence is one of those (the
    /// sweeper sets away only agents still available or busy). Returns what
    /// was revoked, or nil when there is no such agent (or it was not in
    /// `onlyFrom`).
    func changePresence(tenant: String, agentID: String, to presence: Presence, onlyFrom: [Presence]? = nil)
        async throws -> [(escalation: String, offer: String)]? {
        try await pool.transaction { session in
            var revoked: [(escalation: String, offer: String)] = []
            if presence == .away || presence == .offline {
                try await DispatchLock.wait(tenant: tenant, session: session)
                // The agent row first when it decides whether anything happens at all.
                if let onlyFrom {
                    guard let current = try await stores.agents.presence(tenant: tenant, agentID: agentID, session: session),
                          onlyFrom.contains(current) else { return nil }
                }
                let taken = try await stores.offers.revokePending(ofAgent: agentID, tenant: tenant, session: session)
                if !taken.offers.isEmpty {
                    _ = try await session.pipeline([
                        EscalationStore.requeueOffered(tenant: tenant, escalationIDs: taken.escalations),
                        EscalationEvents.append(tenant: tenant, escalationIDs: taken.escalations, kind: .revoked, agentID: agentID,
                                                details: taken.escalations.map { _ in "agent went away or offline" }),
                    ] + [Notifications.send(taken.notifications(tenant: tenant, reason: .presenceChanged))].compactMap { $0 })
                }
                revoked = Array(zip(taken.escalations, taken.offers))
            }
            guard try await stores.agents.setPresence(tenant: tenant, agentID: agentID, to: presence, session: session) else {
                return nil
            }
            return revoked
        }
    }
}
