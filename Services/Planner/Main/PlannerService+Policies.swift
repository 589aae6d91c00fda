import API
import Foundation
import PlannerCore
import RPC
import ServiceKit
import Store
import Wire

extension PlannerService {
    func publishPolicy(_ request: PlannerV1.PublishPolicyRequest, context: ServerContext) async throws -> PlannerV1.PublishPolicyResponse {
        try PlannerValidation.id(request.tenantID, "tenant_id", max: 128)
        let format = try Self.sourceFormat(request.format, field: "format")
        try Self.validateDocument(request.document, field: "document")
        if let crc = request.documentCrc32c, crc != CRC32C.checksum(Array(request.document.utf8)) {
            throw RPCError.invalidArgument(field: "document_crc32c", "does not match the document (corrupted upload)")
        }
        try PlannerValidation.principal(request.publisher, "publisher")
        guard request.publisher!.kind == .administrator else {
            throw RPCError(.permissionDenied, "publisher: only an administrator publishes policies")
        }
        let compilation = PolicyCompiler.compile(request.document, format: format, knownTriggerNames: knownTriggerNames)
        let problems = compilation.diagnostics.map(Self.wire)
        guard compilation.isValid, !request.validateOnly else {
            return .with { $0.valid = compilation.isValid; $0.errors = problems }
        }
        let tenant = request.tenantID
        let sha256 = SHA256Digest.bytes(Array(request.document.utf8))
        // The version and its audit record in one transaction; two publications racing for a number: the loser
        // takes the next.
        var published: (version: UInt32, outboxID: Int64, record: AuditV1.AuditRecord, key: String)?
        for _ in 0..<20 where published == nil {
            published = try await stores.pool.transaction { session in
                guard let version = try await self.stores.policies.publish(
                    tenant: tenant, document: request.document, format: request.format, sha256: sha256, note: request.changeNote,
                    publisher: request.publisher!, warnings: problems, session: session) else { return nil }
                let record = self.record(tenant: tenant, kind: .policyPublished, decision: "published version \(version)",
                                         rationale: request.changeNote, subjects: [],
                                         inputs: ["version": "\(version)", "document_sha256": SHA256Digest.hex(sha256),
                                                  "warnings": "\(problems.count)"],
                                         policyVersion: version, by: request.publisher, now: Date())
                let key = "planner/policy/\(tenant)/published/\(version)"
                return (version, try await self.stores.auditOutbox.add(record, key: key, session: session), record, key)
            }
        }
        guard let published else {
            throw PlannerError(.contention, "tenant \(tenant): no free policy version after 20 attempts").rpcError
        }
        let version = published.version
        _ = await appendNow(outboxID: published.outboxID, key: published.key, record: published.record)
        if request.activate {
            _ = try await activate(tenant: tenant, version: version, expectedActive: nil, rollout: nil, by: request.publisher!)
        }
        guard let stored = try await stores.policies.version(tenant: tenant, version: version, withDocument: false) else {
            throw PlannerError(.corruptRow, "tenant \(tenant) policy version \(version) vanished after publication").rpcError
        }
        return .with {
            $0.valid = true
            $0.errors = problems
            $0.policy = stored.policy
        }
    }

    func activatePolicy(_ request: PlannerV1.ActivatePolicyRequest, context: ServerContext) async throws -> PlannerV1.ActivatePolicyResponse {
        try PlannerValidation.id(request.tenantID, "tenant_id", max: 128)
        guard request.version >= 1 else { throw RPCError.invalidArgument(field: "version", "required (>= 1)") }
        try PlannerValidation.principal(request.activator, "activator")
        guard request.activator!.kind == .administrator else {
            throw RPCError(.permissionDenied, "activator: only an administrator activates policies")
        }
        if let rollout = request.rollout {
            guard rollout.percent <= 100 else { throw RPCError.invalidArgument(field: "rollout.percent", "must be 0 to 100") }
            guard rollout.percent > 0 || !rollout.channels.isEmpty else {
                throw RPCError.invalidArgument(field: "rollout", "set a percent or channels")
            }
            for (index, channel) in rollout.channels.enumerated() where channel == .unspecified {
                throw RPCError.invalidArgument(field: "rollout.channels[\(index)]", "unspecified")
            }
        }
        let (previous, now) = try await activate(tenant: request.tenantID, version: request.version,
                                                 expectedActive: request.expectedActiveVersion, rollout: request.rollout,
                                                 by: request.activator!)
        guard let stored = try await stores.policies.version(tenant: request.tenantID, version: request.version, withDocument: false) else {
            throw PlannerError(.corruptRow, "policy version \(request.version) vanished after activation").rpcError
        }
        return .with {
            $0.policy = stored.policy
            $0.previousVersion = previous.activeVersion
            $0.canaryVersion = now.canaryVersion
            if now.canaryVersion != 0 { $0.rollout = Self.wire(now) }
        }
    }

