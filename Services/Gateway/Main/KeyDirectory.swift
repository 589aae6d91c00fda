import Foundation
import GatewayCore
import Logging
import Store
import Synchronization

/// Checks presented API keys against an in-memory copy of `gateway.api_keys`
/// (GatewayCore's ``KeyCache`` decides; this type runs its decisions).
///
/// The copy follows the table three ways: a `LISTEN` on the keys' channel
/// drops each key created, rotated or revoked anywhere (so a revocation
/// reaches every replica within the notification's delivery);
/// ``maintain(now:)`` reads every key again every 30 s and after the
/// listening connection came back (notifications sent while it was down are
/// lost); and a prefix not in the copy is read from Postgres once, however
/// many callers present it at once, with absent prefixes remembered for a
/// few seconds. Keys accepted are gathered and their last-used times written
/// in one statement every 10 s. All database work goes through the pool,
/// off the event loops.
final class KeyDirectory: Sendable {
    private struct State {
        var cache: KeyCache
        var usage: KeyUsage
        /// The running load of each prefix, by the generation it started at.
        var loads: [String: (generation: KeyCache.Generation, task: Task<StoredKey?, any Error>)] = [:]
        var databaseLookups = 0
    }

    private enum Step {
        case checked(StoredKey?)
        case wait(Task<StoredKey?, any Error>)
        case refused
    }

    let store: APIKeyStore
    let logger: Logger
    private let state: Mutex<State>

    /// A directory over `store`, empty until the first ``maintain(now:)``.
    init(store: APIKeyStore, cache: KeyCache.Configuration = .init(), usageFlushEvery: Duration = .seconds(10),
         logger: Logger) {
        self.store = store
        self.logger = logger
        state = Mutex(State(cache: KeyCache(configuration: cache), usage: KeyUsage(flushEvery: usageFlushEvery)))
    }

    /// Prefixes read from Postgres one by one so far (misses of the copy, not full reloads).
    var databaseLookups: Int { state.withLock { $0.databaseLookups } }

    /// The credential `token` proves, or why it proves none: an unknown prefix
    /// and a wrong secret are both `.unknownKey`; a revoked key `.revoked`;
    /// an expired one `.expired`.
    func authenticate(_ token: APIKeyToken) async -> Result<Credential, CredentialError> {
        let key: StoredKey?
        switch step(for: token.prefix) {
        case .checked(let known):
            key = known
        case .refused:
            return .failure(CredentialError(.uncheckable, "the API key cannot be checked now (too many unknown keys at once); try again"))
        case .wait(let load):
            do {
                key = try await load.value
            } catch {
                logger.error("cannot read an API key", metadata: ["prefix": "\(token.prefix)", "error": "\(error)"])
                return .failure(CredentialError(.uncheckable, "the API key cannot be checked now; try again"))
            }
        }
        guard let key else { return .failure(CredentialError(.unknownKey, "unknown API key")) }
        let now = Date()
        // Hashed on every call (SHA-256 of 43 bytes, well under a microsecond): the replica keeps only
        // hashes, never a secret that a memory disclosure could give away.
        let result = key.authenticate(secret: token.secret, now: now)
        if case .success = result { state.withLock { $0.usage.record(key.prefix, at: now) } }
        return result
    }

    private func step(for prefix: String) -> Step {
        state.withLock { state in
            switch state.cache.lookup(prefix, now: .now) {
            case .found(let key):
                return .checked(key)
            case .absent:
                return .checked(nil)
            case .overloaded:
                return .refused
            case .join:
                guard let running = state.loads[prefix] else { return .refused }
                return .wait(running.task)
            case .load(let generation):
                let task = Task { try await self.load(prefix, generation: generation) }
                state.loads[prefix] = (generation, task)
                state.databaseLookups += 1
                return .wait(task)
            }
        }
    }

    private func load(_ prefix: String, generation: KeyCache.Generation) async throws -> StoredKey? {
        do {
            let key = try await store.key(prefix: prefix)
            state.withLock { state in
                state.cache.finishLoad(prefix, key: key, generation: generation, now: .now)
                if state.loads[prefix]?.generation == generation { state.loads[prefix] = nil }
            }
            return key
        } catch {
            state.withLock { state in
                state.cache.failLoad(prefix, generation: generation)
                if state.loads[prefix]?.generation == generation { state.loads[prefix] = nil }
            }
            throw error
        }
    }

    /// Drops keys as their notifications arrive, until the listener ends.
    func listen(to listener: PostgresListener) async {
        let events: AsyncStream<PostgresListener.Event>
        do {
            events = try listener.events(channels: [KeyNotification.channel])
        } catch {
            logger.error("cannot listen for key changes", metadata: ["error": "\(error)"])
            return
        }
        // Changes made before the listener connects are not announced to it: read everything
        // once more at the next maintenance.
        state.withLock { $0.cache.listenerReconnected() }
        for await event in events {
            switch event {
            case .reconnected:
                logger.info("key listener reconnected; reading every key again")
                state.withLock { $0.cache.listenerReconnected() }
            case .notification(_, let payload):
                guard let notification = KeyNotification(payload: payload) else {
                    logger.debug("unknown key notification", metadata: ["payload": "\(payload)"])
                    continue
                }
                state.withLock { $0.cache.invalidate(notification.prefix) }
            }
        }
    }

    /// Reads every key again when due, and writes the last-used times gathered
    /// when due; run every second.
    func maintain(now: ContinuousClock.Instant = .now) async {
        if let generation = state.withLock({ $0.cache.reloadDue(now: now) }) {
            do {
                let keys = try await store.all()
                state.withLock { $0.cache.finishReload(keys, generation: generation, now: now) }
            } catch {
                state.withLock { $0.cache.failReload() }
                logger.error("cannot read the API keys", metadata: ["error": "\(error)"])
            }
        }
        let uses = state.withLock { $0.usage.takeDue(now: now) }
        guard !uses.isEmpty else { return }
        do {
            try await store.recordUse(uses)
        } catch {
            state.withLock { $0.usage.restore(uses) }
            logger.error("cannot record API key uses", metadata: ["error": "\(error)"])
        }
    }
}
