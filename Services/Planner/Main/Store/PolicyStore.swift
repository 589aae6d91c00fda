import Foundation
import PlannerCore
import Store
import Wire

/// `planner.policies` and `planner.rollouts`: every version of every
/// tenant's policy, and which versions decide.
struct PolicyStore: Sendable {
    let pool: PostgresPool

    /// A version as stored.
    struct Row: Sendable {
        var policy: PlannerV1.Policy
        var format: PolicySourceFormat
    }

    /// Stores `document` as the tenant's next version and returns it. Two
    /// publications racing meet on the primary key: the loser gets nil and
    /// tries again for the next number. In the caller's transaction, so that
    /// the version's audit record goes with it.
    func publish(tenant: String, document: String, format: PlannerV1.PolicyFormat, sha256: [UInt8], note: String,
                 publisher: CommonV1.Principal, warnings: [PlannerV1.ValidationError], session: PostgresSession) async throws -> UInt32? {
        let warningBytes = Data(PlannerV1.PublishPolicyResponse.with { $0.errors = warnings }.serializedBytes())
        return try await session.query("""
            INSERT INTO planner.policies (tenant_id, version, document, format, document_sha256, change_note, published_by, warnings)
            SELECT \(tenant), coalesce(max(version), 0) + 1, \(document), \(Self.formatName(format)), \(Data(sha256)),
                   \(note), \(Data(publisher.serializedBytes())), \(warningBytes)
            FROM planner.policies WHERE tenant_id = \(tenant)
            ON CONFLICT DO NOTHING
            RETURNING version
            """).first.map { UInt32(try $0.decode(Int32.self, "version")) }
    }

    /// One version, with or without its document.
    func version(tenant: String, version: UInt32, withDocument: Bool) async throws -> Row? {
        let rollout = try await rollout(tenant: tenant)
        return try await pool.query("""
            SELECT version, document, format, document_sha256, change_note, published_by, warnings, published_at, activated_at
            FROM planner.policies WHERE tenant_id = \(tenant) AND version = \(Int32(version))
            """).first.map { try Self.decode($0, tenant: tenant, rollout: rollout, withDocument: withDocument) }
    }

    /// Versions newest first, below `before` (0: from the newest).
    func list(tenant: String, before: UInt32, limit: Int, withDocument: Bool) async throws -> [Row] {
        let rollout = try await rollout(tenant: tenant)
        let bound = before == 0 ? Int32.max : Int32(before)
        return try await pool.query("""
            SELECT version, document, format, document_sha256, change_note, published_by, warnings, published_at, activated_at
            FROM planner.policies WHERE tenant_id = \(tenant) AND version < \(bound)
            ORDER BY version DESC LIMIT \(Int64(limit))
            """).map { try Self.decode($0, tenant: tenant, rollout: rollout, withDocument: withDocument) }
    }

    /// The tenant's rollout (no version active when never activated).
    func rollout(tenant: String) async throws -> PolicyRollout {
        try await pool.query("""
            SELECT active_version, canary_version, canary_percent, canary_channels FROM planner.rollouts WHERE tenant_id = \(tenant)
            """).first.map(Self.decodeRollout) ?? PolicyRollout(activeVersion: 0)
    }

    /// What `activate` found.
    enum Activation: Sendable {
        /// Done: the rollout before and after.
        case activated(previous: PolicyRollout, now: PolicyRollout)
        /// `version` is not stored.
        case unknownVersion
        /// The active version was not the one the caller expected.
        case unexpectedActive(UInt32)
    }

    /// Makes `version` active for all (no `canary`), or the canary. Runs in
    /// the caller's transaction so that the audit record goes with it.
    func activate(tenant: String, version: UInt32, expectedActive: UInt32?, canaryPercent: UInt32?, canaryChannels: [String],
                  session: PostgresSession) async throws -> Activation {
        guard try await !session.query("""
            SELECT 1 FROM planner.policies WHERE tenant_id = \(tenant) AND version = \(Int32(version))
            """).isEmpty else { return .unknownVersion }
        try await session.query("INSERT INTO planner.rollouts (tenant_id) VALUES (\(tenant)) ON CONFLICT DO NOTHING")
        let previous = try Self.decodeRollout(try await session.query("""
            SELECT active_version, canary_version, canary_percent, canary_channels FROM planner.rollouts
            WHERE tenant_id = \(tenant) FOR UPDATE
            """)[0])
        if let expectedActive, expectedActive != previous.activeVersion { return .unexpectedActive(previous.activeVersion) }
        var now = previous
        if let canaryPercent {
            now.canaryVersion = version
            now.canaryPercent = canaryPercent
            now.canaryChannels = Set(canaryChannels)
        } else {
            now = PolicyRollout(activeVersion: version)
        }
        try await session.query("""
            UPDATE planner.rollouts SET active_version = \(Int32(now.activeVersion)), canary_version = \(Int32(now.canaryVersion)),
                canary_percent = \(Int32(now.canaryPercent)), canary_channels = \(now.canaryChannels.sorted()), updated_at = now()
            WHERE tenant_id = \(tenant)
            """)
        try await session.query("""
            UPDATE planner.policies SET activated_at = now() WHERE tenant_id = \(tenant) AND version = \(Int32(version))
            """)
        return .activated(previous: previous, now: now)
    }

    static func decodeRollout(_ row: PostgresRow) throws -> PolicyRollout {
        PolicyRollout(activeVersion: UInt32(try row.decode(Int32.self, "active_version")),
                      canaryVersion: UInt32(try row.decode(Int32.self, "canary_version")),
                      canaryPercent: UInt32(try row.decode(Int32.self, "canary_percent")),
                      canaryChannels: Set(try row.decode([String].self, "canary_channels")))
    }

    static func formatName(_ format: PlannerV1.PolicyFormat) -> String { format == .json ? "json" : "yaml" }

    static func decode(_ row: PostgresRow, tenant: String, rollout: PolicyRollout, withDocument: Bool) throws -> Row {
        let version = UInt32(try row.decode(Int32.self, "version"))
        let format: PlannerV1.PolicyFormat = try row.decode(String.self, "format") == "json" ? .json : .yaml
        let activated = try row.decode(Date?.self, "activated_at")
        let document = withDocument ? try row.decode(String.self, "document") : ""
        let sha256 = [UInt8](try row.decode(Data.self, "document_sha256"))
        let note = try row.decode(String.self, "change_note")
        let publisher = try CommonV1.Principal(serializedBytes: [UInt8](try row.decode(Data.self, "published_by")))
        let published = try row.decode(Date.self, "published_at")
        let warnings = try PlannerV1.PublishPolicyResponse(serializedBytes: [UInt8](try row.decode(Data.self, "warnings"))).errors
        let policy = PlannerV1.Policy.with {
            $0.tenantID = tenant
            $0.version = version
            $0.document = document
            $0.format = format
            $0.documentSha256 = sha256
            $0.state = version == rollout.activeVersion ? .active
                : version == rollout.canaryVersion ? .canary
                : activated != nil ? .retired : .published
            $0.changeNote = note
            $0.publishedBy = publisher
            $0.publishTime = .init(date: published)
            if let activated { $0.activateTime = .init(date: activated) }
            $0.warnings = warnings
        }
        return Row(policy: policy, format: format == .json ? .json : .yaml)
    }
}
