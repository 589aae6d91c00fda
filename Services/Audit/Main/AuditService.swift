import API
import AuditCore
import Foundation
import Logging
import RPC
import Store
import Wire

/// `baton.audit.v1.Audit` over the `audit` schema: appends with group
/// commit, signed checkpoints, proofs from the stored hashes, and
/// verification of the whole tree against the entries.
final class AuditService: AuditV1.AuditService {
    let pool: PostgresPool
    let log: LogStore
    let keys: SealingKeyStore
    let retention: RetentionStore
    let settings: AuditSettings
    let appender: Appender
    let reader: RecordReader
    let logger: Logger

    init(pool: PostgresPool, settings: AuditSettings, logger: Logger) {
        self.pool = pool
        self.log = LogStore(pool: pool)
        let keys = SealingKeyStore(pool: pool)
        self.keys = keys
        self.retention = RetentionStore(pool: pool)
        self.settings = settings
        self.logger = logger
        self.reader = RecordReader(keys: keys, settings: settings)
        self.appender = Appender(pool: pool, settings: settings,
                                 sink: settings.checkpointDirectory.map { CheckpointSink(directory: $0, logger: logger) }, logger: logger)
    }

    // MARK: Append

    func append(_ request: AuditV1.AppendRequest, context: ServerContext) async throws -> AuditV1.AppendResponse {
        guard let record = request.record else { throw RPCError.invalidArgument(field: "record", "required") }
        do {
            try RecordValidator.validate(record, idempotencyKey: request.idempotencyKey)
        } catch {
            throw RPCError.invalidArgument(field: error.field, error.reason)
        }
        return try await appender.append(.init(record: Self.inputOnly(record), idempotencyKey: request.idempotencyKey))
    }

    /// The record without its output-only fields.
    static func inputOnly(_ record: AuditV1.AuditRecord) -> AuditV1.AuditRecord {
        var input = record
        input.index = 0
        input.recordTime = nil
        input.leafHash = []
        input.pseudonymKeyVersion = 0
        input.detailsUnreadable = false
        return input
    }

    // MARK: Checkpoints and proofs

    func getCheckpoint(_ request: AuditV1.GetCheckpointRequest, context: ServerContext) async throws -> AuditV1.GetCheckpointResponse {
        try validateTenant(request.tenantID)
        guard let checkpoint = try await log.checkpoint(tenant: request.tenantID, treeSize: request.treeSize) else {
            if let size = request.treeSize, try await log.head(tenant: request.tenantID) != nil {
                throw RPCError(.notFound, "tree_size: no checkpoint of size \(size)")
            }
            throw RPCError(.notFound, "tenant_id: no log for tenant '\(request.tenantID)'")
        }
        return .with {
            $0.checkpoint = SignedCheckpoints.message(checkpoint, origin: settings.origin(of: request.tenantID))
            $0.verifierKeys = settings.verifierKeys
        }
    }

    func getInclusionProof(_ request: AuditV1.GetInclusionProofRequest,
                           context: ServerContext) async throws -> AuditV1.GetInclusionProofResponse {
        try validateTenant(request.tenantID)
        let size = try await treeSize(request.tenantID, asked: request.treeSize, field: "tree_size")
        guard request.index < size else {
            throw RPCError(.outOfRange, "index: \(request.index) is not below the tree size \(size)")
        }
        let subtrees = try MerkleTree.subtreesForInclusion(index: request.index, size: size)
        let reader = SparseHashes(byIndex: try await log.hashes(tenant: request.tenantID, indexes: subtrees.map(StoredHashes.index(of:))))
        let proof = try MerkleTree.inclusionProof(index: request.index, size: size, reader: reader)
        guard let entry = try await log.entries(tenant: request.tenantID, from: request.index, limit: 1).first,
              entry.index == request.index else {
            throw AuditFailure(.inconsistent, "entry \(request.index) of tenant '\(request.tenantID)' is missing")
        }
        return .with {
            $0.entry = entry.entry
            $0.leafHash = entry.leafHash?.bytes ?? []
            $0.hashes = proof.map(\.bytes)
            $0.treeSize = size
        }
    }

