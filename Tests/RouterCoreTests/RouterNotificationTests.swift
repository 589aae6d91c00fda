import Foundation
import RouterCore
import Testing
import Wire

/// The payload format of the replicas' `baton_router` notifications: what
/// one replica writes, every replica parses back to the same notification.
@Suite("Router notifications")
struct RouterNotificationTests {
    static let offer = RouterV1.Offer.with {
        $0.offerID = "0190a1b2-c3d4-7e5f-8a9b-0123456789ab"
        $0.escalation = .with {
            $0.escalationID = "esc-1"
            $0.tenantID = "acme"
            $0.agentID = "ana"
            $0.requiredSkills = [.with { $0.skill = "billing"; $0.minLevel = 3 }]
        }
    }

    static let samples: [RouterNotification] = [
        .queuesChanged(tenant: "acme"),
        .offersPending(tenant: "acme", agent: "ana"),
        .offer(tenant: "acme", agent: "ana", offer: offer),
        .assignment(tenant: "acme", agent: "ana", escalationID: "esc-1", offerID: "0190a1b2-c3d4-7e5f-8a9b-0123456789ab"),
        .revocation(tenant: "acme", agent: "ana", escalationID: "esc-1", offerID: "o-1", reason: .offerExpired),
        .session(tenant: "ácme ünïcode", agent: "agent with spaces", sessionID: UUID(uuidString: "6F9619FF-8B86-D011-B42D-00C04FC964FF")!),
    ]

    @Test("every notification survives its payload", arguments: samples)
    func roundTrip(_ notification: RouterNotification) {
        #expect(RouterNotification(payload: notification.payload) == notification, "\(notification.payload)")
    }

    @Test("the payloads other replicas already send parse as before")
    func wireFormat() {
        #expect(RouterNotification(payload: "queue\tacme\t") == .queuesChanged(tenant: "acme"))
        #expect(RouterNotification(payload: "offer\tacme\tana") == .offersPending(tenant: "acme", agent: "ana"))
        #expect(RouterNotification(payload: "assign\tacme\tana\tesc-1\toffer-1")
                == .assignment(tenant: "acme", agent: "ana", escalationID: "esc-1", offerID: "offer-1"))
        #expect(RouterNotification(payload: "revoke\tacme\tana\tesc-1\toffer-1\t3")
                == .revocation(tenant: "acme", agent: "ana", escalationID: "esc-1", offerID: "offer-1",
                               reason: RouterV1.Revocation.Reason(rawValue: 3)))
        #expect(RouterNotification.session(tenant: "t", agent: "a", sessionID: UUID(uuidString: "6F9619FF-8B86-D011-B42D-00C04FC964FF")!)
                .payload == "session\tt\ta\t6f9619ff-8b86-d011-b42d-00c04fc964ff")
    }

    @Test("an offer that does not decode still tells the desk to read its offers")
    func undecodableOffer() {
        #expect(RouterNotification(payload: "offer\tacme\tana\t%%%") == .offersPending(tenant: "acme", agent: "ana"))
    }

    @Test("unknown kinds and malformed payloads are refused, not guessed", arguments: [
        "", "queue", "queue\tacme", "offer\t\tana", "assign\tacme\tana\tesc", "revoke\tacme\tana\tesc\toffer\tthree",
        "session\tacme\tana\tnot-a-uuid", "promote\tacme\tana", "offer\tacme\t",
    ])
    func malformed(_ payload: String) {
        #expect(RouterNotification(payload: payload) == nil)
    }

    @Test("an offer too big for Postgres' 8,000-byte limit goes as a bare notice")
    func oversizedOffer() {
        var big = Self.offer
        big.escalation!.reason = String(repeating: "x", count: 7_000)
        #expect(RouterNotification.offering(Self.offer, tenant: "acme", agent: "ana") == .offer(tenant: "acme", agent: "ana", offer: Self.offer))
        let notification = RouterNotification.offering(big, tenant: "acme", agent: "ana")
        #expect(notification == .offersPending(tenant: "acme", agent: "ana"))
        #expect(RouterNotification.offer(tenant: "acme", agent: "ana", offer: big).payload.utf8.count > RouterNotification.maxPayloadBytes)
    }
}
