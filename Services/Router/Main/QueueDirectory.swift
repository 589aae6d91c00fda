import Foundation
import RouterCore
import Store
import Wire

/// Queue configurations by tenant and id, read through `QueueStore` and
/// kept a couple of seconds: the dispatcher needs them on every pass.
final class QueueDirectory: Sendable {
    struct Entry: Sendable {
        let proto: RouterV1.Queue
        let config: QueueConfig
        let offers: OfferPolicy
    }

    private let store: QueueStore
    private let cache = SingleFlightCache<String, [String: Entry]>(lifetime: .seconds(2))
    /// Lapsed offers in a row that set an agent away.
    static let awayAfterConsecutiveTimeouts = 3

    init(store: QueueStore) {
        self.store = store
    }

    /// Every queue of `tenant`.
    func queues(of tenant: String) async throws -> [String: Entry] {
        try await cache.value(tenant) { [store] in
            var queues: [String: Entry] = [:]
            for proto in try await store.all(of: tenant) {
                queues[proto.queueID] = Entry(proto: proto, config: try QueueConfig(proto: proto),
                                              offers: OfferPolicy(queue: proto, awayAfterConsecutiveTimeouts: Self.awayAfterConsecutiveTimeouts))
            }
            return queues
        }
    }

    /// Forgets `tenant`'s queues (after an upsert on this replica).
    func invalidate(_ tenant: String) {
        cache.invalidate(tenant)
    }
}