    func getConsistencyProof(_ request: AuditV1.GetConsistencyProofRequest,
                             context: ServerContext) async throws -> AuditV1.GetConsistencyProofResponse {
        try validateTenant(request.tenantID)
        let newSize = try await treeSize(request.tenantID, asked: request.newSize, field: "new_size")
        guard request.oldSize >= 1 else { throw RPCError.invalidArgument(field: "old_size", "must be at least 1") }
        guard request.oldSize <= newSize else {
            throw RPCError(.outOfRange, "old_size: \(request.oldSize) is above the new size \(newSize)")
        }
        let subtrees = try MerkleTree.subtreesForConsistency(oldSize: request.oldSize, newSize: newSize)
        let reader = SparseHashes(byIndex: try await log.hashes(tenant: request.tenantID, indexes: subtrees.map(StoredHashes.index(of:))))
        let proof = try MerkleTree.consistencyProof(oldSize: request.oldSize, newSize: newSize, reader: reader)
        return .with {
            $0.hashes = proof.map(\.bytes)
            $0.oldSize = request.oldSize
            $0.newSize = newSize
        }
    }

    /// `asked`, or the latest checkpoint's size when 0; OUT_OF_RANGE past it.
    private func treeSize(_ tenant: String, asked: UInt64, field: String) async throws -> UInt64 {
        guard let latest = try await log.checkpoint(tenant: tenant) else {
            throw RPCError(.notFound, "tenant_id: no log for tenant '\(tenant)'")
        }
        guard asked <= latest.treeSize else {
            throw RPCError(.outOfRange, "\(field): \(asked) is past the tree size \(latest.treeSize)")
        }
        return asked == 0 ? latest.treeSize : asked
    }

    // MARK: Verify

    func verify(_ request: AuditV1.VerifyRequest, context: ServerContext) async throws -> AuditV1.VerifyResponse {
        try validateTenant(request.tenantID)
        let started = ContinuousClock.now
        guard let latest = try await log.checkpoint(tenant: request.tenantID) else {
            throw RPCError(.notFound, "tenant_id: no log for tenant '\(request.tenantID)'")
        }
        let verifiers = try NoteVerifiers(settings.verifierKeys.map { try NoteVerifier(key: $0) })
        var trusted: Checkpoint?
        if !request.trustedCheckpoint.isEmpty {
            do {
                trusted = try Checkpoint.open(Array(request.trustedCheckpoint.utf8), verifiers: verifiers,
                                              origin: settings.origin(of: request.tenantID))
            } catch {
                throw RPCError.invalidArgument(field: "trusted_checkpoint", "not a checkpoint of this log signed by a known key: \(error)")
            }
        }
        let result = try await TreeVerifier(log: log, tenant: request.tenantID, verifiers: verifiers,
                                            origin: settings.origin(of: request.tenantID))
            .verify(latest: latest, trusted: trusted)
        return .with {
            $0.valid = result.failure == nil
            $0.entriesChecked = result.entriesChecked
            $0.firstBadIndex = result.firstBadIndex
            $0.failure = result.failure ?? ""
            $0.checkpoint = SignedCheckpoints.message(latest, origin: settings.origin(of: request.tenantID))
            $0.computedRootHash = result.computedRoot.bytes
            $0.elapsed = .init(timeInterval: (ContinuousClock.now - started) / .seconds(1))
        }
    }

    // MARK: Query and metrics

