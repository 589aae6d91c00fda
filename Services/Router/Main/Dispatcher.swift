import Foundation
import Logging
import RouterCore
import Store
import Synchronization
import Wire

/// Matches queued escalations to agents and makes offers.
///
/// A pass, in one transaction: take the tenant's dispatch lock (a
/// transaction-level advisory lock, so one replica dispatches a tenant at
/// a time and two never reserve the same free slot), claim the tenant's
/// highest-priority queued escalations with `FOR UPDATE SKIP LOCKED`, read
/// the agents who could take work (no row locks: only passes add load, and
/// whatever else changes meanwhile only frees capacity), match in memory
/// with RouterCore, then write every offer, state change, load and event in
/// one pipelined round trip. Offers to agents whose session is on this
/// replica are handed to it directly after commit; the others' replicas
/// hear a `NOTIFY`. The capacity `CHECK`s and the one-pending-offer index
/// stay the last word whatever a replica does.
///
/// Passes run on demand (an enqueue, a decline, an agent becoming free:
/// ``request(_:)``) and on a timer, coalesced per tenant.
final class Dispatcher: Sendable {
    let pool: PostgresPool
    let queues: QueueDirectory
    let agents: AgentDirectory
    let hub: SessionHub
    let logger: Logger
    let matcher = AgentMatcher()
    static let batchSize = 128
    /// Pages of `batchSize` one pass may claim.
    static let maxPages = 8

    /// What a pass did.
    enum Outcome {
        /// Another replica holds the tenant's dispatch lock.
        case busy
        /// Claimed this many escalations and offered or expired some: another pass may help.
        case progressed(Int)
        /// Nothing more to do now.
        case idle
    }

    private struct TenantState {
        var running = false
        var again = false
    }

    private let tenants = Mutex<[String: TenantState]>([:])

    init(pool: PostgresPool, queues: QueueDirectory, agents: AgentDirectory, hub: SessionHub, logger: Logger) {
        self.pool = pool
        self.queues = queues
        self.agents = agents
        self.hub = hub
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
                    var busyRetries = 0
                    passes: while true {
                        switch try await self.pass(tenant) {
                        case .progressed(let claimed) where claimed == Self.batchSize:
                            continue passes  // a full batch: more may be waiting
                        case .busy where busyRetries < 50:
                            // The other replica's pass may have started before our escalation committed.
                            busyRetries += 1
                            try await Task.sleep(for: .milliseconds(10))
                        default:
                            break passes
                        }
                    }
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
        /// The message the agent's desk receives.
        var offer: RouterV1.Offer
    }

