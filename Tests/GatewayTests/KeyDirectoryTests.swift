@testable import baton_gateway
import Foundation
import GatewayCore
import Store
import TestSupport
import Testing

/// The key directory against the private Postgres: notifications between
/// replicas, the full reload that repairs missed ones, the negative cache,
/// last-used batching, and the built `baton-gateway create-key`.
@Suite("Key directory", .serialized)
struct KeyDirectoryTests {
    /// A directory whose copy changes only through what a test does: no
    /// periodic reload within a test's life, absent prefixes kept an hour.
    static func directory(_ store: APIKeyStore, negativeLifetime: Duration = .seconds(3600)) -> KeyDirectory {
        KeyDirectory(store: store, cache: .init(negativeLifetime: negativeLifetime, fullReloadEvery: .seconds(3600)),
                     logger: GatewayDatabase.logger)
    }

    /// Waits until `directory` receives notifications: a prefix it has
    /// remembered as absent is created, which only the notification makes
    /// it see; tried with new prefixes until one arrives (the listener
    /// connects in the background).
    static func waitUntilListening(_ directory: KeyDirectory, store: APIKeyStore) async throws -> Bool {
        let tenant = GatewayDatabase.tenant()
        return try await GatewayDatabase.eventually(within: .seconds(10)) {
            let probe = GatewayDatabase.token()
            guard await directory.authenticate(probe).failureCode == .unknownKey else { return false }
            _ = try await store.create(probe, tenant: tenant, role: .bot, subject: "probe", name: "", expireTime: nil)
            return await GatewayDatabase.eventually(within: .milliseconds(500)) {
                await directory.authenticate(probe).failureCode == nil
            }
        }
    }

    @Test("a revocation through one replica's store reaches another replica's cached copy by notification")
    func revocationReachesAnotherReplica() async throws {
        let poolA = try await GatewayDatabase.pool(), poolB = try await GatewayDatabase.pool()
        defer { poolA.shutdown(); poolB.shutdown() }
        let storeA = APIKeyStore(pool: poolA), storeB = APIKeyStore(pool: poolB)
        let replicaB = Self.directory(storeB)
        await replicaB.maintain()
        let listening = Task { await replicaB.listen(to: PostgresListener(configuration: poolB.configuration)) }
        defer { listening.cancel() }
        let tenant = GatewayDatabase.tenant()
        let token = GatewayDatabase.token()
        _ = try await storeA.create(token, tenant: tenant, role: .agent, subject: "ana", name: "", expireTime: nil)
        // Notifications arrive in commit order: once a later probe's has, the creation's is not pending.
        #expect(try await Self.waitUntilListening(replicaB, store: storeA))
        let credential = try await replicaB.authenticate(token).get()
        #expect(credential == Credential(tenant: tenant, role: .agent, subject: "ana", kind: .apiKey, id: token.prefix))
        // Served from the copy from now on: no further reads.
        let lookups = replicaB.databaseLookups
        for _ in 0..<20 { #expect(await replicaB.authenticate(token).failureCode == nil) }
        #expect(replicaB.databaseLookups == lookups)
        // A wrong secret for a known prefix is an unknown key, from the copy too.
        #expect(await replicaB.authenticate(APIKeyToken(prefix: token.prefix, secret: GatewayDatabase.token().secret))
            .failureCode == .unknownKey)

        _ = try #require(try await storeA.revoke(tenant: tenant, prefix: token.prefix))
        let start = ContinuousClock.now
        #expect(await GatewayDatabase.eventually(within: .seconds(5)) { await replicaB.authenticate(token).failureCode == .revoked })
        GatewayDatabase.logger.info("revocation seen by the other replica", metadata: ["after": "\(ContinuousClock.now - start)"])
    }

