import Foundation
import Logging
import RouterCore
import Store
import Synchronization
import Wire

/// Matches queued escalations to agents and makes offers.
///
/// A pass, in one transaction: claim the tenant's highest-priority queued
/// escalations with `FOR UPDATE SKIP LOCKED`, lock the agents who could
/// take work the same way (so two replicas never reserve the same agent at
/// once), match in memory with RouterCore, then write every offer, state
/// change, load and event in one pipelined round trip and `NOTIFY` the
/// replicas holding the agents' sessions. The capacity `CHECK`s and the
/// one-pending-offer index stay the last word whatever a replica does.
///
/// Passes run on demand (an enqueue, a decline, an agent becoming free:
/// ``request(_:)``) and on a timer, coalesced per tenant.
final class Dispatcher: Sendable {
    let pool: PostgresPool
    let queues: QueueDirectory
    let agents: AgentDirectory
    let logger: Logger
    let matcher = AgentMatcher()
    static let batchSize = 128

    private struct TenantState {
        var running = false
        var again = false
    }

    private let tenants = Mutex<[String: TenantState]>([:])

    init(pool: PostgresPool, queues: QueueDirectory, agents: AgentDirectory, logger: Logger) {
        self.pool = pool
        self.queues = queues
        self.agents = agents
        self.logger = logger
    }

    /// Asks for a pass over `tenant` soon; passes requested while one runs
    /// fold into one more pass after it.
    func request(_ tenant: String) {
        let start = tenants.withLock { tenants -> Bool in
            if tenants[tenant]?.running == true {
                tenants[tenant]!.again = true
                return false
            }
            tenants[tenant] = TenantState(running: true, again: false)
            return true
        }
        guard start else { return }
        Task {
            var more = true
            while more {
                do {
                    // A full batch means more may be waiting.
                    while try await self.pass(tenant) == Self.batchSize {}
                } catch {
                    self.logger.warning("dispatch pass failed", metadata: ["tenant": "\(tenant)", "error": "\(error)"])
                }
                more = self.tenants.withLock { tenants in
                    if tenants[tenant]!.again {
                        tenants[tenant]!.again = false
                        return true
                    }
                    tenants[tenant] = nil
                    return false
                }
            }
        }
    }

    /// The timer's pass: every tenant with queued escalations.
    func dispatchAll() async throws {
        let rows = try await pool.query("SELECT DISTINCT tenant_id FROM router.escalations WHERE state = \(StoredState.queued)")
        for row in rows { request(try row.decode(String.self, "tenant_id")) }
    }

    private struct PlannedOffer {
        var offerID: String
        var escalationID: String
        var agentID: String
        var channel: Int64
        var timeoutMilliseconds: Int64
        var detail: String
    }

    /// One pass; returns how many queued escalations it claimed.
    func pass(_ tenant: String) async throws -> Int {
        let queueConfigs = try await queues.queues(of: tenant)
        return try await pool.transaction { session in
            let claimed = try await session.query("""
                SELECT e.escalation_id, e.queue_id, e.escalation, e.queued_at, e.widening_step, e.offer_count, e.on_call,
                       now() AS now,
                       ARRAY(SELECT o.agent_id FROM router.offers o
                             WHERE o.tenant_id = e.tenant_id AND o.escalation_id = e.escalation_id AND o.state IN (3, 4)) AS excluded
                FROM router.escalations e
                WHERE e.tenant_id = \(tenant) AND e.state = \(StoredState.queued)
                ORDER BY e.priority_key DESC
                LIMIT \(Self.batchSize)
                FOR UPDATE OF e SKIP LOCKED
                """)
            guard let first = claimed.first else { return 0 }
            let now = try first.decode(Date.self, "now")
            var candidates = try await self.candidates(tenant: tenant, session: session, now: now)
            guard !candidates.isEmpty else { return 0 }

            var offers: [PlannedOffer] = []
            var widened: [(id: String, step: Int64, detail: String)] = []
            var onCall: [String] = []
            for row in claimed {
                let proto = try RouterV1.Escalation(serializedBytes: [UInt8](try row.decode(Data.self, "escalation")))
                let queueID = try row.decode(String.self, "queue_id")
                guard let queue = queueConfigs[queueID] else { continue }
                let queuedAt = try row.decode(Date.self, "queued_at")
                let escalation = try Escalation(proto: proto, enqueueTime: queuedAt,
                                                excludedAgentIDs: Set(try row.decode([String].self, "excluded")))
                let waited = now.duration(since: queuedAt)
                let result: MatchResult
                if try row.decode(Bool.self, "on_call") {
                    guard let path = queue.config.onCall else { continue }
                    result = matcher.matchOnCall(escalation, path: path, among: candidates)
                } else if let path = OffHoursPolicy(queue: queue.config).onCallPathWhenUnmatched(for: escalation, waitedInQueue: waited) {
                    onCall.append(escalation.id)
                    result = matcher.matchOnCall(escalation, path: path, among: candidates)
                } else {
                    let widening = WideningPolicy(queue: queue.config).widening(for: escalation, waitedInQueue: waited)
                    if widening.stageCount > Int(try row.decode(Int32.self, "widening_step")) {
                        widened.append((escalation.id, Int64(widening.stageCount),
                                        "step \(widening.stageCount): \(widening.appliedStages.last.map { "\($0)" } ?? "")"))
                    }
                    result = matcher.match(escalation, requirements: widening.requirements, among: candidates, at: now)
                }
                guard case .offer(let agentID, let reason) = result,
                      let index = candidates.firstIndex(where: { $0.agent.id == agentID }) else { continue }
                candidates[index].status.load[escalation.channel, default: 0] += 1
                offers.append(PlannedOffer(offerID: UUID().uuidString.lowercased(), escalationID: escalation.id, agentID: agentID,
                                           channel: Int64(escalation.channel.rawValue),
                                           timeoutMilliseconds: queue.offers.timeout.wholeMilliseconds,
                                           detail: "\(reason)"))
            }
            guard !offers.isEmpty || !widened.isEmpty || !onCall.isEmpty else { return claimed.count }
            try await write(offers: offers, widened: widened, onCall: onCall, tenant: tenant, session: session)
            return claimed.count
        }
    }

