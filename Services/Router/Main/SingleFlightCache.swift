import Synchronization

/// Values by key, kept for `lifetime`, loaded once however many callers miss
/// at the same moment: the callers that come while a load runs wait for it
/// instead of each running their own (a burst of Enqueues would otherwise
/// read the same rows hundreds of times).
final class SingleFlightCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private enum Slot {
        case loaded(Value, at: ContinuousClock.Instant)
        case loading(Task<Value, any Error>)
    }

    private enum Lookup {
        case cached(Value)
        case loading(Task<Value, any Error>)
    }

    private let slots = Mutex<[Key: Slot]>([:])
    let lifetime: Duration

    init(lifetime: Duration) {
        self.lifetime = lifetime
    }

    /// The cached value of `key`, or the one `load` returns (shared with every caller waiting meanwhile).
    func value(_ key: Key, load: @escaping @Sendable () async throws -> Value) async throws -> Value {
        let lookup = slots.withLock { slots -> Lookup in
            switch slots[key] {
            case .loaded(let value, let at)? where ContinuousClock.now - at < lifetime:
                return .cached(value)
            case .loading(let task)?:
                return .loading(task)
            default:
                let task = Task { try await load() }
                slots[key] = .loading(task)
                return .loading(task)
            }
        }
        let task: Task<Value, any Error>
        switch lookup {
        case .cached(let value): return value
        case .loading(let loading): task = loading
        }
        do {
            let value = try await task.value
            slots.withLock { slots in
                if case .loading(let current)? = slots[key], current == task { slots[key] = .loaded(value, at: .now) }
            }
            return value
        } catch {
            slots.withLock { slots in
                if case .loading(let current)? = slots[key], current == task { slots[key] = nil }
            }
            throw error
        }
    }

    /// Forgets `key`: the next caller loads it again.
    func invalidate(_ key: Key) {
        _ = slots.withLock { $0.removeValue(forKey: key) }
    }
}
