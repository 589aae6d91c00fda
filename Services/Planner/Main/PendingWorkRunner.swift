import API
import Foundation
import Logging
import RPC
import Wire

/// Does the work decisions owe other services: right after a decision for
/// its caller, and in the background for whatever is still owed (a service
/// was down). Each row is idempotent on its key at the receiving end (the
/// router's escalation id, the package's escalation and inputs), so running
/// a row twice, here and on another replica, does it once.
struct PendingWorkRunner: Sendable {
    let stores: PlannerStores
    let peers: PlannerPeers
    let logger: Logger

    /// Runs the row owed under `key` now; its response, or nil when it is
    /// left to the background (the service is down or slow, or absent).
    func runNow<Response: Sendable>(key: String, timeout: Duration) async -> Response? {
        do {
            guard let row = try await stores.pendingWork.find(key: key) else { return nil }
            let response = try await run(row, timeout: timeout)
            try await stores.pendingWork.done(id: row.id)
            return response as? Response
        } catch {
            logger.warning("pending work left to the background", metadata: ["key": "\(key)", "error": "\(error)"])
            return nil
        }
    }

    /// Runs every row due; a failed row is tried again later, with backoff.
    func runDue() async throws {
        for row in try await stores.pendingWork.due(now: Date(), limit: 100) {
            do {
                _ = try await run(row, timeout: .seconds(5))
                try await stores.pendingWork.done(id: row.id)
                logger.info("pending work done", metadata: ["key": "\(row.key)", "attempts": "\(row.attempts + 1)"])
            } catch {
                // A service that is down or slow is tried again soon, with backoff; a refusal (no such queue, a
                // bad request) will not pass by itself: it is logged and tried hourly until someone fixes it.
                let transient = (error as? RPCError).map { Self.transientCodes.contains($0.code) } ?? true
                let delay = transient ? min(300.0, pow(2.0, Double(min(row.attempts, 8)))) : 3_600
                if !transient {
                    logger.error("pending work refused", metadata: ["key": "\(row.key)", "error": "\(error)"])
                }
                try await stores.pendingWork.failed(id: row.id, error: "\(error)", retryAt: Date().addingTimeInterval(delay))
            }
        }
    }

    /// Statuses that pass by themselves.
    static let transientCodes: Set<StatusCode> = [.unavailable, .deadlineExceeded, .resourceExhausted, .aborted, .internal,
                                                  .unknown, .cancelled]

    private func run(_ row: PendingWorkStore.Row, timeout: Duration) async throws -> any Sendable {
        switch row.kind {
        case .enqueue:
            guard let router = peers.router else { throw RPCError(.unavailable, "no router is configured") }
            var request = try RouterV1.EnqueueRequest(serializedBytes: [UInt8](row.payload))
            do {
                return try await router.enqueue(request, options: .init(timeout: timeout))
            } catch let error as RPCError where error.code == .notFound && !(request.escalation?.queueID.isEmpty ?? true) {
                // The policy named a queue the tenant does not have: the customer still reaches a person, through
                // the router's own choice (by category, else the default queue); the named queue is kept as an
                // attribute and the mistake logged.
                let named = request.escalation?.queueID ?? ""
                logger.error("policy names an unknown queue; the router chooses", metadata: ["queue": "\(named)", "key": "\(row.key)"])
                request.escalation?.queueID = ""
                request.escalation?.attributes["policy_queue"] = named
                return try await router.enqueue(request, options: .init(timeout: timeout))
            }
        case .buildPackage:
            guard let handoff = peers.handoff else { throw RPCError(.unavailable, "no handoff service is configured") }
            return try await handoff.build(try HandoffV1.BuildRequest(serializedBytes: [UInt8](row.payload)),
                                           options: .init(timeout: timeout))
        }
    }
}
