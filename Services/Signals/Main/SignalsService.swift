import API
import Foundation
import Logging
import RPC
import SignalsCore
import ServiceKit
import Store
import Synchronization
import Wire

/// `baton.signals.v1.Signals` over the rules in SignalsCore and the
/// `signals` schema. Every replica reads the same thresholds and history
/// from Postgres, so any of them can score the next message.
final class SignalsService: SignalsV1.SignalsService {
    let pool: PostgresPool
    let stores: SignalsStores
    let logger: Logger
    let rules: EscalationRules
    /// Which of the pool's I/O threads the next Evaluate runs on (in turn).
    private let nextIOThread = Atomic<Int>(0)
    /// Thresholds by tenant, kept a few seconds so a turn does not cost a read.
    private let cache = Mutex<[String: (thresholds: SignalsV1.Thresholds, loaded: ContinuousClock.Instant)]>([:])
    static let cacheLifetime: Duration = .seconds(5)
    static let maxMessageBytes = 16 * 1024
    /// Reads and scores of one turn before giving up to concurrent evaluations of its conversation.
    static let maxTurnAttempts = 32
    let escalator: ProactiveEscalator
    /// Threshold changes and findings for baton-audit, when one is configured.
    let outbox: AuditRecordOutbox
    let scanner: ProactiveScanner

    init(pool: PostgresPool, logger: Logger, router: RouterV1.RouterClient? = nil, audited: Bool = false) throws {
        self.pool = pool
        self.stores = SignalsStores(pool: pool)
        self.logger = logger
        self.outbox = AuditRecordOutbox(pool: pool, table: .signals, enabled: audited)
        self.rules = EscalationRules(sentiment: try SentimentAnalyzer(), intent: try IntentModel.bundled())
        self.escalator = ProactiveEscalator(pool: pool, router: router, logger: logger)
        self.scanner = ProactiveScanner(pool: pool, logger: logger, outbox: outbox, baselines: IntentBaselineCache())
    }

    // MARK: Evaluate

    func evaluate(_ request: SignalsV1.EvaluateRequest, context: ServerContext) async throws -> SignalsV1.EvaluateResponse {
        try Self.validate(request)
        // On one of the pool's I/O threads: the turn's two round trips go out and resume on that thread, instead of
        // two thread hops each (event loop to I/O thread and back); entering and leaving cost one hop each.
        let executors = pool.executors
        let executor = executors[nextIOThread.add(1, ordering: .relaxed).newValue % executors.count]
        return try await withTaskExecutorPreference(executor) { try await evaluateTurn(request) }
    }

    /// Scores `request` (validated) and records it.
    private func evaluateTurn(_ request: SignalsV1.EvaluateRequest) async throws -> SignalsV1.EvaluateResponse {
        guard let thresholds = try await thresholds(for: request.tenantID) else { throw Self.unknownTenant(request.tenantID) }
        let customerID = request.conversation?.customer?.customerID ?? ""
        let negative = thresholds.sentiment?.negativeCompound ?? Defaults.thresholds.sentiment!.negativeCompound
        let conversation = request.conversation?.conversationID ?? ""
        for attempt in 0..<Self.maxTurnAttempts {
            // What this replica's last turn of the conversation left, first; after a conflict, Postgres.
            let kept = attempt == 0 ? stores.turns.take(tenant: request.tenantID, conversation: conversation,
                                                          customer: customerID, negativeCompound: negative) : nil
            let state = if let kept { kept } else {
                try await stores.turnState(of: request, customer: customerID, negativeCompound: negative)
            }
            let merged = state.remembered.memory.merge(request)
            var response = rules.evaluate(merged, thresholds: thresholds,
                                          context: CustomerContext(recentNegativeConversations: state.negativeConversations))
            let evaluationID = UUID()
            response.evaluationID = evaluationID.uuidString.lowercased()
            response.evaluateTime = .with { $0.seconds = Int64(Date().timeIntervalSince1970) }
            if let next = try await stores.record(merged, of: request, over: state, kept: kept != nil,
                                                  evaluation: evaluationID, response: response) {
                stores.turns.keep(next, tenant: request.tenantID, conversation: conversation)
                return response
            }
        }
        throw RPCError(.aborted, "conversation.conversation_id: evaluated concurrently \(Self.maxTurnAttempts) times over; retry")
    }

