/// The gateway's copy of the API keys, and the rules for keeping it: which
/// lookups it answers itself, which go to Postgres (once per prefix, a
/// bounded number at a time), how long a prefix Postgres does not know is
/// remembered as absent, and when everything is read again. Values and
/// `now` in, decisions out; `KeyDirectory` runs them.
///
/// A key changed elsewhere is announced by a ``KeyNotification``:
/// ``invalidate(_:)`` drops it, and the next lookup reads it again. A load
/// that started before an invalidation of its prefix answers its callers
/// but is not kept (it may have read the row before the change), and a full
/// reload started before it keeps its other keys but not that one.
public struct KeyCache: Sendable {
    /// The cache's limits.
    public struct Configuration: Sendable, Hashable {
        /// How long a prefix Postgres does not know is refused without asking again.
        public var negativeLifetime: Duration
        /// Most prefixes remembered as absent; the oldest go first.
        public var maxAbsent: Int
        /// Most lookups in Postgres at once; beyond that an uncached prefix is
        /// refused without asking (a flood of random prefixes costs the
        /// database this many queries at a time, whatever its rate).
        public var maxConcurrentLoads: Int
        /// How often every key is read again: what repairs the copy when
        /// notifications were missed while the listening connection was down.
        public var fullReloadEvery: Duration

        /// Creates a configuration.
        public init(negativeLifetime: Duration = .seconds(5), maxAbsent: Int = 10_000, maxConcurrentLoads: Int = 16,
                    fullReloadEvery: Duration = .seconds(30)) {
            self.negativeLifetime = negativeLifetime
            self.maxAbsent = maxAbsent
            self.maxConcurrentLoads = maxConcurrentLoads
            self.fullReloadEvery = fullReloadEvery
        }
    }

    /// A moment in the cache's history, counted in invalidations: a load
    /// started at one is kept only for prefixes not invalidated since.
    public struct Generation: Sendable, Hashable, Comparable {
        let count: UInt64

        /// Earlier in the cache's history.
        public static func < (lhs: Generation, rhs: Generation) -> Bool { lhs.count < rhs.count }
    }

    /// What to do with a presented prefix.
    public enum Lookup: Sendable, Hashable {
        /// The key is cached: check the secret against it.
        case found(StoredKey)
        /// Postgres recently said there is no such key: refuse.
        case absent
        /// Read the key from Postgres, then report with ``finishLoad(_:key:generation:now:)``
        /// (or ``failLoad(_:generation:)``).
        case load(Generation)
        /// A load of this prefix is running: wait for its answer.
        case join
        /// Too many loads are running: refuse without asking.
        case overloaded
    }

    /// The limits.
    public let configuration: Configuration
    /// The keys known, by prefix.
    public private(set) var keys: [String: StoredKey] = [:]
    private var absent: [String: ContinuousClock.Instant] = [:]
    /// Absent prefixes in the order they were added (so oldest first, as
    /// every entry lives as long), with their expiry; entries whose prefix
    /// left `absent` meanwhile are skipped when reached.
    private var absentOrder: [(prefix: String, expiry: ContinuousClock.Instant)] = []
    private var absentHead = 0
    /// The load each prefix's lookups join.
    private var loading: [String: Generation] = [:]
    /// Every load running, by the generation it started at, with the ones no
    /// longer joined (their prefix was invalidated meanwhile).
    private var loadsByGeneration: [Generation: Int] = [:]
    private var loadCount = 0
    private var generation = Generation(count: 0)
    /// Invalidations newer than the oldest load or reload still running.
    private var invalidations: [(generation: Generation, prefix: String)] = []
    private var reloadRunning: Generation?
    private var lastReload: ContinuousClock.Instant?
    private var reloadForced = false

    /// An empty cache: the first ``reloadDue(now:)`` says to read everything.
    public init(configuration: Configuration = .init()) {
        self.configuration = configuration
    }

    /// Prefixes remembered as absent.
    public var absentCount: Int { absent.count }

    /// Loads of single prefixes running.
    public var loadsRunning: Int { loadCount }

    // MARK: Lookups

    /// What to do with `prefix` at `now`.
    public mutating func lookup(_ prefix: String, now: ContinuousClock.Instant) -> Lookup {
        if let key = keys[prefix] { return .found(key) }
        if let expiry = absent[prefix] {
            if expiry > now { return .absent }
            absent[prefix] = nil
        }
        if loading[prefix] != nil { return .join }
        guard loadCount < configuration.maxConcurrentLoads else { return .overloaded }
        loading[prefix] = generation
        loadsByGeneration[generation, default: 0] += 1
        loadCount += 1
        return .load(generation)
    }

