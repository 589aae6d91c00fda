import Foundation
import Store
import Wire

/// `planner.approvals`: actions waiting for, or having had, a person's
/// decision, stored as `Approval` messages.
struct ApprovalStore: Sendable {
    let pool: PostgresPool

    /// An approval with what the planner needs to run it.
    struct Row: Sendable {
        var approval: PlannerV1.Approval
        var language: String
        var customerID: String
    }

    /// Opens an approval.
    static func open(_ row: Row) -> PostgresQuery {
        let approval = row.approval
        return """
            INSERT INTO planner.approvals (approval_id, tenant_id, conversation_id, state, approval, language, customer_id, expire_at)
            VALUES (\(UUID(uuidString: approval.approvalID)!), \(approval.tenantID), \(approval.conversationID),
                \(constant: StoredApprovalState.pending), \(Data(approval.serializedBytes())), \(row.language), \(row.customerID),
                \(approval.expireTime?.date ?? Date()))
            """
    }

    /// The approval, locked for the caller's transaction.
    func lock(tenant: String, id: UUID, session: PostgresSession) async throws -> Row? {
        try await session.query("""
            SELECT approval, language, customer_id FROM planner.approvals
            WHERE tenant_id = \(tenant) AND approval_id = \(id) FOR UPDATE
            """).first.map(Self.decode)
    }

    /// Takes the decision `state` for the approval if it is still pending
    /// and, unless the decision is the expiry, not expired at `now`: the one
    /// caller that gets true acts on it (the stored message keeps saying
    /// pending until `update` records the outcome); every other caller finds
    /// it taken.
    func claim(tenant: String, id: UUID, state: StoredApprovalState, now: Date) async throws -> Bool {
        let unexpired = state != .expired
        return try await pool.query("""
            UPDATE planner.approvals SET state = \(constant: state)
            WHERE tenant_id = \(tenant) AND approval_id = \(id) AND state = \(constant: StoredApprovalState.pending)
              AND (NOT \(unexpired) OR expire_at > \(now))
            """).affectedRows == 1
    }

    /// Gives a claimed approval back (its action could not run), so that the decision can be retried.
    func release(tenant: String, id: UUID, from state: StoredApprovalState) async throws {
        try await pool.query("""
            UPDATE planner.approvals SET state = \(constant: StoredApprovalState.pending)
            WHERE tenant_id = \(tenant) AND approval_id = \(id) AND state = \(constant: state)
            """)
    }

    /// Stores the approval's new state in the caller's transaction.
    func update(_ approval: PlannerV1.Approval, session: PostgresSession) async throws {
        try await session.query("""
            UPDATE planner.approvals SET state = \(constant: StoredApprovalState(approval.state)),
                approval = \(Data(approval.serializedBytes()))
            WHERE tenant_id = \(approval.tenantID) AND approval_id = \(UUID(uuidString: approval.approvalID)!)
            """)
    }

    /// Approvals in `states` (all when empty), pending first, newest first.
    func list(tenant: String, states: [StoredApprovalState], offset: Int, limit: Int) async throws -> [PlannerV1.Approval] {
        let wanted = states.isEmpty ? StoredApprovalState.allCases : states
        return try await pool.query("""
            SELECT approval, language, customer_id FROM planner.approvals
            WHERE tenant_id = \(tenant) AND state IN (\(constants: wanted))
            ORDER BY state = \(constant: StoredApprovalState.pending) DESC, created_at DESC, approval_id
            OFFSET \(Int64(offset)) LIMIT \(Int64(limit))
            """).map { try Self.decode($0).approval }
    }

    /// Pending approvals past their expiry, at most `limit`.
    func due(now: Date, limit: Int) async throws -> [(tenant: String, id: UUID)] {
        try await pool.query("""
            SELECT tenant_id, approval_id FROM planner.approvals
            WHERE state = \(constant: StoredApprovalState.pending) AND expire_at <= \(now)
            ORDER BY expire_at LIMIT \(Int64(limit))
            """).map { (try $0.decode(String.self, "tenant_id"), try $0.decode(UUID.self, "approval_id")) }
    }

    static func decode(_ row: PostgresRow) throws -> Row {
        Row(approval: try PlannerV1.Approval(serializedBytes: [UInt8](try row.decode(Data.self, "approval"))),
            language: try row.decode(String.self, "language"), customerID: try row.decode(String.self, "customer_id"))
    }
}

extension StoredApprovalState {
    /// The stored spelling of `state`.
    init(_ state: PlannerV1.ApprovalState) {
        switch state {
        case .approved: self = .approved
        case .rejected: self = .rejected
        case .expired: self = .expired
        default: self = .pending
        }
    }
}