    static func validate(_ request: SignalsV1.EvaluateRequest) throws(RPCError) {
        guard !request.tenantID.isEmpty else { throw .invalidArgument(field: "tenant_id", "required") }
        guard let conversation = request.conversation else { throw .invalidArgument(field: "conversation", "required") }
        guard !conversation.conversationID.isEmpty else {
            throw .invalidArgument(field: "conversation.conversation_id", "required")
        }
        guard !conversation.messages.isEmpty else {
            throw .invalidArgument(field: "conversation.messages", "at least one message is required")
        }
        let index = Int(request.messageIndex ?? UInt32(conversation.messages.count - 1))
        guard conversation.messages.indices.contains(index) else {
            throw .invalidArgument(field: "message_index", "\(index) is past the \(conversation.messages.count) messages")
        }
        for (position, message) in conversation.messages.enumerated() {
            if message.text.utf8.count > maxMessageBytes {
                throw .invalidArgument(field: "conversation.messages[\(position)].text",
                                       "longer than \(maxMessageBytes) bytes")
            }
        }
        guard !conversation.messages[index].text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw .invalidArgument(field: "conversation.messages[\(index)].text", "empty")
        }
        if let confidence = request.botConfidence, !(0...1).contains(confidence) {
            throw .invalidArgument(field: "bot_confidence", "\(confidence) is outside [0, 1]")
        }
    }

    // MARK: Thresholds

    func thresholds(for tenant: String) async throws -> SignalsV1.Thresholds? {
        if let cached = cache.withLock({ $0[tenant] }), ContinuousClock.now - cached.loaded < Self.cacheLifetime {
            return cached.thresholds
        }
        guard let stored = try await stores.thresholds.thresholds(of: tenant) else { return nil }
        cache.withLock { $0[tenant] = (stored, .now) }
        return stored
    }

    func getThresholds(_ request: SignalsV1.GetThresholdsRequest, context: ServerContext) async throws -> SignalsV1.GetThresholdsResponse {
        guard !request.tenantID.isEmpty else { throw RPCError.invalidArgument(field: "tenant_id", "required") }
        if let stored = try await stores.thresholds.thresholds(of: request.tenantID) {
            return .with { $0.thresholds = stored }
        }
        return .with {
            var defaults = Defaults.thresholds
            defaults.tenantID = request.tenantID
            $0.thresholds = defaults
            $0.isDefault = true
        }
    }

    func setThresholds(_ request: SignalsV1.SetThresholdsRequest, context: ServerContext) async throws -> SignalsV1.SetThresholdsResponse {
        guard var thresholds = request.thresholds else { throw RPCError.invalidArgument(field: "thresholds", "required") }
        try Self.validate(thresholds)
        let tenant = thresholds.tenantID
        let saved = try await pool.transaction { session in
            let current = try await stores.thresholds.lockRevision(of: tenant, session: session)
            if let expected = request.expectedRevision, expected != UInt64(current) {
                throw RPCError(.aborted, "expected_revision: is \(expected), the stored revision is \(current)")
            }
            thresholds.revision = UInt64(current + 1)
            thresholds.updateTime = .with { $0.seconds = Int64(Date().timeIntervalSince1970) }
            let bytes = Data(thresholds.serializedBytes())
            try await stores.thresholds.save(bytes, tenant: tenant, revision: current + 1, session: session)
            let digest = SHA256Digest.hex(Array(bytes))
            try await outbox.add(SignalsAuditRecords.record(tenant: tenant, kind: .thresholdsChanged, decision: "REVISION_\(current + 1)",
                                                    inputs: ["revision": "\(current + 1)", "thresholds_sha256": digest]),
                                 key: "signals:thresholds:\(tenant):\(current + 1):\(digest.prefix(16))", session: session)
            return thresholds
        }
        cache.withLock { $0[tenant] = (saved, .now) }
        logger.info("thresholds updated", metadata: ["tenant": "\(tenant)", "revision": "\(saved.revision)"])
        return .with { $0.thresholds = saved }
    }

    static func validate(_ thresholds: SignalsV1.Thresholds) throws(RPCError) {
        guard !thresholds.tenantID.isEmpty, thresholds.tenantID.utf8.count <= 128 else {
            throw .invalidArgument(field: "thresholds.tenant_id", "required, at most 128 bytes")
        }
        for (name, value) in [("watch_threshold", thresholds.watchThreshold), ("escalate_threshold", thresholds.escalateThreshold)]
        where !(0...1).contains(value) {
            throw .invalidArgument(field: "thresholds.\(name)", "\(value) is outside [0, 1]")
        }
        if thresholds.watchThreshold > 0, thresholds.escalateThreshold > 0, thresholds.watchThreshold > thresholds.escalateThreshold {
            throw .invalidArgument(field: "thresholds.watch_threshold", "must not exceed escalate_threshold")
        }
        if let sentiment = thresholds.sentiment, !(-1...0).contains(sentiment.negativeCompound) {
            throw .invalidArgument(field: "thresholds.sentiment.negative_compound", "\(sentiment.negativeCompound) is outside [-1, 0]")
        }
        if let intent = thresholds.intent, !(0...1).contains(intent.minConfidence) {
            throw .invalidArgument(field: "thresholds.intent.min_confidence", "\(intent.minConfidence) is outside [0, 1]")
        }
        if let loop = thresholds.loop, !(0...1).contains(loop.similarity) {
            throw .invalidArgument(field: "thresholds.loop.similarity", "\(loop.similarity) is outside [0, 1]")
        }
        var currencies = Set<String>()
        for (position, money) in (thresholds.policy?.refundLimits ?? []).enumerated() {
            guard money.currencyCode.count == 3, money.amountMinor >= 0 else {
                throw .invalidArgument(field: "thresholds.policy.refund_limits[\(position)]",
                                       "needs a three-letter currency code and a non-negative amount")
            }
            guard currencies.insert(money.currencyCode.uppercased()).inserted else {
                throw .invalidArgument(field: "thresholds.policy.refund_limits[\(position)]",
                                       "a second limit for \(money.currencyCode)")
            }
        }
        if let probability = thresholds.policy?.learnedCapabilityMinProbability, !(0...1).contains(probability) {
            throw .invalidArgument(field: "thresholds.policy.learned_capability_min_probability", "\(probability) is outside [0, 1]")
        }
        if let probability = thresholds.sentiment?.learnedComplaintMinProbability, !(0...1).contains(probability) {
            throw .invalidArgument(field: "thresholds.sentiment.learned_complaint_min_probability", "\(probability) is outside [0, 1]")
        }
        if let probability = thresholds.policy?.learnedRequestMinProbability, !(0...1).contains(probability) {
            throw .invalidArgument(field: "thresholds.policy.learned_request_min_probability", "\(probability) is outside [0, 1]")
        }
        for (name, gap) in [("burst_gap", thresholds.behaviour?.burstGap), ("fragment_gap", thresholds.behaviour?.fragmentGap),
                            ("long_pause", thresholds.behaviour?.longPause)] {
            if let gap, gap.seconds < 0 || gap.nanos < 0 {
                throw .invalidArgument(field: "thresholds.behaviour.\(name)", "must not be negative")
            }
        }
        if let confidence = thresholds.confidence, !(0...1).contains(confidence.lowConfidence) {
            throw .invalidArgument(field: "thresholds.confidence.low_confidence", "\(confidence.lowConfidence) is outside [0, 1]")
        }
    }

    // MARK: Proactive detection

    func runProactiveScan(_ request: SignalsV1.RunProactiveScanRequest, context: ServerContext) async throws -> SignalsV1.RunProactiveScanResponse {
        guard !request.tenantID.isEmpty else { throw RPCError.invalidArgument(field: "tenant_id", "required") }
        if let window = request.window {
            guard let start = window.startTime else { throw RPCError.invalidArgument(field: "window.start_time", "required") }
            if let end = window.endTime, end.date <= start.date {
                throw RPCError.invalidArgument(field: "window.end_time", "must be after window.start_time")
            }
        }
        guard let thresholds = try await thresholds(for: request.tenantID) else { throw Self.unknownTenant(request.tenantID) }
        var result = try await scanner.scan(tenant: request.tenantID, thresholds: thresholds, window: request.window,
                                            dryRun: request.dryRun, wait: true)!
        if !request.dryRun, ProactiveRules.settings(thresholds).autoEscalate {
            let escalated = try await escalator.escalateOpenFindings(tenant: request.tenantID)
            result.findings = ProactiveEscalator.apply(escalated, to: result.findings)
        }
        return result
    }
}
