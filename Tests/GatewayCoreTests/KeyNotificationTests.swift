import GatewayCore
import Testing

/// The payload format of the `gateway_keys` notifications: what the store
/// writes, every replica parses back to the same notification.
@Suite("Key notifications")
struct KeyNotificationTests {
    static let samples: [KeyNotification] = [
        .created(tenant: "acme", prefix: "abcdefgh2345"),
        .revoked(tenant: "acme", prefix: "abcdefgh2345"),
        .created(tenant: "ácme ünïcode with spaces", prefix: "zzzzzzzzzzzz"),
    ]

    @Test("every notification survives its payload", arguments: samples)
    func roundTrip(_ notification: KeyNotification) {
        #expect(KeyNotification(payload: notification.payload) == notification, "\(notification.payload)")
    }

    @Test("the payloads replicas send parse as written")
    func wireFormat() {
        #expect(KeyNotification(payload: "created\tacme\tabcdefgh2345") == .created(tenant: "acme", prefix: "abcdefgh2345"))
        #expect(KeyNotification(payload: "revoked\tacme\tabcdefgh2345") == .revoked(tenant: "acme", prefix: "abcdefgh2345"))
        #expect(KeyNotification.revoked(tenant: "t", prefix: "p").payload == "revoked\tt\tp")
        #expect(KeyNotification.created(tenant: "t", prefix: "p").prefix == "p")
        #expect(KeyNotification.revoked(tenant: "t", prefix: "p").tenant == "t")
    }

    @Test("unknown kinds and malformed payloads are nil")
    func malformed() {
        for payload in ["", "created", "created\tacme", "created\t\tabc", "created\tacme\t", "renamed\tacme\tabc",
                        "created\tacme\tabc\textra", "Created\tacme\tabc"] {
            #expect(KeyNotification(payload: payload) == nil, "\(payload)")
        }
    }
}
