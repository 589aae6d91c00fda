import AuditCore
import Testing

/// Pseudonyms and tenant keys against Python's `hmac` module (an HMAC-SHA-256
/// that shares no code with ours), for a short key, a key longer than
/// SHA-256's block (hashed first) and an empty one.
@Suite("Pseudonyms")
struct PseudonymizerTests {
    @Test("a pseudonym is the first 16 bytes of HMAC-SHA-256(key, kind:id) in hex")
    func pseudonymAgainstPython() {
        // hmac.new(b"Jefe", b"customer:c-1", sha256).hexdigest()[:32]
        #expect(Pseudonymizer(key: Array("Jefe".utf8), version: 1).pseudonym(kind: "customer", id: "c-1")
            == "ps_b99b7122b79d7b9e322e316e9d2cd190")
        // hmac.new(b"", b"agent:a-7", sha256).hexdigest()[:32]
        #expect(Pseudonymizer(key: [], version: 1).pseudonym(kind: "agent", id: "a-7") == "ps_27cc58360a3bb677bf0a8b9fc506f257")
    }

    @Test("a tenant key is HMAC-SHA-256(secret, label), the secret hashed first when longer than a block")
    func tenantKeyAgainstPython() {
        // hmac.new(b"\xaa" * 131, b"baton-audit pseudonym key v1\nacme", sha256).hexdigest()
        let key = Pseudonymizer.tenantKey(secret: [UInt8](repeating: 0xaa, count: 131), tenant: "acme", version: 1)
        #expect(key.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
            == "1861f5ff6591c4415da920cb3f752bcf6dd8e62a1d71c50664f83d66b0006045")
    }
}