    @Test("without notifications, the periodic full reload brings a revocation in")
    func fullReloadRepairsMissedNotifications() async throws {
        let pool = try await GatewayDatabase.pool()
        defer { pool.shutdown() }
        let store = APIKeyStore(pool: pool)
        let tenant = GatewayDatabase.tenant()
        let token = GatewayDatabase.token()
        _ = try await store.create(token, tenant: tenant, role: .bot, subject: "bot-1", name: "", expireTime: nil)
        // Not listening: every notification is missed.
        let directory = Self.directory(store)
        let start = ContinuousClock.now
        await directory.maintain(now: start)
        #expect(await directory.authenticate(token).failureCode == nil)
        #expect(directory.databaseLookups == 0)
        _ = try #require(try await store.revoke(tenant: tenant, prefix: token.prefix))
        // The copy still holds the key as it was.
        #expect(await directory.authenticate(token).failureCode == nil)
        // Not yet due: nothing read.
        await directory.maintain(now: start + .seconds(3599))
        #expect(await directory.authenticate(token).failureCode == nil)
        await directory.maintain(now: start + .seconds(3600))
        #expect(await directory.authenticate(token).failureCode == .revoked)
        #expect(directory.databaseLookups == 0)
    }

    @Test("starting to listen (or reconnecting) makes the next maintenance read everything again")
    func reloadAfterReconnect() async throws {
        let pool = try await GatewayDatabase.pool()
        defer { pool.shutdown() }
        let store = APIKeyStore(pool: pool)
        let directory = Self.directory(store)
        let start = ContinuousClock.now
        await directory.maintain(now: start)
        // Remembered as absent, then created while nobody listens: only a full reload can bring it in.
        let token = GatewayDatabase.token()
        #expect(await directory.authenticate(token).failureCode == .unknownKey)
        _ = try await store.create(token, tenant: GatewayDatabase.tenant(), role: .bot, subject: "b", name: "", expireTime: nil)
        await directory.maintain(now: start + .seconds(1))
        #expect(await directory.authenticate(token).failureCode == .unknownKey)
        let listening = Task { await directory.listen(to: PostgresListener(configuration: pool.configuration)) }
        defer { listening.cancel() }
        #expect(await GatewayDatabase.eventually {
            await directory.maintain(now: start + .seconds(2))
            return await directory.authenticate(token).failureCode == nil
        })
        #expect(directory.databaseLookups == 1)
    }

    @Test("unknown prefixes go to Postgres once, however many callers present them, then are remembered for a while")
    func negativeCache() async throws {
        let pool = try await GatewayDatabase.pool()
        defer { pool.shutdown() }
        let store = APIKeyStore(pool: pool)
        let directory = Self.directory(store, negativeLifetime: .milliseconds(300))
        await directory.maintain()
        let token = GatewayDatabase.token()
        let results = await withTaskGroup(of: CredentialError.Code?.self) { group in
            for _ in 0..<50 { group.addTask { await directory.authenticate(token).failureCode } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results == Array(repeating: .unknownKey, count: 50))
        #expect(directory.databaseLookups == 1)
        // Created now, without this directory hearing of it: refused while the absence is remembered...
        _ = try await store.create(token, tenant: GatewayDatabase.tenant(), role: .bot, subject: "b", name: "", expireTime: nil)
        #expect(await directory.authenticate(token).failureCode == .unknownKey)
        #expect(directory.databaseLookups == 1)
        // ...and found once it lapses.
        #expect(await GatewayDatabase.eventually { await directory.authenticate(token).failureCode == nil })
        #expect(directory.databaseLookups == 2)
    }

    @Test("a key that cannot be looked up (Postgres unreachable) is uncheckable, which callers get as UNAVAILABLE, not unknown")
    func unreachableStore() async throws {
        // Nothing listens on port 1: every connection attempt fails at once.
        let pool = PostgresPool(configuration: .init(url: "postgresql://baton@127.0.0.1:1/baton?sslmode=disable",
                                                     maxConnections: 1, acquireTimeout: .seconds(2),
                                                     connectTimeout: .seconds(1), applicationName: "gateway-tests"))
        defer { pool.shutdown() }
        let directory = Self.directory(APIKeyStore(pool: pool))
        #expect(await directory.authenticate(GatewayDatabase.token()).failureCode == .uncheckable)
    }

    @Test("expired keys are refused as expired")
    func expired() async throws {
        let pool = try await GatewayDatabase.pool()
        defer { pool.shutdown() }
        let store = APIKeyStore(pool: pool)
        let token = GatewayDatabase.token()
        _ = try await store.create(token, tenant: GatewayDatabase.tenant(), role: .bot, subject: "b", name: "",
                                   expireTime: Date().addingTimeInterval(0.3))
        let directory = Self.directory(store)
        #expect(await directory.authenticate(token).failureCode == nil)
        #expect(await GatewayDatabase.eventually { await directory.authenticate(token).failureCode == .expired })
    }

    @Test("last-used times are gathered and written in one batch at the next due maintenance, not per call")
    func lastUsedBatching() async throws {
        let pool = try await GatewayDatabase.pool()
        defer { pool.shutdown() }
        let store = APIKeyStore(pool: pool)
        let tenant = GatewayDatabase.tenant()
        let a = GatewayDatabase.token(), b = GatewayDatabase.token(), unused = GatewayDatabase.token()
        for token in [a, b, unused] {
            _ = try await store.create(token, tenant: tenant, role: .bot, subject: "b", name: "", expireTime: nil)
        }
        let directory = Self.directory(store)
        let start = ContinuousClock.now
        await directory.maintain(now: start)
        let before = Date()
        for _ in 0..<10 {
            #expect(await directory.authenticate(a).failureCode == nil)
            #expect(await directory.authenticate(b).failureCode == nil)
        }
        // A refused call is no use.
        _ = await directory.authenticate(APIKeyToken(prefix: unused.prefix, secret: a.secret))
        func lastUsed() async throws -> [String: Date] {
            var times: [String: Date] = [:]
            for key in try await store.list(tenant: tenant, includeRevoked: false) { times[key.prefix] = key.lastUsedTime?.date }
            return times
        }
        #expect(try await lastUsed().isEmpty)
        await directory.maintain(now: start + .seconds(5))
        #expect(try await lastUsed().isEmpty)
        await directory.maintain(now: start + .seconds(10))
        let used = try await lastUsed()
        #expect(Set(used.keys) == [a.prefix, b.prefix])
        for time in used.values { #expect(time >= before.addingTimeInterval(-0.001) && time <= Date()) }
    }

    @Test("the built `baton-gateway create-key` prints a token the directory accepts with the role and subject asked for")
    func createKeyCommand() async throws {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("baton-gateway").path
        let tenant = GatewayDatabase.tenant()
        let result = try await Subprocess.runDetached(binary, ["create-key", "--tenant", tenant, "--role", "admin", "--subject", "ops",
                                                               "--name=first admin"],
                                                      environment: ["BATON_DATABASE_URL": TestPostgres.url])
        #expect(result.status == 0)
        let presented = result.text.trimmingCharacters(in: .whitespacesAndNewlines)
        let token = try #require(APIKeyToken(presented: presented), "stdout: \(result.text)")
        let pool = try await GatewayDatabase.pool()
        defer { pool.shutdown() }
        let store = APIKeyStore(pool: pool)
        let directory = Self.directory(store)
        let credential = try await directory.authenticate(token).get()
        #expect(credential == Credential(tenant: tenant, role: .admin, subject: "ops", kind: .apiKey, id: token.prefix))
        #expect(try await store.list(tenant: tenant, includeRevoked: false).map(\.name) == ["first admin"])

        // Bad flags: usage error, nothing written.
        let bad = try await Subprocess.runDetached(binary, ["create-key", "--tenant", tenant, "--role", "root"],
                                                   environment: ["BATON_DATABASE_URL": TestPostgres.url])
        #expect(bad.status == 2 && bad.output.isEmpty)
        let agentWithoutSubject = try await Subprocess.runDetached(binary, ["create-key", "--tenant", tenant, "--role", "agent"],
                                                                   environment: ["BATON_DATABASE_URL": TestPostgres.url])
        #expect(agentWithoutSubject.status == 1 && agentWithoutSubject.output.isEmpty)
        #expect(try await store.list(tenant: tenant, includeRevoked: true).count == 1)
    }
}
