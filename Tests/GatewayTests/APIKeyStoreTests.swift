@testable import baton_gateway
import Foundation
import GatewayCore
import Store
import Testing
import Wire

/// `gateway.api_keys` against the private Postgres.
@Suite("API key store", .serialized)
struct APIKeyStoreTests {
    @Test("a created key is listed with its metadata and found by its prefix with the secret's hash, never the secret")
    func create() async throws {
        let pool = try await GatewayDatabase.pool()
        defer { pool.shutdown() }
        let store = APIKeyStore(pool: pool)
        let tenant = GatewayDatabase.tenant()
        let token = GatewayDatabase.token()
        let expiry = Date(timeIntervalSince1970: 4_000_000_000)
        let created = try await store.create(token, tenant: tenant, role: .agent, subject: "ana", name: "desk", expireTime: expiry)
        #expect(created.prefix == token.prefix)
        #expect(created.role == .agent && created.subject == "ana" && created.name == "desk" && created.tenantID == tenant)
        #expect(created.expireTime?.date == expiry)
        #expect(created.createTime != nil && created.revokeTime == nil && created.lastUsedTime == nil && created.rotatedFrom.isEmpty)
        #expect(try await store.list(tenant: tenant, includeRevoked: false) == [created])
        let stored = try #require(try await store.key(prefix: token.prefix))
        #expect(stored == StoredKey(prefix: token.prefix, tenant: tenant, role: .agent, subject: "ana",
                                    secretHash: token.secretHash, expireTime: expiry))
        let raw = try await pool.query("SELECT secret_sha256 FROM gateway.api_keys WHERE prefix = \(token.prefix)")
        #expect([UInt8](try raw[0].decode(Data.self, "secret_sha256")) == token.secretHash)
        #expect(try await store.key(prefix: "zzzzzzzzzzzz") == nil)
    }

    @Test("rotating without an overlap revokes the old key at once; the new one keeps role, subject, name and lifetime")
    func rotateAtOnce() async throws {
        let pool = try await GatewayDatabase.pool()
        defer { pool.shutdown() }
        let store = APIKeyStore(pool: pool)
        let tenant = GatewayDatabase.tenant()
        let old = GatewayDatabase.token()
        let created = try await store.create(old, tenant: tenant, role: .bot, subject: "bot-1", name: "ci",
                                             expireTime: Date().addingTimeInterval(3600))
        let new = GatewayDatabase.token()
        guard case .rotated(let key, let previous) = try await store.rotate(tenant: tenant, prefix: old.prefix, to: new,
                                                                             overlap: .zero, expireTime: nil) else {
            Issue.record("not rotated")
            return
        }
        #expect(key.prefix == new.prefix && key.rotatedFrom == old.prefix)
        #expect(key.role == .bot && key.subject == "bot-1" && key.name == "ci" && key.tenantID == tenant)
        // The same lifetime (one hour), counted from the rotation.
        let lifetime = try #require(key.expireTime?.date).timeIntervalSince(try #require(key.createTime?.date))
        #expect(abs(lifetime - 3600) < 0.01)
        #expect(previous.prefix == old.prefix)
        let revoked = try #require(previous.revokeTime?.date)
        #expect(revoked <= key.createTime!.date.addingTimeInterval(0.001))
        #expect(try await store.key(prefix: old.prefix)?.authenticate(secret: old.secret, now: Date()).failureCode == .revoked)
        #expect(try await store.key(prefix: new.prefix)?.authenticate(secret: new.secret, now: Date()).failureCode == nil)
        // Listed: the new key only, unless revoked keys are asked for too.
        #expect(try await store.list(tenant: tenant, includeRevoked: false).map(\.prefix) == [new.prefix])
        #expect(Set(try await store.list(tenant: tenant, includeRevoked: true).map(\.prefix)) == [new.prefix, created.prefix])
        // A revoked key cannot be rotated; an unknown one is not found.
        guard case .alreadyRevoked = try await store.rotate(tenant: tenant, prefix: old.prefix, to: GatewayDatabase.token(),
                                                             overlap: .zero, expireTime: nil) else {
            Issue.record("a revoked key was rotated")
            return
        }
        guard case .notFound = try await store.rotate(tenant: GatewayDatabase.tenant(), prefix: new.prefix,
                                                       to: GatewayDatabase.token(), overlap: .zero, expireTime: nil) else {
            Issue.record("another tenant's key was rotated")
            return
        }
    }

    @Test("rotating with an overlap leaves the old key working until the overlap ends; revoking it ends it at once")
    func rotateWithOverlap() async throws {
        let pool = try await GatewayDatabase.pool()
        defer { pool.shutdown() }
        let store = APIKeyStore(pool: pool)
        let tenant = GatewayDatabase.tenant()
        let old = GatewayDatabase.token()
        _ = try await store.create(old, tenant: tenant, role: .supervisor, subject: "sam", name: "", expireTime: nil)
        let new = GatewayDatabase.token()
        guard case .rotated(let key, let previous) = try await store.rotate(tenant: tenant, prefix: old.prefix, to: new,
                                                                             overlap: .seconds(600), expireTime: nil) else {
            Issue.record("not rotated")
            return
        }
        #expect(key.expireTime == nil)
        let overlapEnd = try #require(previous.revokeTime?.date)
        #expect(abs(overlapEnd.timeIntervalSince(key.createTime!.date) - 600) < 0.01)
        let stored = try #require(try await store.key(prefix: old.prefix))
        #expect(stored.authenticate(secret: old.secret, now: Date()).failureCode == nil)
        #expect(stored.authenticate(secret: old.secret, now: overlapEnd).failureCode == .revoked)
        // In its overlap the old key is still listed as working, and cannot be rotated again.
        #expect(Set(try await store.list(tenant: tenant, includeRevoked: false).map(\.prefix)) == [old.prefix, new.prefix])
        guard case .alreadyRevoked = try await store.rotate(tenant: tenant, prefix: old.prefix, to: GatewayDatabase.token(),
                                                             overlap: .zero, expireTime: nil) else {
            Issue.record("a key in its overlap was rotated again")
            return
        }
        let revoked = try #require(try await store.revoke(tenant: tenant, prefix: old.prefix))
        #expect(try #require(revoked.revokeTime?.date) < overlapEnd)
        #expect(try await store.key(prefix: old.prefix)?.authenticate(secret: old.secret, now: Date()).failureCode == .revoked)
    }

    @Test("revoking is idempotent and scoped to the tenant")
    func revoke() async throws {
        let pool = try await GatewayDatabase.pool()
        defer { pool.shutdown() }
        let store = APIKeyStore(pool: pool)
        let tenant = GatewayDatabase.tenant()
        let token = GatewayDatabase.token()
        _ = try await store.create(token, tenant: tenant, role: .auditor, subject: "aud", name: "", expireTime: nil)
        #expect(try await store.revoke(tenant: GatewayDatabase.tenant(), prefix: token.prefix) == nil)
        #expect(try await store.key(prefix: token.prefix)?.revokeTime == nil)
        let first = try #require(try await store.revoke(tenant: tenant, prefix: token.prefix))
        let second = try #require(try await store.revoke(tenant: tenant, prefix: token.prefix))
        #expect(first.revokeTime != nil && second.revokeTime == first.revokeTime)
        #expect(try await store.list(tenant: tenant, includeRevoked: false).isEmpty)
        #expect(try await store.list(tenant: tenant, includeRevoked: true).map(\.prefix) == [token.prefix])
    }

    @Test("create, rotate and revoke announce their keys on gateway_keys; a revocation that changes nothing does not")
    func notifications() async throws {
        let pool = try await GatewayDatabase.pool()
        defer { pool.shutdown() }
        let store = APIKeyStore(pool: pool)
        let events = try PostgresListener(configuration: pool.configuration).events(channels: [KeyNotification.channel])
        var received = events.makeAsyncIterator()
        // The listener connects in the background: announce a probe until it arrives.
        let probe = KeyNotification.created(tenant: "probe", prefix: GatewayDatabase.token().prefix)
        let sending = Task {
            while !Task.isCancelled {
                try await pool.query(KeyNotifications.send([probe]))
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        while let event = await received.next() {
            if case .notification(_, let payload) = event, payload == probe.payload { break }
        }
        sending.cancel()
        _ = await sending.result

        let tenant = GatewayDatabase.tenant()
        let first = GatewayDatabase.token(), second = GatewayDatabase.token()
        _ = try await store.create(first, tenant: tenant, role: .bot, subject: "b", name: "", expireTime: nil)
        _ = try await store.rotate(tenant: tenant, prefix: first.prefix, to: second, overlap: .seconds(60), expireTime: nil)
        _ = try await store.revoke(tenant: tenant, prefix: first.prefix)
        _ = try await store.revoke(tenant: tenant, prefix: first.prefix)
        _ = try await store.revoke(tenant: tenant, prefix: second.prefix)
        var seen: [KeyNotification] = []
        // Other tests' keys may be announced meanwhile: only this tenant's count.
        while seen.count < 5, let event = await received.next() {
            guard case .notification(_, let payload) = event, let notification = KeyNotification(payload: payload),
                  notification.tenant == tenant else { continue }
            seen.append(notification)
        }
        #expect(seen == [.created(tenant: tenant, prefix: first.prefix),
                         .created(tenant: tenant, prefix: second.prefix), .revoked(tenant: tenant, prefix: first.prefix),
                         .revoked(tenant: tenant, prefix: first.prefix),
                         .revoked(tenant: tenant, prefix: second.prefix)])
    }

    @Test("last uses are written in one statement, and an older time never replaces a newer one")
    func recordUse() async throws {
        let pool = try await GatewayDatabase.pool()
        defer { pool.shutdown() }
        let store = APIKeyStore(pool: pool)
        let tenant = GatewayDatabase.tenant()
        let a = GatewayDatabase.token(), b = GatewayDatabase.token()
        for token in [a, b] { _ = try await store.create(token, tenant: tenant, role: .bot, subject: "b", name: "", expireTime: nil) }
        let t = Date(timeIntervalSince1970: 1_800_000_000.123456)
        try await store.recordUse([a.prefix: t, b.prefix: t + 5])
        try await store.recordUse([a.prefix: t - 60])
        let used = Dictionary(uniqueKeysWithValues: try await store.list(tenant: tenant, includeRevoked: false)
            .map { ($0.prefix, $0.lastUsedTime?.date) })
        #expect(abs(try #require(used[a.prefix] ?? nil).timeIntervalSince(t)) < 0.000_002)
        #expect(abs(try #require(used[b.prefix] ?? nil).timeIntervalSince(t + 5)) < 0.000_002)
    }
}
