import Foundation
import Logging
import RouterCore
import Store
import Wire

/// The router's timers, safe on every replica at once: offers that lapsed
/// (claimed with `FOR UPDATE SKIP LOCKED`, so each is handled once),
/// callbacks that came due, and work stranded with agents who left.
struct Sweeper: Sendable {
    let pool: PostgresPool
    let stores: RouterStores
    let queues: QueueDirectory
    let offerLifecycle: OfferLifecycle
    let dispatcher: Dispatcher
    let logger: Logger

    /// Lapsed offers handled per transaction.
    static let lapsedBatch = 200

    /// Assigned work of agents with no live session for longer than `grace`
    /// (the session ended, or its lease lapsed with its replica) goes back
    /// to its queue, its place kept: no conversation stays with an agent who
    /// is gone.
    func requeueStrandedWork(grace: Duration) async throws {
        for tenant in try await stores.escalations.requeueStrandedWork(grace: grace) {
            logger.info("work of agents gone back to the queue", metadata: ["tenant": "\(tenant)"])
            dispatcher.request(tenant)
        }
    }

    /// Lapsed offers: the escalation goes back to its queue (or expires at
    /// the queue's offer limit), the agent's load is released, and an agent
    /// who let `awayAfterConsecutiveTimeouts` offers lapse in a row is set
    /// away, with their other pending offers revoked.
    func expireOffers() async throws {
        var tenants = Set<String>()
        while true {
            // Queue rules are read before any row is locked: no second connection while holding locks.
            let due = try await stores.offers.tenantsWithLapsedOffers()
            guard !due.isEmpty else { break }
            var policies: [String: [String: OfferPolicy]] = [:]
            for tenant in due {
                policies[tenant] = try await queues.queues(of: tenant).mapValues(\.offers)
            }
            let (count, touched, away) = try await expireBatch(policies: policies)
            tenants.formUnion(touched)
            for (tenant, agent) in away {
                // Its own transaction, as SetAgentPresence does it: under the dispatch lock, offers before the agent.
                if try await offerLifecycle.changePresence(tenant: tenant, agentID: agent, to: .away, onlyFrom: [.available, .busy]) != nil {
                    logger.info("agent set away after lapsed offers", metadata: ["tenant": "\(tenant)", "agent": "\(agent)"])
                }
            }
            if count < Self.lapsedBatch { break }
        }
        for tenant in tenants { dispatcher.request(tenant) }
    }

    private func expireBatch(policies: [String: [String: OfferPolicy]]) async throws
        -> (Int, Set<String>, [(tenant: String, agent: String)]) {
        try await pool.transaction { session in
            let lapsed = try await stores.offers.claimLapsed(limit: Self.lapsedBatch, session: session)
            guard !lapsed.isEmpty else { return (0, [], []) }
            let expires = lapsed.map { offer in
                let policy = policies[offer.tenant]?[offer.queueID] ?? OfferPolicy()
                return policy.maxOffers > 0 && offer.offerCount >= policy.maxOffers
            }
            // Lapses per agent in this batch, added to the stored count by the
            // update itself (another replica or an answer may change it meanwhile).
            var lapses: [String: (tenant: String, agent: String, count: Int64)] = [:]
            for offer in lapsed {
                lapses[offer.tenant + "\u{1F}" + offer.agentID, default: (offer.tenant, offer.agentID, 0)].count += 1
            }
            let agents = Array(lapses.values)
            let notifications = lapsed.map {
                RouterNotification.revocation(tenant: $0.tenant, agent: $0.agentID, escalationID: $0.escalationID,
                                              offerID: $0.offerID, reason: .offerExpired)
            }
            let results = try await session.pipeline([
                OfferStore.expire(offerIDs: lapsed.map(\.offerID)),
                EscalationStore.lapsed(tenants: lapsed.map(\.tenant), escalationIDs: lapsed.map(\.escalationID), expires: expires),
                AgentStore.addLapses(tenants: agents.map(\.tenant), agentIDs: agents.map(\.agent), counts: agents.map(\.count)),
            ] + [Notifications.send(notifications)].compactMap { $0 })
            // Agents whose lapses in a row reached the limit: set away after this commits.
            let away = try results[2].compactMap { row -> (tenant: String, agent: String)? in
                try row.decode(Int32.self, "consecutive_timeouts") >= Int32(QueueDirectory.awayAfterConsecutiveTimeouts)
                    ? (try row.decode(String.self, "tenant_id"), try row.decode(String.self, "agent_id")) : nil
            }
            return (lapsed.count, Set(lapsed.map(\.tenant)), away)
        }
    }

    /// Callbacks that came due go back to the live queue.
    func releaseDueCallbacks() async throws {
        for tenant in try await stores.escalations.releaseDueCallbacks() { dispatcher.request(tenant) }
    }
}
