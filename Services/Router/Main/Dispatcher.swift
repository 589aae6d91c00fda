import Foundation
import Logging
import RouterCore
import Store
import Synchronization
import Wire

/// Runs dispatch passes: claims queued escalations, has RouterCore's
/// `DispatchPlanner` decide, and writes the plan.
///
/// A pass, in one transaction: take the tenant's dispatch lock (so one
/// replica dispatches a tenant at a time and two never reserve the same
/// free slot), claim the tenant's highest-priority queued escalations with
/// `FOR UPDATE SKIP LOCKED`, read the agents who could take work (no row
/// locks: only passes add load, and whatever else changes meanwhile only
/// frees capacity), let the planner decide each escalation in claim order,
/// then write every offer, state change, load and event in one pipelined
/// round trip. Offers to agents whose session is on this replica are handed
/// to it directly after commit; the others' replicas hear a `NOTIFY`. The
/// capacity `CHECK`s and the one-pending-offer index stay the last word
/// whatever a replica does.
///
/// Passes run on demand (an enqueue, a decline, an agent becoming free:
/// ``request(_:)``) and on a timer, coalesced per tenant.
final class Dispatcher: Sendable {
    let pool: PostgresPool
    let stores: RouterStores
    let queues: QueueDirectory
    let agents: AgentDirectory
    let hub: SessionHub
    let logger: Logger
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

    init(pool: PostgresPool, stores: RouterStores, queues: QueueDirectory, agents: AgentDirectory, hub: SessionHub, logger: Logger) {
        self.pool = pool
        self.stores = stores
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
        for tenant in try await stores.escalations.tenantsWithQueued() { request(tenant) }
    }

    /// One pass over a tenant.
    func pass(_ tenant: String) async throws -> Outcome {
        let queueEntries = try await queues.queues(of: tenant)
        let (outcome, offers) = try await pool.transaction { session -> (Outcome, [RouterV1.Offer]) in
            guard try await DispatchLock.tryTake(tenant: tenant, session: session) else { return (.busy, []) }
            var planner: DispatchPlanner?
            var claimedCount = 0
            var escalations: [String: EscalationStore.Claimed] = [:]
            var after: (key: Int64, id: String)?
            // Pages in priority order: escalations nobody can take now (a
            // language nobody speaks, a closed queue) must not hide the ones
            // behind them that an agent could take.
            for _ in 0..<Self.maxPages {
                let claimed = try await stores.escalations.claimQueued(tenant: tenant, after: after, limit: Self.batchSize,
                                                                      session: session)
                guard let first = claimed.first, let last = claimed.last else { break }
                claimedCount += claimed.count
                after = (last.priorityKey, last.escalation.escalationID)
                if planner == nil {
                    // Busy and full agents stay in: the planner holds an escalation for its
                    // previous agent while they are only busy or full (affinity).
                    let candidates = try await agents.live(tenant: tenant, presences: [.available, .busy], session: session)
                    planner = DispatchPlanner(candidates: candidates, queues: queueEntries.mapValues(\.config), now: first.now)
                }
                for row in claimed {
                    var proto = row.escalation
                    proto.queueID = row.queueID
                    escalations[proto.escalationID] = row
                    let escalation: Escalation
                    do {
                        escalation = try Escalation(proto: proto, enqueueTime: row.queuedAt, excludedAgentIDs: Set(row.excluded))
                    } catch {
                        // Validated at Enqueue: only a row written by a newer build can fail here.
                        logger.error("cannot route a stored escalation", metadata: ["escalation": "\(proto.escalationID)", "error": "\(error)"])
                        continue
                    }
                    planner!.decide(ClaimedEscalation(escalation: escalation, recordedWideningStages: row.wideningStage,
                                                      onCallPath: row.onCallPath))
                }
                // Another page only while someone could still take work.
                guard claimed.count == Self.batchSize, planner!.someoneIsFree else { break }
            }
            guard let plan = planner?.plan, !plan.isEmpty else { return (.idle, []) }
            let offers = plan.offers.map { planned in
                let claimed = escalations[planned.escalationID]!
                let timeout = queueEntries[claimed.queueID]?.offers.timeout ?? OfferPolicy().timeout
                return MadeOffer(planned: planned, timeout: timeout,
                                 message: self.offer(planned, claimed: claimed, now: planner!.now, timeout: timeout))
            }
            _ = try await session.pipeline(write(plan, offers: offers, tenant: tenant))
            // Another pass only when this one moved something: a full queue with no free agent must not spin.
            return (plan.offers.isEmpty && plan.expiries.isEmpty ? .idle : .progressed(min(claimedCount, Self.batchSize)),
                    offers.map(\.message))
        }
        for offer in offers {
            hub.deliverLocally(.offer(offer), to: .init(tenant: tenant, agent: offer.escalation!.agentID))
        }
        return outcome
    }

