import API
import Foundation
import Logging
import RPC
import Store
import Wire

/// Hands open findings to baton-router as proactive escalations, for
/// tenants whose proactive settings say `auto_escalate`.
///
/// The escalation id is derived from the finding (`proactive-<finding id>`)
/// and Enqueue is idempotent, so a finding whose hand-over failed half-way
/// (the router down, this replica killed) is simply handed over again by
/// the next scheduled pass; it stays OPEN until the router has it.
struct ProactiveEscalator: Sendable {
    let pool: PostgresPool
    /// Nil when BATON_ROUTER_ADDR is not set: findings wait for a person.
    let router: RouterV1.RouterClient?
    let logger: Logger

    /// Escalates the tenant's open findings; returns the escalation id per finding id.
    @discardableResult
    func escalateOpenFindings(tenant: String) async throws -> [String: String] {
        guard let router else { return [:] }
        let rows = try await pool.query("""
            SELECT finding_id::text AS id, finding FROM signals.findings
            WHERE tenant_id = \(tenant) AND state = \(Int32(SignalsV1.FindingState.open.rawValue))
            ORDER BY detect_time LIMIT 100
            """)
        var escalated: [String: String] = [:]
        for row in rows {
            let findingID = try row.decode(String.self, "id")
            let finding = try SignalsV1.Finding(serializedBytes: [UInt8](try row.decode(Data.self, "finding")))
            let escalationID = "proactive-\(findingID)"
            do {
                _ = try await router.enqueue(.with {
                    $0.escalation = Self.escalation(for: finding, id: escalationID, tenant: tenant)
                }, options: .init(timeout: .seconds(5)))
            } catch {
                logger.warning("proactive escalation failed; retried on the next pass",
                               metadata: ["finding": "\(findingID)", "error": "\(error)"])
                continue
            }
            try await pool.query("""
                UPDATE signals.findings SET state = \(Int32(SignalsV1.FindingState.escalated.rawValue)),
                    escalation_id = \(escalationID), update_time = now()
                WHERE finding_id = \(findingID)::uuid AND state = \(Int32(SignalsV1.FindingState.open.rawValue))
                """)
            escalated[findingID] = escalationID
        }
        return escalated
    }

    /// The router escalation for a finding: category `proactive.<kind>`,
    /// the finding's trigger and summary, normal urgency (alerts high).
    static func escalation(for finding: SignalsV1.Finding, id: String, tenant: String) -> RouterV1.Escalation {
        .with {
            $0.escalationID = id
            $0.tenantID = tenant
            $0.conversationID = id
            $0.proactive = true
            $0.customerID = finding.customerID
            $0.reason = finding.summary
            $0.trigger = finding.trigger
            $0.language = "en"
            $0.channel = .chat
            $0.customerTier = .standard
            switch finding.kind {
            case .outreachRepeatedNegative:
                $0.category = "proactive.outreach"
                $0.urgency = .normal
            case .makeGoodDeliveryDelay:
                $0.category = "proactive.make_good"
                $0.urgency = .normal
            default:
                $0.category = "proactive.alert"
                $0.urgency = .high
            }
            $0.attributes = ["finding_id": finding.findingID]
        }
    }

    /// `findings` with the states and escalation ids a hand-over just gave them.
    static func apply(_ escalated: [String: String], to findings: [SignalsV1.Finding]) -> [SignalsV1.Finding] {
        findings.map { finding in
            guard let escalationID = escalated[finding.findingID] else { return finding }
            var finding = finding
            finding.state = .escalated
            finding.escalationID = escalationID
            return finding
        }
    }
}
