import Foundation
import ServiceKit
import Store
import Wire

/// `handoff.packages`: every revision of every package, stored in the FULL
/// view as the `HandoffPackage` message.
struct PackageStore: Sendable {
    let pool: PostgresPool

    /// What `store` did.
    enum Outcome {
        /// A new revision was stored.
        case created(HandoffV1.HandoffPackage)
        /// The same inputs had been stored already (by this call's retry or
        /// another replica): that revision.
        case existing(HandoffV1.HandoffPackage)
    }

    /// Stores the package `make(revision, id)` builds unless one with
    /// `fingerprint` exists for the escalation. Two builds racing on the same
    /// inputs meet on the (escalation, fingerprint) constraint and one row is
    /// stored; two different builds racing for the same revision meet on the
    /// (escalation, revision) constraint and the loser takes the next one.
    /// A new revision's audit record goes to `outbox` in its transaction.
    func store(tenant: String, escalation: String, fingerprint: String, customer: String, outbox: AuditRecordOutbox,
               make: (UInt32, UUID) -> HandoffV1.HandoffPackage) async throws -> Outcome {
        for _ in 0..<20 {
            if let existing = try await find(tenant: tenant, escalation: escalation, fingerprint: fingerprint) {
                return .existing(existing)
            }
            let latest = try await pool.query("""
                SELECT coalesce(max(revision), 0) AS latest FROM handoff.packages
                WHERE tenant_id = \(tenant) AND escalation_id = \(escalation)
                """)
            let revision = UInt32(try latest[0].decode(Int32.self, "latest")) + 1
            let id = UUID()
            let package = make(revision, id)
            let created = try await pool.transaction { session in
                let inserted = try await session.query("""
                    INSERT INTO handoff.packages (package_id, tenant_id, escalation_id, conversation_id, revision, fingerprint,
                        customer_id, trigger_name, issue_type, summary, package)
                    VALUES (\(id), \(tenant), \(escalation), \(package.conversationID), \(Int32(revision)),
                        sha256(convert_to(\(fingerprint), 'UTF8')), \(customer), \(package.trigger?.name ?? ""),
                        \(package.classification?.issueType ?? ""), \(package.summary), \(Data(package.serializedBytes())))
                    ON CONFLICT DO NOTHING
                    RETURNING package_id
                    """)
                guard !inserted.isEmpty else { return false }
                let audit = HandoffAuditRecords.built(package, tenant: tenant, customer: customer,
                                                      fingerprintDigest: SHA256Digest.hex(Array(fingerprint.utf8)))
                try await outbox.add(audit.record, key: audit.key, session: session)
                return true
            }
            if created { return .created(package) }
        }
        throw HandoffStoreError(.revisionContention, "escalation \(escalation): no free revision after 20 attempts")
    }

    /// The revision built from `fingerprint`, if any.
    func find(tenant: String, escalation: String, fingerprint: String) async throws -> HandoffV1.HandoffPackage? {
        try await pool.query("""
            SELECT package FROM handoff.packages
            WHERE tenant_id = \(tenant) AND escalation_id = \(escalation)
              AND fingerprint = sha256(convert_to(\(fingerprint), 'UTF8'))
            """).first.map(Self.decode)
    }

    /// A package by id, at its latest revision or `revision`.
    func byID(tenant: String, id: UUID) async throws -> HandoffV1.HandoffPackage? {
        try await pool.query("""
            SELECT package FROM handoff.packages WHERE tenant_id = \(tenant) AND package_id = \(id)
            """).first.map(Self.decode)
    }

    /// An escalation's latest package, or its `revision`.
    func latest(tenant: String, escalation: String, revision: UInt32? = nil) async throws -> HandoffV1.HandoffPackage? {
        if let revision {
            return try await pool.query("""
                SELECT package FROM handoff.packages
                WHERE tenant_id = \(tenant) AND escalation_id = \(escalation) AND revision = \(Int32(revision))
                """).first.map(Self.decode)
        }
        return try await pool.query("""
            SELECT package FROM handoff.packages WHERE tenant_id = \(tenant) AND escalation_id = \(escalation)
            ORDER BY revision DESC LIMIT 1
            """).first.map(Self.decode)
    }

    /// The customer's latest package of each other escalation, newest first
    /// (at most `limit`): Baton's own history of the customer.
    func recent(tenant: String, customer: String, excluding escalation: String, limit: Int = 5)
        async throws -> [(escalation: String, summary: String, issueType: String, created: Date)] {
        guard !customer.isEmpty else { return [] }
        return try await pool.query("""
            SELECT escalation_id, summary, issue_type, created_at FROM (
                SELECT DISTINCT ON (escalation_id) escalation_id, summary, issue_type, created_at FROM handoff.packages
                WHERE tenant_id = \(tenant) AND customer_id = \(customer) AND escalation_id <> \(escalation)
                ORDER BY escalation_id, revision DESC
            ) latest ORDER BY created_at DESC, escalation_id LIMIT \(limit)
            """).map { row in
            (try row.decode(String.self, "escalation_id"), try row.decode(String.self, "summary"),
             try row.decode(String.self, "issue_type"), try row.decode(Date.self, "created_at"))
        }
    }

    static func decode(_ row: PostgresRow) throws -> HandoffV1.HandoffPackage {
        try HandoffV1.HandoffPackage(serializedBytes: [UInt8](try row.decode(Data.self, "package")))
    }
}