    /// An offer of the plan with what it was made with.
    private struct MadeOffer {
        var planned: DispatchPlan.Offer
        var timeout: Duration
        /// What the agent's desk receives.
        var message: RouterV1.Offer
    }

    /// The message the agent's desk receives for `planned`.
    private func offer(_ planned: DispatchPlan.Offer, claimed: EscalationStore.Claimed, now: Date, timeout: Duration) -> RouterV1.Offer {
        var proto = claimed.escalation
        proto.queueID = claimed.queueID
        proto.state = .offered
        proto.agentID = planned.agentID
        proto.offerCount = UInt32(claimed.offerCount + 1)
        proto.priorityKey = claimed.priorityKey
        return RouterV1.Offer.with {
            $0.offerID = OfferID.make(at: now).uuidString.lowercased()
            $0.escalation = proto
            $0.expireTime = .init(date: now.adding(timeout))
            $0.waited = .init(timeInterval: Double(proto.priorWaitSeconds) + now.duration(since: claimed.queuedAt).timeInterval)
        }
    }

    /// The statements that store `plan`: offers and the escalations they
    /// take, agents no longer idle, widenings, on-call routings and expiries
    /// with their history, and the notifications to sessions on other replicas.
    private func write(_ plan: DispatchPlan, offers: [MadeOffer], tenant: String) -> [PostgresQuery] {
        var statements: [PostgresQuery] = []
        if !offers.isEmpty {
            let rows = offers.map { offer in
                OfferStore.NewOffer(
                    offerID: offer.message.offerID, escalationID: offer.planned.escalationID, agentID: offer.planned.agentID,
                    channel: Int64(offer.message.escalation!.channel.rawValue),
                    timeoutMilliseconds: offer.timeout.wholeMilliseconds, reason: "\(offer.planned.reason)")
            }
            statements += [
                OfferStore.insert(rows, tenant: tenant),
                AgentStore.markOffered(tenant: tenant, agentIDs: Array(Set(plan.offers.map(\.agentID))).sorted()),
                EscalationStore.markOffered(tenant: tenant, escalationIDs: plan.offers.map(\.escalationID),
                                            agentIDs: plan.offers.map(\.agentID)),
            ]
            // Sessions on other replicas hear of their offers through Postgres, with
            // the offer itself when it fits (after commit, as NOTIFY delivers).
            let remote = offers.filter { !hub.holds(.init(tenant: tenant, agent: $0.planned.agentID)) }
            statements += [Notifications.send(remote.map {
                RouterNotification.offering($0.message, tenant: tenant, agent: $0.planned.agentID)
            })].compactMap { $0 }
        }
        if !plan.widenings.isEmpty {
            let ids = plan.widenings.map(\.escalationID)
            statements += [
                EscalationStore.recordWidening(tenant: tenant, escalationIDs: ids, stages: plan.widenings.map { Int64($0.stageCount) }),
                EscalationEvents.append(tenant: tenant, escalationIDs: ids, kind: .widened, details: plan.widenings.map(\.detail)),
            ]
        }
        if !plan.onCallRoutings.isEmpty {
            statements += [
                EscalationStore.routeOnCall(tenant: tenant, escalationIDs: plan.onCallRoutings),
                EscalationEvents.append(tenant: tenant, escalationIDs: plan.onCallRoutings, kind: .onCall,
                                        details: plan.onCallRoutings.map { _ in "waited past the on-call path's delay" }),
            ]
        }
        if !plan.expiries.isEmpty {
            let ids = plan.expiries.map(\.escalationID)
            statements += [
                EscalationStore.expireQueued(tenant: tenant, escalationIDs: ids, reasons: plan.expiries.map(\.reason),
                                             audited: stores.escalations.audited),
                EscalationEvents.append(tenant: tenant, escalationIDs: ids, kind: .expired, details: plan.expiries.map(\.reason.detail)),
            ]
        }
        return statements
    }
}
