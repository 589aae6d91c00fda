import Foundation
import GatewayCore
import Testing

/// The key cache's rules, as scripts of lookups, answers and notifications.
@Suite("Key cache")
struct KeyCacheTests {
    static let start = ContinuousClock.now

    static func key(_ prefix: String, revoked: Bool = false) -> StoredKey {
        StoredKey(prefix: prefix, tenant: "acme", role: .bot, subject: "bot-1", secretHash: [UInt8](repeating: 7, count: 32),
                  revokeTime: revoked ? Date(timeIntervalSince1970: 1_800_000_000) : nil)
    }

    static func generation(_ lookup: KeyCache.Lookup) -> KeyCache.Generation? {
        if case .load(let generation) = lookup { return generation }
        return nil
    }

    @Test("a miss loads once: lookups meanwhile join it, and the key is served from the cache after")
    func singleLoad() throws {
        var cache = KeyCache()
        let g = try #require(Self.generation(cache.lookup("aaaa", now: Self.start)))
        #expect(cache.lookup("aaaa", now: Self.start) == .join)
        #expect(cache.lookup("aaaa", now: Self.start) == .join)
        #expect(cache.loadsRunning == 1)
        cache.finishLoad("aaaa", key: Self.key("aaaa"), generation: g, now: Self.start)
        #expect(cache.loadsRunning == 0)
        #expect(cache.lookup("aaaa", now: Self.start + .seconds(3600)) == .found(Self.key("aaaa")))
    }

    @Test("a prefix Postgres does not know is refused without asking for the negative lifetime, then asked again")
    func negativeCache() throws {
        var cache = KeyCache(configuration: .init(negativeLifetime: .seconds(5)))
        let g = try #require(Self.generation(cache.lookup("nope", now: Self.start)))
        cache.finishLoad("nope", key: nil, generation: g, now: Self.start)
        #expect(cache.lookup("nope", now: Self.start + .seconds(4)) == .absent)
        #expect(Self.generation(cache.lookup("nope", now: Self.start + .seconds(5))) != nil)
    }