    /// Activates `version` (with `rollout`: as the canary) and records it in the audit log.
    func activate(tenant: String, version: UInt32, expectedActive: UInt32?, rollout: PlannerV1.PolicyRollout?,
                  by activator: CommonV1.Principal) async throws -> (previous: PolicyRollout, now: PolicyRollout) {
        if try await policy(tenant: tenant, version: version) == nil {
            throw RPCError(.notFound, "tenant \(tenant) has no policy version \(version)")
        }
        let channels = rollout?.channels.map { TurnFacts.channelName($0) } ?? []
        let key = "planner/policy/\(tenant)/activated/\(UUID().uuidString.lowercased())"
        let result: (PolicyStore.Activation, AuditV1.AuditRecord?, Int64?) = try await stores.pool.transaction { session in
            let activation = try await self.stores.policies.activate(
                tenant: tenant, version: version, expectedActive: expectedActive, canaryPercent: rollout.map(\.percent),
                canaryChannels: channels, session: session)
            guard case .activated(let previous, let now) = activation else { return (activation, nil, nil) }
            let scope = now.canaryVersion == version
                ? "as a canary for \(now.canaryPercent)% of conversations" + (channels.isEmpty ? "" : " and channels \(channels.joined(separator: ", "))")
                : "for all conversations"
            let record = self.record(tenant: tenant, kind: .policyActivated, decision: "activated version \(version) \(scope)",
                                     rationale: "previously active: \(previous.activeVersion)", subjects: [],
                                     inputs: ["version": "\(version)", "previous_version": "\(previous.activeVersion)",
                                              "canary_percent": "\(now.canaryPercent)"],
                                     policyVersion: version, by: activator, now: Date())
            return (activation, record, try await self.stores.auditOutbox.add(record, key: key, session: session))
        }
        switch result.0 {
        case .unknownVersion:
            throw RPCError(.notFound, "tenant \(tenant) has no policy version \(version)")
        case .unexpectedActive(let active):
            throw RPCError(.aborted, "expected_active_version: version \(active) is active, not \(expectedActive ?? 0)")
        case .activated(let previous, let now):
            rollouts.withLock { $0[tenant] = nil }
            if let record = result.1, let outboxID = result.2 { _ = await appendNow(outboxID: outboxID, key: key, record: record) }
            logger.info("policy activated", metadata: ["tenant": "\(tenant)", "version": "\(version)", "canary": "\(now.canaryVersion)"])
            return (previous, now)
        }
    }

    func listPolicies(_ request: PlannerV1.ListPoliciesRequest, context: ServerContext) async throws -> PlannerV1.ListPoliciesResponse {
        try PlannerValidation.id(request.tenantID, "tenant_id", max: 128)
        guard (0...100).contains(request.pageSize) else { throw RPCError.invalidArgument(field: "page_size", "must be 0 to 100") }
        let size = request.pageSize == 0 ? 20 : Int(request.pageSize)
        var before: UInt32 = 0
        if !request.pageToken.isEmpty {
            guard let value = UInt32(request.pageToken), value > 0 else {
                throw RPCError.invalidArgument(field: "page_token", "not a token from this method")
            }
            before = value
        }
        let rows = try await stores.policies.list(tenant: request.tenantID, before: before, limit: size + 1,
                                                  withDocument: request.view == .full)
        let rollout = try await stores.policies.rollout(tenant: request.tenantID)
        return .with {
            $0.policies = rows.prefix(size).map(\.policy)
            if rows.count > size, let last = rows.prefix(size).last { $0.nextPageToken = "\(last.policy.version)" }
            $0.activeVersion = rollout.activeVersion
            $0.canaryVersion = rollout.canaryVersion
            if rollout.canaryVersion != 0 { $0.rollout = Self.wire(rollout) }
        }
    }

    func getPolicy(_ request: PlannerV1.GetPolicyRequest, context: ServerContext) async throws -> PlannerV1.GetPolicyResponse {
        try PlannerValidation.id(request.tenantID, "tenant_id", max: 128)
        var version = request.version ?? 0
        if request.version == nil {
            version = try await stores.policies.rollout(tenant: request.tenantID).activeVersion
            guard version != 0 else { throw RPCError(.notFound, "tenant \(request.tenantID) has no active policy") }
        }
        guard let row = try await stores.policies.version(tenant: request.tenantID, version: version,
                                                          withDocument: request.view == .full) else {
            throw RPCError(.notFound, "tenant \(request.tenantID) has no policy version \(version)")
        }
        return .with { $0.policy = row.policy }
    }

