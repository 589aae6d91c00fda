import Foundation
import Logging
import Store
import Synchronization
import Wire

/// The agent sessions this replica holds, and the notifications that reach
/// them from any replica through Postgres (`NOTIFY baton_router`): new
/// offers, assignments, revocations, and a newer session of the same agent
/// elsewhere (which ends the one here).
///
/// A session's lease (`router.agents.session_expires_at`) is renewed here
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

    static let channel = "baton_router"
    /// Postgres refuses notification payloads of 8,000 bytes or more; an
    /// offer bigger than this goes as a bare "read your offers".
    static let maxOfferNotification = 7_600
    static let lease: Duration = .seconds(20)
    static let renewEvery: Duration = .seconds(5)

    private let sessions = Mutex<[Key: Session]>([:])
    let pool: PostgresPool
    let logger: Logger
    /// Told when another replica changed a tenant's queues.
    let onQueuesChanged: @Sendable (String) -> Void

    init(pool: PostgresPool, logger: Logger, onQueuesChanged: @escaping @Sendable (String) -> Void) {
        self.pool = pool
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
            events = try listener.events(channels: [Self.channel])
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
        let fields = payload.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        guard fields.count >= 3 else { return }
        let key = Key(tenant: fields[1], agent: fields[2])
        switch (fields[0], fields.count) {
        case ("queue", 3):
            onQueuesChanged(fields[1])
        case ("offer", 3):
            deliver(.offers, to: key)
        case ("offer", 4):
            if let bytes = Data(base64Encoded: fields[3]), let offer = try? RouterV1.Offer(serializedBytes: [UInt8](bytes)) {
                deliver(.offer(offer), to: key)
            } else {
                deliver(.offers, to: key)
            }
        case ("assign", 5):
            deliver(.assignment(escalationID: fields[3], offerID: fields[4], escalation: nil), to: key)
        case ("revoke", 6):
            deliver(.revocation(escalationID: fields[3], offerID: fields[4], reason: Int32(fields[5]) ?? 0), to: key)
        case ("session", 4):
            // A newer session of the agent opened (maybe on another replica): end ours.
            let ended = sessions.withLock { sessions -> Session? in
                guard let session = sessions[key], session.id.uuidString.lowercased() != fields[3] else { return nil }
                sessions[key] = nil
                return session
            }
            ended?.continuation.finish()
        default:
            logger.debug("unknown router notification", metadata: ["payload": "\(payload)"])
        }
    }

    /// The payload field that carries `offer` whole to the replica holding
    /// the agent's session (sparing it a read), or "" when it would not fit.
    static func offerNotification(_ offer: RouterV1.Offer) -> String {
        guard offer.encodedSize() * 4 / 3 + 4 <= maxOfferNotification else { return "" }
        return Data(offer.serializedBytes()).base64EncodedString()
    }

    /// Renews the leases of the sessions held here and ticks them; ends
    /// those whose agent has a newer session elsewhere.
    func renewLeases() async throws {
        let held = sessions.withLock { $0 }
        guard !held.isEmpty else { return }
        let keys = Array(held.keys)
        let rows = try await pool.query("""
            UPDATE router.agents a SET session_expires_at = now() + \(Int64(Self.lease.components.seconds)) * interval '1 second'
            FROM unnest(\(keys.map(\.tenant)), \(keys.map(\.agent)), \(keys.map { held[$0]!.id.uuidString.lowercased() })) AS v(t, a, s)
            WHERE a.tenant_id = v.t AND a.agent_id = v.a AND a.session_id = v.s::uuid
            RETURNING a.tenant_id, a.agent_id
            """)
        let renewed = Set(try rows.map { Key(tenant: try $0.decode(String.self, "tenant_id"), agent: try $0.decode(String.self, "agent_id")) })
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
