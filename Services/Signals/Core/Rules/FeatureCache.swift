import Synchronization

/// A bounded memo shared by concurrent callers, in two generations: new
/// entries go to the newer one, and when it holds `capacity` entries it
/// becomes the older one and the previous older one is dropped. An entry read
/// from the older generation moves back to the newer, so what a live
/// conversation keeps reading stays; no per-entry bookkeeping.
public final class FeatureCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct Generations: Sendable {
        var newer: [Key: Value] = [:]
        var older: [Key: Value] = [:]
    }

    /// Entries per generation.
    public let capacity: Int
    private let generations = Mutex(Generations())

    /// Creates an empty memo of `capacity` entries per generation.
    public init(capacity: Int) {
        precondition(capacity > 0)
        self.capacity = capacity
    }

    /// The value stored for `key`, if any.
    public func value(for key: Key) -> Value? {
        // A generation dropped on the way is freed after the lock is released.
        let (value, dropped) = generations.withLock { generations -> (Value?, [Key: Value]) in
            if let value = generations.newer[key] { return (value, [:]) }
            guard let value = generations.older[key] else { return (nil, [:]) }
            return (value, insert(value, for: key, into: &generations))
        }
        _ = consume dropped
        return value
    }

    /// Stores `value` for `key`.
    public func store(_ value: Value, for key: Key) {
        let dropped = generations.withLock { insert(value, for: key, into: &$0) }
        _ = consume dropped
    }

    /// Removes the value stored for `key` and returns it, if any: one caller
    /// takes what another would otherwise read too.
    public func take(_ key: Key) -> Value? {
        generations.withLock { generations in
            generations.newer.removeValue(forKey: key) ?? generations.older.removeValue(forKey: key)
        }
    }

    /// Forgets every entry.
    public func removeAll() {
        let dropped = generations.withLock { generations -> Generations in
            defer { generations = Generations() }
            return generations
        }
        _ = consume dropped
    }

    /// Inserts into the newer generation, turning it older when full; returns the generation dropped.
    private func insert(_ value: Value, for key: Key, into generations: inout Generations) -> [Key: Value] {
        var dropped: [Key: Value] = [:]
        if generations.newer.count >= capacity {
            dropped = generations.older
            generations.older = generations.newer
            generations.newer = [:]
        }
        generations.newer[key] = value
        return dropped
    }
}