    func simulatePolicy(_ request: PlannerV1.SimulatePolicyRequest, context: ServerContext) async throws -> PlannerV1.SimulatePolicyResponse {
        try PlannerValidation.id(request.tenantID, "tenant_id", max: 128)
        guard let start = request.startTime?.date else { throw RPCError.invalidArgument(field: "start_time", "required") }
        let end = request.endTime?.date ?? Date()
        guard end > start else { throw RPCError.invalidArgument(field: "end_time", "must be after start_time") }
        guard request.examplesPerCell <= 20 else { throw RPCError.invalidArgument(field: "examples_per_cell", "at most 20") }
        guard request.maxTurns <= 100_000 else { throw RPCError.invalidArgument(field: "max_turns", "at most 100000") }
        let candidate: CompiledPolicy
        switch request.candidate {
        case .version(let version):
            guard let policy = try await policy(tenant: request.tenantID, version: version) else {
                throw RPCError(.notFound, "tenant \(request.tenantID) has no policy version \(version)")
            }
            candidate = policy
        case .document(let document):
            let format = try Self.sourceFormat(document.format, field: "document.format")
            try Self.validateDocument(document.document, field: "document.document")
            let compilation = PolicyCompiler.compile(document.document, format: format, knownTriggerNames: knownTriggerNames)
            guard let policy = compilation.policy else {
                return .with { $0.errors = compilation.diagnostics.map(Self.wire) }
            }
            candidate = policy
        case nil:
            throw RPCError.invalidArgument(field: "candidate", "a version or a document is required")
        }
        let limit = request.maxTurns == 0 ? 10_000 : Int(request.maxTurns)
        let turns = try await stores.turns.recorded(tenant: request.tenantID, start: start, end: end, limit: limit + 1)
        var matrix = DecisionMatrix(examplesPerCell: request.examplesPerCell == 0 ? 3 : Int(request.examplesPerCell))
        // Turns no policy decided (a person had the conversation, or an allowed action failed) are left out; the
        // others get the candidate's verdict through the same rules around every policy as when they were handled.
        let replayed = turns.prefix(limit).filter {
            $0.ruleID != TurnOverride.withPerson.ruleID && $0.ruleID != TurnOverride.actionFailed.ruleID
        }
        for turn in replayed {
            let decided = TurnDecider.decide(verdict: candidate.decide(turn.input), fresh: turn.input.signals.triggers.map(Self.trigger),
                                             stale: [], handedBack: turn.input.conversation.handedBack, action: turn.input.action)
            matrix.add(from: turn.decision, to: decided.decision, example: DecisionMatrix.Example(
                conversationID: turn.conversationID, turnID: turn.turnID, fromRule: turn.ruleID, fromVersion: turn.policyVersion,
                toRule: decided.ruleID, rationale: decided.rationale))
        }
        return .with {
            $0.turns = UInt32(matrix.turns)
            $0.changed = UInt32(matrix.changed)
            $0.truncated = turns.count > limit
            $0.matrix = matrix.cells.map { cell in
                .with {
                    $0.from = Self.wire(cell.from)
                    $0.to = Self.wire(cell.to)
                    $0.count = UInt32(cell.count)
                    $0.examples = cell.examples.map { example in
                        .with {
                            $0.conversationID = example.conversationID
                            $0.turnID = example.turnID
                            $0.fromRule = example.fromRule
                            $0.toRule = example.toRule
                            $0.rationale = example.rationale
                            $0.fromVersion = example.fromVersion
                        }
                    }
                }
            }
        }
    }

    /// A recorded turn's trigger as the decider reads it (its name and the phrase it matched).
    static func trigger(_ trigger: PolicyInput.Trigger) -> CommonV1.Trigger {
        .with {
            $0.name = trigger.name
            $0.score = trigger.score
            if !trigger.evidence.isEmpty { $0.evidence = .with { $0.matchedPhrases = [trigger.evidence] } }
        }
    }

    /// Writes an audit record through the outbox and appends it now when it can.
    func audit(_ record: AuditV1.AuditRecord, key: String) async throws {
        let outboxID = try await stores.pool.transaction { session in
            try await self.stores.auditOutbox.add(record, key: key, session: session)
        }
        _ = await appendNow(outboxID: outboxID, key: key, record: record)
    }

    static func sourceFormat(_ format: PlannerV1.PolicyFormat, field: String) throws(RPCError) -> PolicySourceFormat {
        switch format {
        case .yaml: return .yaml
        case .json: return .json
        default: throw .invalidArgument(field: field, "required: POLICY_FORMAT_YAML or POLICY_FORMAT_JSON")
        }
    }

    static func validateDocument(_ document: String, field: String) throws(RPCError) {
        guard !document.isEmpty else { throw .invalidArgument(field: field, "required") }
        guard document.utf8.count <= PlannerValidation.maxPolicyBytes else {
            throw .invalidArgument(field: field, "\(document.utf8.count) bytes; at most \(PlannerValidation.maxPolicyBytes)")
        }
    }

    /// A diagnostic as the API spells it.
    static func wire(_ diagnostic: PolicyDiagnostic) -> PlannerV1.ValidationError {
        .with {
            $0.severity = diagnostic.severity == .error ? .error : .warning
            $0.path = diagnostic.path
            $0.line = UInt32(max(0, diagnostic.line))
            $0.column = UInt32(max(0, diagnostic.column))
            $0.errorMessage = diagnostic.message
        }
    }

    /// A rollout's canary as the API spells it.
    static func wire(_ rollout: PolicyRollout) -> PlannerV1.PolicyRollout {
        .with {
            $0.percent = rollout.canaryPercent
            $0.channels = rollout.canaryChannels.sorted().compactMap(TurnFacts.channel(named:))
        }
    }
}
