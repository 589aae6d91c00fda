import Foundation
import Logging

/// The retention run (a background job every ``interval``): for each
/// tenant, forgets the conversations idle past the retention and the old
/// events without a conversation (``RetentionStore``), a batch at a time
/// until none is left. A conversation that comes back after that starts a
/// new memory.
struct RetentionJob: Sendable {
    /// How often the job runs (and once at start-up).
    static let interval: Duration = .seconds(3_600)
    /// Conversations or events a statement forgets at most.
    static let batch = 500

    let store: RetentionStore
    let thresholds: ThresholdStore
    let settings: SignalsSettings
    let logger: Logger

    func run(now: Date = Date()) async throws {
        let cutoff = now.addingTimeInterval(-Double(settings.retentionDays) * 86_400)
        for (tenant, _) in try await thresholds.all() {
            let conversations = try await Self.drain { try await store.forgetIdleConversations(of: tenant, before: cutoff, limit: $0) }
            let events = try await Self.drain { try await store.forgetOldEvents(of: tenant, before: cutoff, limit: $0) }
            if conversations + events > 0 {
                logger.info("retention forgot idle conversations and old events", metadata: [
                    "tenant": "\(tenant)", "conversations": "\(conversations)", "events": "\(events)",
                    "cutoff": "\(cutoff)",
                ])
            }
        }
    }

    /// Runs `forget` a ``batch`` at a time until a run forgets fewer; returns how many it forgot in all.
    private static func drain(_ forget: (Int) async throws -> Int) async throws -> Int {
        var total = 0
        while true {
            let forgotten = try await forget(batch)
            total += forgotten
            if forgotten < batch { return total }
        }
    }
}