    /// Postgres answered the load of `prefix` started at `generation`: the key,
    /// or nil when there is none. Kept unless `prefix` was invalidated since.
    public mutating func finishLoad(_ prefix: String, key: StoredKey?, generation started: Generation,
                                    now: ContinuousClock.Instant) {
        endLoad(prefix, generation: started)
        guard !invalidated(prefix, since: started) else { return }
        if let key {
            keys[prefix] = key
            absent[prefix] = nil
        } else {
            remember(absent: prefix, now: now)
        }
        pruneInvalidations()
    }

    /// The load of `prefix` failed: nothing is learnt; the next lookup tries again.
    public mutating func failLoad(_ prefix: String, generation started: Generation) {
        endLoad(prefix, generation: started)
        pruneInvalidations()
    }

    private mutating func endLoad(_ prefix: String, generation started: Generation) {
        if loading[prefix] == started { loading[prefix] = nil }
        guard let count = loadsByGeneration[started] else { return }
        loadsByGeneration[started] = count > 1 ? count - 1 : nil
        loadCount -= 1
    }

    private mutating func remember(absent prefix: String, now: ContinuousClock.Instant) {
        while absentHead < absentOrder.count,
              absentOrder[absentHead].expiry <= now || absent.count >= configuration.maxAbsent {
            let oldest = absentOrder[absentHead]
            if absent[oldest.prefix] == oldest.expiry { absent[oldest.prefix] = nil }
            absentHead += 1
        }
        if absentHead >= 1_024 && absentHead * 2 >= absentOrder.count {
            absentOrder.removeFirst(absentHead)
            absentHead = 0
        }
        guard configuration.maxAbsent > 0 else { return }
        let expiry = now + configuration.negativeLifetime
        absent[prefix] = expiry
        absentOrder.append((prefix, expiry))
    }

    // MARK: Changes

    /// `prefix` changed (a ``KeyNotification``): forget it, and keep no load
    /// of it that started before now.
    public mutating func invalidate(_ prefix: String) {
        generation = Generation(count: generation.count + 1)
        keys[prefix] = nil
        absent[prefix] = nil
        loading[prefix] = nil
        if reloadRunning != nil || loadCount > 0 { invalidations.append((generation, prefix)) }
    }

    /// The listening connection came back: notifications may have been
    /// lost, so everything is read again at the next ``reloadDue(now:)``.
    public mutating func listenerReconnected() {
        reloadForced = true
    }

    private func invalidated(_ prefix: String, since started: Generation) -> Bool {
        invalidations.contains { $0.generation > started && $0.prefix == prefix }
    }

    /// Drops the invalidations no running load or reload can be older than.
    private mutating func pruneInvalidations() {
        guard !invalidations.isEmpty else { return }
        let running = Array(loadsByGeneration.keys) + (reloadRunning.map { [$0] } ?? [])
        guard let oldest = running.min() else {
            invalidations.removeAll()
            return
        }
        invalidations.removeAll { $0.generation <= oldest }
    }

    // MARK: Full reloads

    /// Whether to read every key now: at start, every ``Configuration/fullReloadEvery``,
    /// and after the listener reconnected. Returns the generation to report
    /// with ``finishReload(_:generation:now:)``; nil when not due or one is running.
    public mutating func reloadDue(now: ContinuousClock.Instant) -> Generation? {
        guard reloadRunning == nil else { return nil }
        if !reloadForced, let lastReload, now - lastReload < configuration.fullReloadEvery { return nil }
        reloadForced = false
        reloadRunning = generation
        return generation
    }

    /// Every key, as read by the reload started at `generation`: they
    /// replace the cached ones, but for prefixes invalidated since (read
    /// again on their next lookup).
    public mutating func finishReload(_ all: [StoredKey], generation started: Generation, now: ContinuousClock.Instant) {
        var fresh: [String: StoredKey] = [:]
        fresh.reserveCapacity(all.count)
        for key in all where !invalidated(key.prefix, since: started) {
            fresh[key.prefix] = key
            absent[key.prefix] = nil
        }
        keys = fresh
        reloadRunning = nil
        lastReload = now
        pruneInvalidations()
    }

    /// The reload failed: it is due again at the next ``reloadDue(now:)``.
    public mutating func failReload() {
        reloadRunning = nil
        reloadForced = true
        pruneInvalidations()
    }
}