    func query(_ request: AuditV1.QueryRequest, context: ServerContext) async throws -> AuditV1.QueryResponse {
        let pageSize: Int
        do {
            pageSize = try RecordValidator.validate(request)
        } catch {
            throw RPCError.invalidArgument(field: error.field, error.reason)
        }
        let tenant = request.tenantID
        guard try await log.head(tenant: tenant) != nil else { throw RPCError(.notFound, "tenant_id: no log for tenant '\(tenant)'") }
        let builder = EntryBuilder(pseudonymizer: settings.pseudonymizer(for: tenant))
        var filter = LogStore.QueryFilter()
        filter.start = request.window?.startTime?.date
        filter.end = request.window?.endTime?.date
        filter.kinds = request.kinds.map { Int32($0.rawValue) }
        if !request.principalID.isEmpty { filter.principals = Self.storedPrincipals(request.principalID, builder: builder) }
        filter.subject = request.subject.map { subject in
            "\(EntryBuilder.name(of: subject.kind)):\(builder.stored(subject).subjectID)"
        }
        filter.lowest = request.minIndex
        filter.highest = request.maxIndex
        filter.descending = request.descending
        // The token is bound to the filters as stored (a raw id and its pseudonym ask the same thing).
        let digest = QueryPageToken.digest(ofFilters: [
            tenant, filter.start.map { "\($0.timeIntervalSince1970)" } ?? "-", filter.end.map { "\($0.timeIntervalSince1970)" } ?? "-",
            filter.kinds.sorted().map(String.init).joined(separator: ","), filter.principals.joined(separator: ","),
            filter.subject ?? "-", filter.lowest.map(String.init) ?? "-", filter.highest.map(String.init) ?? "-",
            filter.descending ? "desc" : "asc",
        ])
        if !request.pageToken.isEmpty {
            let token: QueryPageToken
            do {
                token = try QueryPageToken.read(request.pageToken, filterDigest: digest)
            } catch {
                throw RPCError.invalidArgument(field: error.field, error.reason)
            }
            if filter.descending {
                guard token.lastIndex > 0 else { return .init() }
                filter.highest = min(filter.highest ?? .max, token.lastIndex - 1)
            } else {
                guard token.lastIndex < .max else { return .init() }
                filter.lowest = max(filter.lowest ?? 0, token.lastIndex + 1)
            }
        }
        let stored = try await log.query(tenant: tenant, filter: filter, limit: pageSize + 1)
        let records = try await reader.records(tenant: tenant, Array(stored.prefix(pageSize))).map { record in
            guard !request.includeDetails else { return record }
            var record = record
            record.inputs = [:]
            record.rationale = ""
            return record
        }
        return .with {
            $0.records = records
            if stored.count > pageSize, let last = records.last {
                $0.nextPageToken = QueryPageToken(lastIndex: last.index, filterDigest: digest).text
            }
        }
    }

    /// The `principal` column values a queried principal id can have: for
    /// people (stored pseudonymised) its pseudonym, for services and bots the
    /// id itself, under every principal kind.
    static func storedPrincipals(_ id: String, builder: EntryBuilder) -> [String] {
        let pseudonym = id.hasPrefix("ps_") ? id : builder.pseudonymizer.pseudonym(kind: "principal", id: id)
        return CommonV1.PrincipalKind.allCases.compactMap { kind -> String? in
            switch kind {
            case .humanAgent, .supervisor, .administrator, .customer: "\(kind.rawValue):\(pseudonym)"
            case .bot, .service: "\(kind.rawValue):\(id)"
            default: nil
            }
        }
    }

    // MARK: Erasure

    func eraseCustomer(_ request: AuditV1.EraseCustomerRequest, context: ServerContext) async throws -> AuditV1.EraseCustomerResponse {
        do {
            try RecordValidator.validate(request)
        } catch {
            throw RPCError.invalidArgument(field: error.field, error.reason)
        }
        let tenant = request.tenantID
        guard try await log.head(tenant: tenant) != nil else { throw RPCError(.notFound, "tenant_id: no log for tenant '\(tenant)'") }
        let builder = EntryBuilder(pseudonymizer: settings.pseudonymizer(for: tenant))
        let customer = builder.stored(.with {
            $0.kind = .customer
            $0.subjectID = request.customerID
        })
        let record = AuditV1.AuditRecord.with {
            $0.tenantID = tenant
            $0.kind = .customerErased
            $0.performedBy = request.requestedBy ?? Self.ownPrincipal
            $0.subjects = [customer]
            $0.decision = "CUSTOMER_ERASED"
            $0.sourceService = "baton-audit"
            $0.decideTime = .init(date: Date())
        }
        let key = request.idempotencyKey.isEmpty ? "baton-audit:erase:\(UUID().uuidString)" : request.idempotencyKey
        let output = try await appender.erase(.init(record: record, idempotencyKey: key, erases: customer.subjectID))
        logger.info("customer erased", metadata: [
            "tenant": "\(tenant)", "index": "\(output.response.index)",
            "entries_made_unreadable": "\(output.erasure?.entriesMadeUnreadable ?? 0)",
        ])
        return .with {
            $0.customerPseudonym = customer.subjectID
            $0.entriesMadeUnreadable = output.erasure?.entriesMadeUnreadable ?? 0
            $0.keyVersionsDeleted = output.erasure?.keyVersionsDeleted ?? []
            $0.erasure = output.response
        }
    }

    /// Who the service's own entries are performed by when the caller names nobody.
    static let ownPrincipal = CommonV1.Principal.with {
        $0.kind = .service
        $0.principalID = "baton-audit"
    }