    /// One pass over a tenant.
    func pass(_ tenant: String) async throws -> Outcome {
        let queueConfigs = try await queues.queues(of: tenant)
        let (outcome, offers) = try await pool.transaction { session -> (Outcome, [PlannedOffer]) in
            let lockKey = "baton.router.dispatch:\(tenant)"
            let lock = try await session.query("SELECT pg_try_advisory_xact_lock(hashtextextended(\(lockKey), 0)) AS locked")
            guard try lock[0].decode(Bool.self, "locked") else { return (.busy, []) }
            var offers: [PlannedOffer] = []
            var widened: [(id: String, step: Int64, detail: String)] = []
            var onCall: [String] = []
            var expired: [String] = []
            var candidates: [AgentCandidate] = []
            var candidateIndex: [String: Int] = [:]
            // Candidates with a free slot somewhere: under load a handful, so
            // each escalation ranks those (and its previous agent), not every desk.
            var free: [Int] = []
            var now = Date()
            var claimedCount = 0
            var after: (key: Int64, id: String)?
            // Pages in priority order: escalations nobody can take now (a
            // language nobody speaks, a closed queue) must not hide the ones
            // behind them that an agent could take.
            for page in 0..<Self.maxPages {
                let claimed = try await session.query("""
                    SELECT e.escalation_id, e.queue_id, e.escalation, e.queued_at, e.widening_step, e.offer_count, e.on_call,
                           e.priority_key, now() AS now,
                           -- Only an escalation offered before can have agents who declined it or let it lapse.
                           CASE WHEN e.offer_count > 0 THEN
                               ARRAY(SELECT o.agent_id FROM router.offers o
                                     WHERE o.tenant_id = e.tenant_id AND o.escalation_id = e.escalation_id AND o.state IN (3, 4))
                           ELSE '{}' END AS excluded
                    FROM router.escalations e
                    WHERE e.tenant_id = \(tenant) AND e.state = \(StoredState.queued)
                      AND (\(after?.key)::int8 IS NULL OR (e.priority_key, e.escalation_id) < (\(after?.key), \(after?.id)))
                    ORDER BY e.priority_key DESC, e.escalation_id DESC
                    LIMIT \(Self.batchSize)
                    FOR UPDATE OF e SKIP LOCKED
                    """)
                guard let first = claimed.first, let last = claimed.last else { break }
                claimedCount += claimed.count
                after = (try last.decode(Int64.self, "priority_key"), try last.decode(String.self, "escalation_id"))
                if page == 0 {
                    now = try first.decode(Date.self, "now")
                    candidates = try await self.candidates(tenant: tenant, session: session, now: now)
                    for (index, candidate) in candidates.enumerated() {
                        candidateIndex[candidate.agent.id] = index
                        if hasFreeSlot(candidate) { free.append(index) }
                    }
                }
                for row in claimed {
                    var proto = try RouterV1.Escalation(serializedBytes: [UInt8](try row.decode(Data.self, "escalation")))
                    let queueID = try row.decode(String.self, "queue_id")
                    guard let queue = queueConfigs[queueID] else { continue }
                    let queuedAt = try row.decode(Date.self, "queued_at")
                    let escalation = try Escalation(proto: proto, enqueueTime: queuedAt,
                                                    excludedAgentIDs: Set(try row.decode([String].self, "excluded")))
                    let waited = now.duration(since: queuedAt)
                    let onCallPath = try row.decode(Bool.self, "on_call") ? queue.config.onCall : nil
                    let hours = OffHoursPolicy(queue: queue.config)
                    if onCallPath == nil, !hours.isOpen(at: now) {
                        // Closed: it waits for the opening, and ends if the queue never opens again.
                        if queue.config.businessHours.flatMap({ BusinessCalendar($0).nextOpening(atOrAfter: now) }) == nil {
                            expired.append(escalation.id)
                        }
                        continue
                    }
                    let result: MatchResult
                    if let path = onCallPath {
                        result = matcher.matchOnCall(escalation, path: path, among: candidates)
                    } else if let path = hours.onCallPathWhenUnmatched(for: escalation, waitedInQueue: waited) {
                        onCall.append(escalation.id)
                        result = matcher.matchOnCall(escalation, path: path, among: candidates)
                    } else {
                        let widening = WideningPolicy(queue: queue.config).widening(for: escalation, waitedInQueue: waited)
                        if widening.stageCount > Int(try row.decode(Int32.self, "widening_step")) {
                            widened.append((escalation.id, Int64(widening.stageCount),
                                            "step \(widening.stageCount): \(widening.appliedStages.last.map { "\($0)" } ?? "")"))
                        }
                        // Only agents who could take it now, and the previous agent (whom
                        // affinity may wait for while busy or full), are worth ranking.
                        let previous = escalation.previousAgentID.flatMap { candidateIndex[$0] }
                        var open = free.compactMap { index in
                            index != previous && hasFreeSlot(candidates[index], on: escalation.channel) ? candidates[index] : nil
                        }
                        if let previous { open.append(candidates[previous]) }
                        result = open.isEmpty
                            ? .noEligibleAgent(reasons: [:])
                            : matcher.match(escalation, requirements: widening.requirements, among: open, at: now)
                    }
                    guard case .offer(let agentID, let reason) = result, let index = candidateIndex[agentID] else {
                        // Nobody took it within the queue's limit: it ends, explicitly, rather than wait forever.
                        if let limit = queue.proto.maxWait, waited >= Duration(proto: limit) { expired.append(escalation.id) }
                        continue
                    }
                    candidates[index].status.load[escalation.channel, default: 0] += 1
                    if !hasFreeSlot(candidates[index]) { free.removeAll { $0 == index } }
                    let offerID = OfferID.make(at: now).uuidString.lowercased()
                    proto.queueID = queueID
                    proto.state = .offered
                    proto.agentID = agentID
                    proto.offerCount = UInt32(try row.decode(Int32.self, "offer_count")) + 1
                    proto.priorityKey = try row.decode(Int64.self, "priority_key")
                    let offer = RouterV1.Offer.with {
                        $0.offerID = offerID
                        $0.escalation = proto
                        $0.expireTime = .init(date: now.adding(queue.offers.timeout))
                        $0.waited = .init(timeInterval: Double(proto.priorWaitSeconds) + waited.seconds)
                    }
                    offers.append(PlannedOffer(offerID: offerID, escalationID: escalation.id, agentID: agentID,
                                               channel: Int64(escalation.channel.rawValue),
                                               timeoutMilliseconds: queue.offers.timeout.wholeMilliseconds,
                                               detail: "\(reason)", offer: offer))
                }
                // Another page only while someone could still take work.
                guard claimed.count == Self.batchSize, !free.isEmpty else { break }
            }
            guard !offers.isEmpty || !widened.isEmpty || !onCall.isEmpty || !expired.isEmpty else { return (.idle, []) }
            try await write(offers: offers, widened: widened, onCall: onCall, expired: expired, tenant: tenant, session: session)
            // Another pass only when this one moved something: a full queue with no free agent must not spin.
            return (offers.isEmpty && expired.isEmpty ? .idle : .progressed(min(claimedCount, Self.batchSize)), offers)
        }
        for planned in offers {
            hub.deliverLocally(.offer(planned.offer), to: .init(tenant: tenant, agent: planned.agentID))
        }
        return outcome
    }

