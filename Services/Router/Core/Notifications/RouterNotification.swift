public import Foundation
public import Wire

/// A message between router replicas on Postgres' `baton_router` channel:
/// the one owner of its payload format, which every producer encodes with
/// ``payload`` and every replica parses with ``init(payload:)``.
///
/// A payload is tab-separated fields, the kind first, then the tenant and
/// (but for `queue`) the agent; identifiers never hold control characters
/// (the service refuses them), so a tab cannot appear inside a field:
///
/// | kind | fields after the tenant |
/// | --- | --- |
/// | `queue` | "" (the tenant's queues changed) |
/// | `offer` | agent (offers pending: read them) |
/// | `offer` | agent, base64 of the `Offer` message (small enough to carry) |
/// | `assign` | agent, escalation id, offer id |
/// | `revoke` | agent, escalation id, offer id, `Revocation.Reason` number |
/// | `session` | agent, session id (a newer session took the agent) |
public enum RouterNotification: Sendable, Hashable {
    /// The tenant's queue configurations changed: drop cached copies.
    case queuesChanged(tenant: String)
    /// The agent has pending offers to read.
    case offersPending(tenant: String, agent: String)
    /// An offer, carried whole.
    case offer(tenant: String, agent: String, offer: RouterV1.Offer)
    /// The agent's offer was accepted.
    case assignment(tenant: String, agent: String, escalationID: String, offerID: String)
    /// The agent's offer was taken back.
    case revocation(tenant: String, agent: String, escalationID: String, offerID: String, reason: RouterV1.Revocation.Reason)
    /// A newer desk session of the agent opened; others end.
    case session(tenant: String, agent: String, sessionID: UUID)

    /// Postgres refuses payloads of 8,000 bytes or more: an offer whose
    /// payload would pass this goes as ``offersPending(tenant:agent:)``.
    public static let maxPayloadBytes = 7_600

    /// The notification for `offer` to `agent`: the offer itself when its
    /// payload fits, else a bare "read your offers".
    public static func offering(_ offer: RouterV1.Offer, tenant: String, agent: String) -> RouterNotification {
        let whole = RouterNotification.offer(tenant: tenant, agent: agent, offer: offer)
        // base64 is 4 bytes per 3, plus the kind, ids and separators.
        let estimate = (offer.encodedSize() + 2) / 3 * 4 + tenant.utf8.count + agent.utf8.count + 8
        return estimate <= maxPayloadBytes ? whole : .offersPending(tenant: tenant, agent: agent)
    }

    /// The tenant it concerns.
    public var tenant: String {
        switch self {
        case .queuesChanged(let tenant), .offersPending(let tenant, _), .offer(let tenant, _, _),
             .assignment(let tenant, _, _, _), .revocation(let tenant, _, _, _, _), .session(let tenant, _, _):
            tenant
        }
    }

    /// The payload to send.
    public var payload: String {
        switch self {
        case .queuesChanged(let tenant):
            Self.join("queue", tenant, "")
        case .offersPending(let tenant, let agent):
            Self.join("offer", tenant, agent)
        case .offer(let tenant, let agent, let offer):
            Self.join("offer", tenant, agent, Data(offer.serializedBytes()).base64EncodedString())
        case .assignment(let tenant, let agent, let escalationID, let offerID):
            Self.join("assign", tenant, agent, escalationID, offerID)
        case .revocation(let tenant, let agent, let escalationID, let offerID, let reason):
            Self.join("revoke", tenant, agent, escalationID, offerID, String(reason.rawValue))
        case .session(let tenant, let agent, let sessionID):
            Self.join("session", tenant, agent, sessionID.uuidString.lowercased())
        }
    }

    /// The notification of `payload`; nil for a payload this build does not
    /// know (a newer replica's kind, or a malformed one).
    public init?(payload: String) {
        let fields = payload.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        guard fields.count >= 3, !fields[1].isEmpty else { return nil }
        let (tenant, agent) = (fields[1], fields[2])
        switch (fields[0], fields.count) {
        case ("queue", 3):
            self = .queuesChanged(tenant: tenant)
        case ("offer", 3) where !agent.isEmpty:
            self = .offersPending(tenant: tenant, agent: agent)
        case ("offer", 4) where !agent.isEmpty:
            // An offer that does not decode still says offers are pending.
            if let bytes = Data(base64Encoded: fields[3]), let offer = try? RouterV1.Offer(serializedBytes: [UInt8](bytes)) {
                self = .offer(tenant: tenant, agent: agent, offer: offer)
            } else {
                self = .offersPending(tenant: tenant, agent: agent)
            }
        case ("assign", 5) where !agent.isEmpty:
            self = .assignment(tenant: tenant, agent: agent, escalationID: fields[3], offerID: fields[4])
        case ("revoke", 6) where !agent.isEmpty:
            guard let reason = Int32(fields[5]) else { return nil }
            self = .revocation(tenant: tenant, agent: agent, escalationID: fields[3], offerID: fields[4],
                               reason: RouterV1.Revocation.Reason(rawValue: reason))
        case ("session", 4) where !agent.isEmpty:
            guard let sessionID = UUID(uuidString: fields[3]) else { return nil }
            self = .session(tenant: tenant, agent: agent, sessionID: sessionID)
        default:
            return nil
        }
    }

    private static func join(_ fields: String...) -> String {
        fields.joined(separator: "\t")
    }
}