    // MARK: Retention

    func setRetention(_ request: AuditV1.SetRetentionRequest, context: ServerContext) async throws -> AuditV1.SetRetentionResponse {
        let seconds: Int64?
        do {
            seconds = try RecordValidator.validate(request)
        } catch {
            throw RPCError.invalidArgument(field: error.field, error.reason)
        }
        let tenant = request.tenantID
        guard try await log.head(tenant: tenant) != nil else { throw RPCError(.notFound, "tenant_id: no log for tenant '\(tenant)'") }
        // Read before the change, for the record: two changes at once may both name the same previous one.
        let previous = try await retention.retention(tenant: tenant)?.seconds
        let record = AuditV1.AuditRecord.with {
            $0.tenantID = tenant
            $0.kind = .retentionChanged
            $0.performedBy = request.requestedBy ?? Self.ownPrincipal
            $0.inputs = ["retention": RetentionRule.text(seconds), "previous_retention": RetentionRule.text(previous)]
            $0.decision = seconds == nil ? "RETENTION_REMOVED" : "RETENTION_SET"
            $0.sourceService = "baton-audit"
            $0.decideTime = .init(date: Date())
        }
        let key = request.idempotencyKey.isEmpty ? "baton-audit:retention:\(UUID().uuidString)" : request.idempotencyKey
        let change = try await appender.append(.init(record: record, idempotencyKey: key, setsRetention: .init(seconds: seconds)))
        logger.info("retention changed", metadata: [
            "tenant": "\(tenant)", "index": "\(change.index)", "retention": "\(RetentionRule.text(seconds))", "duplicate": "\(change.duplicate)",
        ])
        let inForce = try await retention.retention(tenant: tenant)
        return .with {
            $0.retention = inForce.map { stored in .with { $0.seconds = stored.seconds } }
            $0.change = change
        }
    }

    func getRetention(_ request: AuditV1.GetRetentionRequest, context: ServerContext) async throws -> AuditV1.GetRetentionResponse {
        try validateTenant(request.tenantID)
        guard try await log.head(tenant: request.tenantID) != nil else {
            throw RPCError(.notFound, "tenant_id: no log for tenant '\(request.tenantID)'")
        }
        let stored = try await retention.retention(tenant: request.tenantID)
        return .with {
            $0.retention = stored.map { stored in .with { $0.seconds = stored.seconds } }
            $0.updateTime = stored.map { .init(date: $0.updateTime) }
        }
    }

    func metrics(_ request: AuditV1.MetricsRequest, context: ServerContext) async throws -> AuditV1.MetricsResponse {
        let asked: EscalationMetricsCalculator.Request
        do {
            asked = try RecordValidator.validate(request, now: Date())
        } catch {
            throw RPCError.invalidArgument(field: error.field, error.reason)
        }
        guard try await log.head(tenant: request.tenantID) != nil else {
            throw RPCError(.notFound, "tenant_id: no log for tenant '\(request.tenantID)'")
        }
        return try await metrics(tenant: request.tenantID, asked)
    }

    /// The kinds Metrics reads (see EscalationMetrics in audit.proto).
    static let metricsKinds: [AuditV1.RecordKind] = [.turnDecision, .escalationEnqueued, .escalationCompleted, .handoffFeedback, .satisfaction]

    /// The metrics of `tenant`: the records decided from one window length
    /// before the window to its end, the details of feedback and
    /// satisfaction opened, into AuditCore's calculator.
    func metrics(tenant: String, _ asked: EscalationMetricsCalculator.Request) async throws -> AuditV1.MetricsResponse {
        let from = asked.start.addingTimeInterval(-asked.end.timeIntervalSince(asked.start))
        let stored = try await log.decided(tenant: tenant, from: from, to: asked.end, kinds: Self.metricsKinds.map(\.rawValue))
        let records = try await reader.records(tenant: tenant, stored) { $0.kind == .handoffFeedback || $0.kind == .satisfaction }
        return EscalationMetricsCalculator.compute(records, asked)
    }

    private func validateTenant(_ tenant: String) throws(RPCError) {
        guard !tenant.isEmpty else { throw .invalidArgument(field: "tenant_id", "required") }
        guard tenant.utf8.count <= RecordLimits.identifierBytes else { throw .invalidArgument(field: "tenant_id", "longer than 128 bytes") }
    }
}