    @Test("the absent prefixes are bounded: the oldest are forgotten first")
    func negativeCacheBound() throws {
        var cache = KeyCache(configuration: .init(negativeLifetime: .seconds(60), maxAbsent: 3))
        for (index, prefix) in ["p1", "p2", "p3", "p4", "p5"].enumerated() {
            let now = Self.start + .milliseconds(index)
            let g = try #require(Self.generation(cache.lookup(prefix, now: now)))
            cache.finishLoad(prefix, key: nil, generation: g, now: now)
        }
        #expect(cache.absentCount == 3)
        let later = Self.start + .seconds(1)
        #expect(Self.generation(cache.lookup("p1", now: later)) != nil)
        #expect(Self.generation(cache.lookup("p2", now: later)) != nil)
        for prefix in ["p3", "p4", "p5"] { #expect(cache.lookup(prefix, now: later) == .absent) }
    }

    @Test("expired absent entries leave as new ones come, whatever the bound")
    func negativeCacheExpiry() throws {
        var cache = KeyCache(configuration: .init(negativeLifetime: .seconds(5), maxAbsent: 100))
        for index in 0..<50 {
            let now = Self.start + .seconds(index)
            let g = try #require(Self.generation(cache.lookup("p\(index)", now: now)))
            cache.finishLoad("p\(index)", key: nil, generation: g, now: now)
        }
        // Added at 45...49 s, each living 5 s: only those are left at 49 s.
        #expect(cache.absentCount == 5)
    }

    @Test("no more loads run at once than allowed: the next uncached prefix is refused without asking")
    func loadBound() throws {
        var cache = KeyCache(configuration: .init(maxConcurrentLoads: 2))
        let g1 = try #require(Self.generation(cache.lookup("r1", now: Self.start)))
        _ = try #require(Self.generation(cache.lookup("r2", now: Self.start)))
        #expect(cache.lookup("r3", now: Self.start) == .overloaded)
        // Joining a running load costs nothing.
        #expect(cache.lookup("r1", now: Self.start) == .join)
        cache.failLoad("r1", generation: g1)
        #expect(Self.generation(cache.lookup("r3", now: Self.start)) != nil)
    }

    @Test("a notification drops the key: the next lookup reads it again")
    func invalidation() throws {
        var cache = KeyCache()
        let g = try #require(Self.generation(cache.lookup("aaaa", now: Self.start)))
        cache.finishLoad("aaaa", key: Self.key("aaaa"), generation: g, now: Self.start)
        cache.invalidate("aaaa")
        let g2 = try #require(Self.generation(cache.lookup("aaaa", now: Self.start)))
        cache.finishLoad("aaaa", key: Self.key("aaaa", revoked: true), generation: g2, now: Self.start)
        #expect(cache.lookup("aaaa", now: Self.start) == .found(Self.key("aaaa", revoked: true)))
    }

    @Test("a notification also ends a remembered absence (a key created meanwhile)")
    func invalidationOfAbsent() throws {
        var cache = KeyCache()
        let g = try #require(Self.generation(cache.lookup("new1", now: Self.start)))
        cache.finishLoad("new1", key: nil, generation: g, now: Self.start)
        #expect(cache.lookup("new1", now: Self.start) == .absent)
        cache.invalidate("new1")
        #expect(Self.generation(cache.lookup("new1", now: Self.start)) != nil)
    }

    @Test("a load that started before a notification of its prefix answers but is not kept; the fresh one is")
    func staleLoad() throws {
        var cache = KeyCache()
        let stale = try #require(Self.generation(cache.lookup("aaaa", now: Self.start)))
        cache.invalidate("aaaa")
        // Lookups after the notification do not join the stale load: they start their own.
        let fresh = try #require(Self.generation(cache.lookup("aaaa", now: Self.start)))
        #expect(fresh > stale)
        cache.finishLoad("aaaa", key: Self.key("aaaa"), generation: stale, now: Self.start)
        #expect(cache.lookup("aaaa", now: Self.start) == .join)
        cache.finishLoad("aaaa", key: Self.key("aaaa", revoked: true), generation: fresh, now: Self.start)
        #expect(cache.lookup("aaaa", now: Self.start) == .found(Self.key("aaaa", revoked: true)))
        #expect(cache.loadsRunning == 0)
    }

    @Test("a notification of another prefix does not spoil a load")
    func unrelatedInvalidation() throws {
        var cache = KeyCache()
        let g = try #require(Self.generation(cache.lookup("aaaa", now: Self.start)))
        cache.invalidate("bbbb")
        cache.finishLoad("aaaa", key: Self.key("aaaa"), generation: g, now: Self.start)
        #expect(cache.lookup("aaaa", now: Self.start) == .found(Self.key("aaaa")))
    }

    @Test("everything is read at start, then every interval, one reload at a time")
    func reloadSchedule() throws {
        var cache = KeyCache(configuration: .init(fullReloadEvery: .seconds(30)))
        let gDue = cache.reloadDue(now: Self.start)
        let g = try #require(gDue)
        #expect(cache.reloadDue(now: Self.start + .seconds(60)) == nil)
        cache.finishReload([Self.key("aaaa"), Self.key("bbbb")], generation: g, now: Self.start + .seconds(1))
        #expect(cache.lookup("bbbb", now: Self.start) == .found(Self.key("bbbb")))
        #expect(cache.reloadDue(now: Self.start + .seconds(30)) == nil)
        let g2Due = cache.reloadDue(now: Self.start + .seconds(31))
        let g2 = try #require(g2Due)
        // A key gone from the table (none are deleted, but the copy follows the table) leaves the cache.
        cache.finishReload([Self.key("aaaa")], generation: g2, now: Self.start + .seconds(31))
        #expect(Self.generation(cache.lookup("bbbb", now: Self.start + .seconds(31))) != nil)
    }

    @Test("a reconnected listener or a failed reload makes a reload due at once")
    func reloadForced() throws {
        var cache = KeyCache(configuration: .init(fullReloadEvery: .seconds(30)))
        let gDue = cache.reloadDue(now: Self.start)
        let g = try #require(gDue)
        cache.finishReload([], generation: g, now: Self.start)
        #expect(cache.reloadDue(now: Self.start + .seconds(1)) == nil)
        cache.listenerReconnected()
        let due1 = cache.reloadDue(now: Self.start + .seconds(1))
        #expect(due1 != nil)
        cache.failReload()
        let due2 = cache.reloadDue(now: Self.start + .seconds(2))
        #expect(due2 != nil)
    }

    @Test("a reload that read a key before its notification does not bring the old row back")
    func reloadRacingNotification() throws {
        var cache = KeyCache()
        let gDue = cache.reloadDue(now: Self.start)
        let g = try #require(gDue)
        cache.invalidate("aaaa")
        cache.finishReload([Self.key("aaaa"), Self.key("bbbb")], generation: g, now: Self.start)
        #expect(cache.lookup("bbbb", now: Self.start) == .found(Self.key("bbbb")))
        #expect(Self.generation(cache.lookup("aaaa", now: Self.start)) != nil)
    }

    @Test("a reload drops remembered absences of the keys it found")
    func reloadEndsAbsence() throws {
        var cache = KeyCache()
        let load = try #require(Self.generation(cache.lookup("aaaa", now: Self.start)))
        cache.finishLoad("aaaa", key: nil, generation: load, now: Self.start)
        let gDue = cache.reloadDue(now: Self.start)
        let g = try #require(gDue)
        cache.finishReload([Self.key("aaaa")], generation: g, now: Self.start)
        #expect(cache.lookup("aaaa", now: Self.start) == .found(Self.key("aaaa")))
    }
}