    /// Available with a free slot overall (on some channel).
    private func hasFreeSlot(_ candidate: AgentCandidate) -> Bool {
        candidate.status.presence == .available && candidate.agent.totalCapacity > candidate.status.load.values.reduce(0, +)
    }

    /// Available, with a free slot on `channel` and overall: what matching would require anyway.
    private func hasFreeSlot(_ candidate: AgentCandidate, on channel: Channel) -> Bool {
        candidate.status.presence == .available
            && candidate.agent.spareCapacity(on: channel, load: candidate.status.load) > 0
    }

    /// The agents with a live session, available or busy, with their load.
    /// Read without row locks: only dispatch passes add load, one at a time
    /// per tenant.
    private func candidates(tenant: String, session: PostgresSession, now: Date) async throws -> [AgentCandidate] {
        // Busy and full agents stay in: the matcher holds an escalation for its
        // previous agent while they are only busy or full (affinity).
        try await agents.live(tenant: tenant, presences: [1, 2], session: session, pool: pool)
    }

    private func write(offers: [PlannedOffer], widened: [(id: String, step: Int64, detail: String)], onCall: [String],
                       expired: [String], tenant: String, session: PostgresSession) async throws {
        let offerIDs = offers.map(\.offerID), escalationIDs = offers.map(\.escalationID), agentIDs = offers.map(\.agentID)
        let channels = offers.map(\.channel), timeouts = offers.map(\.timeoutMilliseconds), details = offers.map(\.detail)
        var statements: [PostgresQuery] = []
        if !offers.isEmpty {
            statements += [
                """
                INSERT INTO router.offers (offer_id, tenant_id, escalation_id, agent_id, channel, reason, state, expire_time)
                SELECT v.o::uuid, \(tenant), v.e, v.a, v.c, v.r, 1, now() + v.t * interval '1 millisecond'
                FROM unnest(\(offerIDs), \(escalationIDs), \(agentIDs), \(channels), \(details), \(timeouts)) AS v(o, e, a, c, r, t)
                """,
                "UPDATE router.agents SET idle_since = now() WHERE tenant_id = \(tenant) AND agent_id = ANY(\(Array(Set(agentIDs)).sorted()))",
                """
                UPDATE router.escalations e SET state = \(StoredState.offered), agent_id = v.a, offer_count = e.offer_count + 1,
                    update_time = now()
                FROM unnest(\(escalationIDs), \(agentIDs)) AS v(id, a)
                WHERE e.tenant_id = \(tenant) AND e.escalation_id = v.id
                """,
            ]
            // Sessions on other replicas hear of their offers through Postgres, with
            // the offer itself when it fits (after commit, as NOTIFY delivers).
            let remote = offers.filter { !hub.holds(.init(tenant: tenant, agent: $0.agentID)) }
            if !remote.isEmpty {
                statements.append("""
                    SELECT pg_notify('baton_router', 'offer' || chr(9) || \(tenant) || chr(9) || v.a
                                                     || CASE WHEN v.o = '' THEN '' ELSE chr(9) || v.o END)
                    FROM unnest(\(remote.map(\.agentID)), \(remote.map { SessionHub.offerNotification($0.offer) })) AS v(a, o)
                    """)
            }
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
        if !expired.isEmpty {
            statements += [
                """
                UPDATE router.escalations SET state = \(StoredState.expired), update_time = now(), complete_time = now()
                WHERE tenant_id = \(tenant) AND escalation_id = ANY(\(expired)) AND state = \(StoredState.queued)
                """,
                """
                INSERT INTO router.escalation_events (tenant_id, escalation_id, kind, detail)
                SELECT \(tenant), e, 'expired', 'no agent within the queue''s max_wait' FROM unnest(\(expired)) AS e
                """,
            ]
        }
        _ = try await session.pipeline(statements)
    }
}
