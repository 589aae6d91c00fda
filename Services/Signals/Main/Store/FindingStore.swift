import Foundation
import RPC
import ServiceKit
import SignalsCore
import Store
import Wire

/// Findings in `signals.findings`: opened at most once per customer, order
/// or intent while active (a unique partial index decides, so any number
/// of replicas and rescans cannot repeat one), listed newest first.
enum FindingStore {
    /// States in which a finding is active: the unique index `findings_one_active` covers them.
    static let activeStates: [SignalsV1.FindingState] = [.open, .escalated]

    /// Opens the drafts that are not already active; returns those it opened
    /// (in a dry run: those it would open, storing nothing).
    static func open(_ drafts: [ProactiveFinding], tenant: String, dryRun: Bool, outbox: AuditRecordOutbox,
                     session: PostgresSession) async throws -> [SignalsV1.Finding] {
        var opened: [SignalsV1.Finding] = []
        for draft in drafts {
            let kind = Int32(draft.finding.kind.rawValue)
            if dryRun {
                let active = try await session.query("""
                    SELECT 1 FROM signals.findings
                    WHERE tenant_id = \(tenant) AND kind = \(kind) AND dedupe_key = \(draft.dedupeKey) AND state IN (\(constants: FindingStore.activeStates))
                    """)
                if active.isEmpty { opened.append(draft.finding) }
                continue
            }
            let id = UUID()
            let now = Date()
            var finding = draft.finding
            finding.findingID = id.uuidString.lowercased()
            finding.tenantID = tenant
            finding.state = .open
            finding.detectTime = .init(date: now)
            finding.updateTime = .init(date: now)
            let rows = try await session.query("""
                INSERT INTO signals.findings (finding_id, tenant_id, kind, state, customer_id, dedupe_key, score, finding,
                                              detect_time, update_time)
                VALUES (\(id), \(tenant), \(kind), \(Int32(SignalsV1.FindingState.open.rawValue)), \(finding.customerID),
                        \(draft.dedupeKey), \(finding.score), \(Data(finding.serializedBytes())), \(now), \(now))
                ON CONFLICT (tenant_id, kind, dedupe_key) WHERE state IN (\(constants: FindingStore.activeStates)) DO NOTHING
                RETURNING finding_id
                """)
            if !rows.isEmpty {
                opened.append(finding)
                try await outbox.add(SignalsAuditRecords.record(
                    tenant: tenant, kind: .proactiveFinding, decision: "FINDING_OPENED",
                    subjects: finding.customerID.isEmpty ? [] : [.with { $0.kind = .customer; $0.subjectID = finding.customerID }],
                    inputs: ["finding_kind": String(finding.kind.rawValue), "score": String(finding.score)]),
                    key: "signals:finding:\(finding.findingID)", session: session)
            }
        }
        return opened
    }

    /// Where a page ends: the last finding's detect time and id.
    struct Cursor {
        var time: Date
        var id: UUID

        /// Parses a page token (empty: the first page).
        init?(token: String) throws(RPCError) {
            guard !token.isEmpty else { return nil }
            let parts = (Data(base64Encoded: token).flatMap { String(data: $0, encoding: .utf8) } ?? "").split(separator: "/")
            guard parts.count == 2, let micros = Int64(parts[0]), let id = UUID(uuidString: String(parts[1])) else {
                throw .invalidArgument(field: "page_token", "not a token from a previous ListFindings call")
            }
            self.time = Date(timeIntervalSince1970: Double(micros) / 1e6)
            self.id = id
        }

        init(time: Date, id: UUID) {
            self.time = time
            self.id = id
        }

        var token: String {
            Data("\(Int64((time.timeIntervalSince1970 * 1e6).rounded()))/\(id.uuidString)".utf8).base64EncodedString()
        }
    }

    static func list(_ request: SignalsV1.ListFindingsRequest, after cursor: Cursor?,
                     pool: PostgresPool) async throws -> SignalsV1.ListFindingsResponse {
        let size = request.pageSize == 0 ? 50 : Int(request.pageSize)
        let kinds = request.kinds.map { Int64($0.rawValue) }
        let states = request.states.map { Int64($0.rawValue) }
        let from = request.window?.startTime?.date
        let until = request.window?.endTime?.date
        // Timestamps are compared at microseconds, as Postgres stores them.
        let rows = try await pool.query("""
            SELECT finding_id, state, escalation_id, detect_time, update_time, finding FROM signals.findings
            WHERE tenant_id = \(request.tenantID)
              AND (cardinality(\(kinds)) = 0 OR kind::int8 = ANY(\(kinds)))
              AND (cardinality(\(states)) = 0 OR state::int8 = ANY(\(states)))
              AND (\(request.customerID) = '' OR customer_id = \(request.customerID))
              AND (\(from)::timestamptz IS NULL OR detect_time >= \(from))
              AND (\(until)::timestamptz IS NULL OR detect_time < \(until))
              AND (\(cursor?.time)::timestamptz IS NULL OR (detect_time, finding_id) < (\(cursor?.time), \(cursor?.id)))
            ORDER BY detect_time DESC, finding_id DESC
            LIMIT \(size + 1)
            """)
        var response = SignalsV1.ListFindingsResponse()
        var last: Cursor?
        for row in rows.prefix(size) {
            var finding = try SignalsV1.Finding(serializedBytes: [UInt8](try row.decode(Data.self, "finding")))
            finding.state = SignalsV1.FindingState(rawValue: try row.decode(Int32.self, "state"))
            finding.escalationID = try row.decode(String.self, "escalation_id")
            finding.updateTime = .init(date: try row.decode(Date.self, "update_time"))
            // The cursor takes the stored values, exactly as the next page's comparison reads them.
            last = Cursor(time: try row.decode(Date.self, "detect_time"), id: try row.decode(UUID.self, "finding_id"))
            finding.detectTime = .init(date: last!.time)
            response.findings.append(finding)
        }
        if rows.count > size, let last {
            response.nextPageToken = last.token
        }
        return response
    }
}
