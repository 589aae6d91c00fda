import API
import Foundation
import HandoffCore
import Logging
import RPC
import ServiceKit
import Store
import Synchronization
import Wire

/// `baton.handoff.v1.Handoff` over HandoffCore and the `handoff` schema.
/// Every decision is HandoffCore's; this type validates requests, reads and
/// writes through the typed stores, and maps errors to statuses.
final class HandoffService: HandoffV1.HandoffService {
    let stores: HandoffStores
    let logger: Logger
    let redactor = PackageRedactor()
    /// Packages built and feedback for baton-audit, when one is configured.
    let outbox: AuditRecordOutbox
    /// Synonym groups by tenant and language, kept a few seconds so that a
    /// search does not cost a read; SetSynonyms on this replica replaces
    /// its entry at once, other replicas see it within `cacheLifetime`.
    let synonymCache = Mutex<[String: (groups: [[String]], loaded: ContinuousClock.Instant)]>([:])
    static let cacheLifetime: Duration = .seconds(5)

    init(pool: PostgresPool, logger: Logger, audited: Bool) {
        self.stores = HandoffStores(pool: pool)
        self.logger = logger
        self.outbox = AuditRecordOutbox(pool: pool, table: .handoff, enabled: audited)
    }

    // MARK: Build and Get

    func build(_ request: HandoffV1.BuildRequest, context: ServerContext) async throws -> HandoffV1.BuildResponse {
        try HandoffValidation.validate(request)
        var input = PackageInput(request)
        // The caller's inputs alone decide the revision: Baton's history, added below, changes when other
        // escalations are built and must not turn a retry into a new revision.
        let fingerprint = PackageFingerprint.text(input)
        let customer = request.conversation?.customer?.customerID ?? ""
        // Baton's own history of the customer joins the caller's tickets.
        for earlier in try await stores.packages.recent(tenant: request.tenantID, customer: customer, excluding: request.escalationID)
        where !input.relatedTickets.contains(where: { $0.ticketID == "baton:\(earlier.escalation)" }) {
            input.relatedTickets.append(.with {
                $0.ticketID = "baton:\(earlier.escalation)"
                $0.subject = String(earlier.summary.prefix(200))
                $0.status = "handed off (\(earlier.issueType))"
                $0.createTime = GoogleProtobuf.Timestamp(date: earlier.created)
            })
        }
        var built = PackageBuilder.build(input)
        built.articles = try await articles(for: input, tenant: request.tenantID)
        let now = Date()
        let template = built
        let outcome = try await stores.packages.store(tenant: request.tenantID, escalation: request.escalationID,
                                                      fingerprint: fingerprint, customer: customer,
                                                      outbox: outbox) { revision, id in
            var package = template
            package.packageID = id.uuidString.lowercased()
            package.escalationID = request.escalationID
            package.revision = revision
            package.buildTime = GoogleProtobuf.Timestamp(date: now)
            return package
        }
        switch outcome {
        case .created(let package):
            logger.info("package built", metadata: ["tenant": "\(request.tenantID)", "escalation": "\(request.escalationID)",
                                                    "revision": "\(package.revision)"])
            return .with { $0.handoffPackage = package; $0.created = true }
        case .existing(let package):
            return .with { $0.handoffPackage = package; $0.created = false }
        }
    }

    /// Up to five articles for the package: the customer's first messages
    /// searched in the package's language.
    func articles(for input: PackageInput, tenant: String) async throws -> [HandoffV1.KnowledgeArticleRef] {
        let text = input.conversation.messages.filter { $0.role == .customer }.prefix(2).map(\.text).joined(separator: " ")
        let query = String(KnowledgeQuery.plainWords(input.intent.replacingOccurrences(of: "_", with: " ") + " " + text)
            .prefix(1_000))
        guard !query.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return [] }
        return try await search(tenant: tenant, query: query, language: input.resolvedLanguage, tags: [], limit: 5)
    }

    func get(_ request: HandoffV1.GetRequest, context: ServerContext) async throws -> HandoffV1.GetResponse {
        guard !request.tenantID.isEmpty else { throw RPCError.invalidArgument(field: "tenant_id", "required") }
        let view: HandoffV1.PackageView = request.view == .full ? .full : .redacted
        if view == .full, ![.humanAgent, .supervisor].contains(request.callerKind) {
            throw RPCError(.permissionDenied, "view: PACKAGE_VIEW_FULL is for the assigned agent and supervisors; "
                           + "caller_kind is \(request.callerKind)")
        }
        let package: HandoffV1.HandoffPackage?
        switch request.selector {
        case .packageID(let id):
            guard let uuid = UUID(uuidString: id) else { throw RPCError.invalidArgument(field: "package_id", "not a UUID") }
            package = try await stores.packages.byID(tenant: request.tenantID, id: uuid)
            guard package != nil else { throw RPCError(.notFound, "package_id: no package \(id)") }
        case .escalationID(let escalation):
            package = try await stores.packages.latest(tenant: request.tenantID, escalation: escalation, revision: request.revision)
            guard package != nil else {
                throw RPCError(.notFound, "escalation_id: no package for escalation \(escalation)"
                               + (request.revision.map { " at revision \($0)" } ?? ""))
            }
        case nil:
            throw RPCError.invalidArgument(field: "selector", "package_id or escalation_id is required")
        }
        return .with { $0.handoffPackage = view == .full ? package! : redactor.redacted(package!) }
    }
}