    /// The agents who could take work now, locked for this pass.
    private func candidates(tenant: String, session: PostgresSession, now: Date) async throws -> [AgentCandidate] {
        let rows = try await session.query("""
            SELECT a.agent_id, a.profile, a.update_time, a.idle_since,
                   ARRAY(SELECT c.channel::int8 FROM router.agent_channels c
                         WHERE c.tenant_id = a.tenant_id AND c.agent_id = a.agent_id ORDER BY c.channel) AS channels,
                   ARRAY(SELECT c.load::int8 FROM router.agent_channels c
                         WHERE c.tenant_id = a.tenant_id AND c.agent_id = a.agent_id ORDER BY c.channel) AS loads
            FROM router.agents a
            WHERE a.tenant_id = \(tenant) AND a.presence = 1 AND a.session_expires_at > now() AND a.load_total < a.max_total
            FOR UPDATE OF a SKIP LOCKED
            """)
        return try rows.map { row in
            let agentID = try row.decode(String.self, "agent_id")
            let agent = try agents.agent(tenant: tenant, agentID: agentID, version: try row.decode(Date.self, "update_time")) {
                [UInt8](try row.decode(Data.self, "profile"))
            }
            var load: [Channel: Int] = [:]
            for (channel, value) in zip(try row.decode([Int64].self, "channels"), try row.decode([Int64].self, "loads")) {
                if let channel = Channel(rawValue: Int(channel)) { load[channel] = Int(value) }
            }
            return AgentCandidate(agent: agent, status: AgentStatus(presence: .available, connected: true, load: load,
                                                                    idleSince: try row.decode(Date.self, "idle_since")))
        }
    }

    private func write(offers: [PlannedOffer], widened: [(id: String, step: Int64, detail: String)], onCall: [String],
                       tenant: String, session: PostgresSession) async throws {
        let offerIDs = offers.map(\.offerID), escalationIDs = offers.map(\.escalationID), agentIDs = offers.map(\.agentID)
        let channels = offers.map(\.channel), timeouts = offers.map(\.timeoutMilliseconds), details = offers.map(\.detail)
        var statements: [PostgresQuery] = []
        if !offers.isEmpty {
            statements += [
                """
                INSERT INTO router.offers (offer_id, tenant_id, escalation_id, agent_id, channel, state, expire_time)
                SELECT v.o::uuid, \(tenant), v.e, v.a, v.c, 1, now() + v.t * interval '1 millisecond'
                FROM unnest(\(offerIDs), \(escalationIDs), \(agentIDs), \(channels), \(timeouts)) AS v(o, e, a, c, t)
                """,
                """
                UPDATE router.escalations e SET state = \(StoredState.offered), agent_id = v.a, offer_count = e.offer_count + 1,
                    update_time = now()
                FROM unnest(\(escalationIDs), \(agentIDs)) AS v(id, a)
                WHERE e.tenant_id = \(tenant) AND e.escalation_id = v.id
                """,
                """
                UPDATE router.agents a SET load_total = a.load_total + v.n
                FROM (SELECT x AS id, count(*) AS n FROM unnest(\(agentIDs)) AS x GROUP BY x) AS v
                WHERE a.tenant_id = \(tenant) AND a.agent_id = v.id
                """,
                """
                UPDATE router.agent_channels c SET load = c.load + v.n
                FROM (SELECT a, ch, count(*) AS n FROM unnest(\(agentIDs), \(channels)) AS x(a, ch) GROUP BY a, ch) AS v
                WHERE c.tenant_id = \(tenant) AND c.agent_id = v.a AND c.channel = v.ch
                """,
                """
                INSERT INTO router.escalation_events (tenant_id, escalation_id, kind, agent_id, detail)
                SELECT \(tenant), v.e, 'offered', v.a, v.d FROM unnest(\(escalationIDs), \(agentIDs), \(details)) AS v(e, a, d)
                """,
                """
                SELECT pg_notify('baton_router', 'offer' || chr(9) || \(tenant) || chr(9) || a)
                FROM (SELECT DISTINCT unnest(\(agentIDs)) AS a) AS agents
                """,
            ]
        }
        if !widened.isEmpty {
            statements += [
                """
                UPDATE router.escalations e SET widening_step = v.s, update_time = now()
                FROM unnest(\(widened.map(\.id)), \(widened.map(\.step))) AS v(id, s)
                WHERE e.tenant_id = \(tenant) AND e.escalation_id = v.id
                """,
                """
                INSERT INTO router.escalation_events (tenant_id, escalation_id, kind, detail)
                SELECT \(tenant), v.e, 'widened', v.d FROM unnest(\(widened.map(\.id)), \(widened.map(\.detail))) AS v(e, d)
                """,
            ]
        }
        if !onCall.isEmpty {
            statements += [
                """
                UPDATE router.escalations SET on_call = true, update_time = now()
                WHERE tenant_id = \(tenant) AND escalation_id = ANY(\(onCall))
                """,
                """
                INSERT INTO router.escalation_events (tenant_id, escalation_id, kind, detail)
                SELECT \(tenant), e, 'on_call', 'waited past the on-call path''s delay' FROM unnest(\(onCall)) AS e
                """,
            ]
        }
        _ = try await session.pipeline(statements)
    }
}
