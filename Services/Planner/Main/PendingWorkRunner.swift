import API
import Foundation
import Logging
import RPC
import ServiceKit
import Store
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
        var owed: PendingWorkStore.Row?
        do {
            guard let row = try await stores.pendingWork.find(key: key) else { return nil }
            owed = row
            let response = try await run(row, timeout: timeout)
            try await stores.pendingWork.done(id: row.id)
            return response as? Response
        } catch {
            if let owed, !Self.isTransient(error), owed.kind == .enqueue, (try? await refused(owed, error: error)) == true {
                return nil
            }
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
                // A service that is down or slow is tried again soon, with backoff. A refusal (a bad request) will
                // not pass by itself: a conversation's escalation the router refuses gives the conversation back
                // to the bot (nobody would take it); other refused work is logged and tried hourly until someone
                // fixes it.
                let transient = Self.isTransient(error)
                if !transient, row.kind == .enqueue, try await refused(row, error: error) { continue }
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

    /// Whether `error` may pass by itself (anything but a status outside ``transientCodes``).
    static func isTransient(_ error: any Error) -> Bool {
        (error as? RPCError).map { transientCodes.contains($0.code) } ?? true
    }

    /// Handles the router's refusal of a conversation's escalation: in one
    /// transaction the row is dropped, the conversation goes back to the
    /// bot (it would otherwise wait for a person forever) and the refusal is
    /// audited. False for work that is not a conversation's escalation
    /// (an approval's supervisor task keeps its approval, which expires).
    private func refused(_ row: PendingWorkStore.Row, error: any Error) async throws -> Bool {
        let request = try RouterV1.EnqueueRequest(serializedBytes: [UInt8](row.payload))
        guard let escalation = request.escalation, escalation.attributes["approval_id"] == nil else { return false }
        var record = AuditV1.AuditRecord.decision(by: "baton-planner", tenant: row.tenant, kind: .escalationClosed,
                                                  decision: "refused", at: Date())
        record.subjects = [.with { $0.kind = .escalation; $0.subjectID = escalation.escalationID },
                           .with { $0.kind = .conversation; $0.subjectID = escalation.conversationID }]
        record.rationale = "The router refused the escalation (\(error)); the conversation went back to the bot."
        _ = try await stores.pool.pipelinedTransaction([
            PendingWorkStore.remove(id: row.id),
            ConversationStore.release(tenant: row.tenant, conversation: escalation.conversationID,
                                      escalation: escalation.escalationID, lastAgent: ""),
            AuditOutboxStore.add(record, key: "planner/refused/\(row.tenant)/\(escalation.escalationID)"),
        ])
        logger.error("escalation refused by the router; the conversation is the bot's again",
                     metadata: ["key": "\(row.key)", "error": "\(error)"])
        return true
    }

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
        case .cancelEscalation:
            guard let router = peers.router else { throw RPCError(.unavailable, "no router is configured") }
            let request = try RouterV1.CancelRequest(serializedBytes: [UInt8](row.payload))
            do {
                return try await router.cancel(request, options: .init(timeout: timeout))
            } catch let error as RPCError where error.code == .failedPrecondition {
                // Already over (completed, cancelled, expired) or taken by a supervisor: nothing left to cancel.
                return RouterV1.CancelResponse()
            } catch let error as RPCError where error.code == .notFound {
                // Not enqueued yet: its enqueue must land first, or the task would outlive its cancellation.
                guard try await stores.pendingWork.find(key: "enqueue/\(row.tenant)/\(request.escalationID)") == nil else {
                    throw RPCError(.unavailable, "the task's enqueue is still owed; cancelled after it")
                }
                return RouterV1.CancelResponse()
            }
        }
    }
}
