import Foundation
import Logging
import RouterCore
import Store
import Synchronization
import Wire

/// The agent sessions this replica holds, and the notifications that reach
/// them from any replica through Postgres (`NOTIFY baton_router`): new
/// offers, assignments, revocations, and a newer session of the same agent
/// elsewhere (which ends the one here).
///
/// A session's lease (its agent row's `session_expires_at`) is renewed here
/// every few seconds; when a replica dies its agents' leases lapse and the
/// dispatcher stops offering them work until they reconnect anywhere.
final class SessionHub: Sendable {
    /// What a session is told.
    enum Delivery: Sendable {
        /// Offers may be pending: read them.
        case offers
        /// An offer made on this replica, with everything to send.
        case offer(RouterV1.Offer)
        /// An accepted offer; `escalation` is its state when accepted on this
        /// replica, nil when the news came through Postgres (then it is read).
        case assignment(escalationID: String, offerID: String, escalation: RouterV1.Escalation?)
        case revocation(escalationID: String, offerID: String, reason: Int32)
        /// Time to renew; send a keepalive if the session was quiet.
        case tick
    }

    struct Key: Hashable, Sendable {
        let tenant: String
        let agent: String
    }

    private struct Session {
        let id: UUID
        let continuation: AsyncStream<Delivery>.Continuation
        let registered = ContinuousClock.now
    }

    static let lease: Duration = .seconds(20)
    static let renewEvery: Duration = .seconds(5)

    private let sessions = Mutex<[Key: Session]>([:])
    let agents: AgentStore
    let logger: Logger
    /// Told when another replica changed a tenant's queues.
    let onQueuesChanged: @Sendable (String) -> Void

    init(agents: AgentStore, logger: Logger, onQueuesChanged: @escaping @Sendable (String) -> Void) {
        self.agents = agents
        self.logger = logger
        self.onQueuesChanged = onQueuesChanged
    }

    /// Whether this replica holds the agent's session (then deliveries go
    /// to it directly, with no NOTIFY round through Postgres).
    func holds(_ key: Key) -> Bool {
        sessions.withLock { $0[key] != nil }
    }

    /// Delivers to a session held here; returns false when there is none.
    @discardableResult
    func deliverLocally(_ delivery: Delivery, to key: Key) -> Bool {
        guard let session = sessions.withLock({ $0[key] }) else { return false }
        session.continuation.yield(delivery)
        return true
    }

    /// Registers a session; an older session of the agent here ends.
    func register(_ key: Key, id: UUID) -> AsyncStream<Delivery> {
        let (stream, continuation) = AsyncStream<Delivery>.makeStream(bufferingPolicy: .unbounded)
        let older = sessions.withLock { sessions in
            defer { sessions[key] = Session(id: id, continuation: continuation) }
            return sessions[key]
        }
        older?.continuation.finish()
        return stream
    }

    /// Removes a session if it is still the agent's session here.
    func unregister(_ key: Key, id: UUID) {
        sessions.withLock { sessions in
            if sessions[key]?.id == id { sessions[key] = nil }
        }
    }

    private func deliver(_ delivery: Delivery, to key: Key) {
        sessions.withLock { $0[key] }?.continuation.yield(delivery)
    }

    /// Routes notifications to sessions until the listener ends.
    func run(listener: PostgresListener) async {
        let events: AsyncStream<PostgresListener.Event>
        do {
            events = try listener.events(channels: [Notifications.channel])
        } catch {
            logger.error("cannot listen for router notifications", metadata: ["error": "\(error)"])
            return
        }
        for await event in events {
            switch event {
            case .reconnected:
                // Notifications were lost while away: every session re-reads its offers.
                for (key, _) in sessions.withLock({ $0 }) { deliver(.offers, to: key) }
            case .notification(_, let payload):
                handle(payload)
            }
        }
    }

    private func handle(_ payload: String) {
        guard let notification = RouterNotification(payload: payload) else {
            logger.debug("unknown router notification", metadata: ["payload": "\(payload)"])
            return
        }
        switch notification {
        case .queuesChanged(let tenant):
            onQueuesChanged(tenant)
        case .offersPending(let tenant, let agent):
            deliver(.offers, to: Key(tenant: tenant, agent: agent))
        case .offer(let tenant, let agent, let offer):
            deliver(.offer(offer), to: Key(tenant: tenant, agent: agent))
        case .assignment(let tenant, let agent, let escalationID, let offerID):
            deliver(.assignment(escalationID: escalationID, offerID: offerID, escalation: nil), to: Key(tenant: tenant, agent: agent))
        case .revocation(let tenant, let agent, let escalationID, let offerID, let reason):
            deliver(.revocation(escalationID: escalationID, offerID: offerID, reason: reason.rawValue),
                    to: Key(tenant: tenant, agent: agent))
        case .session(let tenant, let agent, let sessionID):
            // A newer session of the agent opened (maybe on another replica): end ours.
            let key = Key(tenant: tenant, agent: agent)
            let ended = sessions.withLock { sessions -> Session? in
                guard let session = sessions[key], session.id != sessionID else { return nil }
                sessions[key] = nil
                return session
            }
            ended?.continuation.finish()
        }
    }

    /// Renews the leases of the sessions held here and ticks them; ends
    /// those whose agent has a newer session elsewhere.
    func renewLeases() async throws {
        let held = sessions.withLock { $0 }
        guard !held.isEmpty else { return }
        let keys = Array(held.keys)
        let renewed = Set(try await agents.renewLeases(keys.map { ($0.tenant, $0.agent, held[$0]!.id) }, lease: Self.lease)
            .map { Key(tenant: $0.tenant, agent: $0.agent) })
        for key in keys {
            if renewed.contains(key) {
                deliver(.tick, to: key)
            } else if ContinuousClock.now - held[key]!.registered > Self.renewEvery {
                // (A session registered a moment ago may not have written its row yet.)
                let session = held[key]!
                unregister(key, id: session.id)
                session.continuation.finish()
            }
        }
    }
}
