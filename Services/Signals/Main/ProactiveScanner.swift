import Foundation
import Logging
import RPC
import ServiceKit
import SignalsCore
import Store
import Wire

/// The proactive scan: reads a tenant's recent activity out of Postgres,
/// runs ``ProactiveRules`` over it and opens findings.
///
/// Safe with any number of replicas: a scan holds the tenant's
/// transaction-level advisory lock, so one replica scans a tenant at a
/// time, and it moves the tenant's cursor (`signals.scan_cursors`) in the
/// same transaction, so each stretch of activity is scanned once; a
/// stretch ends before the oldest write still open, so activity committed
/// late is scanned with the next one. Findings
/// are unique while active, so even overlapping explicit windows open
/// each one once.
struct ProactiveScanner: Sendable {
    let pool: PostgresPool
    let logger: Logger
    /// Findings opened go to the audit log through it.
    let outbox: AuditRecordOutbox
    /// How far back intent counts are taken for the usual (baseline) rate.
    static let baselinePeriod: TimeInterval = 7 * 86_400
    /// This replica's intent bookkeeping for scans up to now, by tenant: the
    /// week's counts and when the spike window was last counted.
    let baselines: IntentBaselineCache

    /// Scans one tenant. `wait`: wait for another replica's scan of the
    /// tenant to end (an RPC) rather than skip the tenant (the schedule).
    /// Returns nil when skipped.
    func scan(tenant: String, thresholds: SignalsV1.Thresholds, window: CommonV1.TimeWindow?, dryRun: Bool,
              wait: Bool) async throws -> SignalsV1.RunProactiveScanResponse? {
        let started = ContinuousClock.now
        let settings = ProactiveRules.settings(thresholds)
        let negativeCompound = thresholds.sentiment?.negativeCompound ?? Defaults.thresholds.sentiment!.negativeCompound
        let lockKey = "baton.signals.scan:\(tenant)"
        return try await pool.transaction { session -> SignalsV1.RunProactiveScanResponse? in
            let lock = try await session.query(wait
                ? "SELECT true AS locked FROM (SELECT pg_advisory_xact_lock(hashtextextended(\(lockKey), 0))) AS waited"
                : "SELECT pg_try_advisory_xact_lock(hashtextextended(\(lockKey), 0)) AS locked")
            guard try lock[0].decode(Bool.self, "locked") else { return nil }

            // The stretch ends at the start of the oldest transaction of baton-signals (any replica) still open, if
            // any: rows take their transaction's start as `created_at` / `recorded_at`, so one that commits after
            // this scan is still ahead of the cursor, not behind it (with the stretch up to now(), an Evaluate that
            // started before the scan and committed after it was never scanned). Only transactions of the last
            // 5 minutes hold it back: a write of a turn or an event is a few statements of at most
            // `statement_timeout` (30 s) each, and a session left open longer must not stop the scans.
            let clock = try await session.query("""
                SELECT now() AS now, (SELECT scanned_until FROM signals.scan_cursors WHERE tenant_id = \(tenant)) AS cursor,
                       (SELECT min(xact_start) FROM pg_stat_activity
                        WHERE datname = current_database() AND usename = current_user
                          AND application_name = current_setting('application_name') AND pid <> pg_backend_pid()
                          AND xact_start > now() - interval '5 minutes') AS oldest_open
                """)
            let now = try clock[0].decode(Date.self, "now")
            let oldestOpen = try clock[0].decode(Date?.self, "oldest_open")
            let until = window?.endTime?.date ?? min(now, oldestOpen ?? now)
            let negativeWindow = settings.negativeContactsWindow!.timeInterval
            let cursor = try clock[0].decode(Date?.self, "cursor")
            let from = window?.startTime?.date ?? cursor ?? until - negativeWindow

            var response = SignalsV1.RunProactiveScanResponse()
            let counts = try await session.query("""
                SELECT (SELECT count(DISTINCT conversation_id) FROM signals.evaluations
                        WHERE tenant_id = \(tenant) AND created_at >= \(from) AND created_at < \(until)) AS conversations,
                       (SELECT count(*) FROM signals.events
                        WHERE tenant_id = \(tenant) AND recorded_at >= \(from) AND recorded_at < \(until)) AS events
                """)
            response.conversationsScanned = UInt32(try counts[0].decode(Int64.self, "conversations"))
            response.eventsScanned = UInt32(try counts[0].decode(Int64.self, "events"))

            let detections = ProactiveRules.detections(conversations: Int(response.conversationsScanned),
                                                       events: Int(response.eventsScanned), explicitWindow: window != nil,
                                                       intentsCountedAgo: baselines.windowCountedAgo(of: tenant))
            var drafts: [ProactiveFinding] = []
            if detections.contains(.repeatedNegative) {
                drafts += ProactiveRules.repeatedNegative(
                    try await negativeConversations(tenant: tenant, from: from, until: until, window: negativeWindow,
                                                    negativeCompound: negativeCompound, session: session),
                    settings: settings)
            }
            if detections.contains(.deliveryDelays) {
                drafts += try await deliveryDelays(tenant: tenant, from: from, until: until, settings: settings,
                                                   session: session)
            }
            if detections.contains(.intentSpikes) {
                drafts += try await intentSpikes(tenant: tenant, until: until, kept: window == nil, settings: settings,
                                                 session: session)
            }
            response.findings = try await FindingStore.open(drafts, tenant: tenant, dryRun: dryRun, outbox: outbox, session: session)
            if !dryRun && window == nil {
                try await session.query("""
                    INSERT INTO signals.scan_cursors (tenant_id, scanned_until) VALUES (\(tenant), \(until))
                    ON CONFLICT (tenant_id) DO UPDATE SET scanned_until = GREATEST(signals.scan_cursors.scanned_until, EXCLUDED.scanned_until)
                    """)
            }
            response.elapsed = .init(timeInterval: (ContinuousClock.now - started) / .seconds(1))
            return response
        }
    }

    /// For customers active in the scanned stretch: their conversations in
    /// the outreach window whose latest scored customer message was negative.
    private func negativeConversations(tenant: String, from: Date, until: Date, window: TimeInterval,
                                       negativeCompound: Double,
                                       session: PostgresSession) async throws -> [ProactiveRules.NegativeConversation] {
        // `active` is materialized and each active customer's conversations are read by a lateral look-up on
        // `evaluations_by_customer`, so the plan is linear whatever the statistics say. Left to the planner, a tenant
        // the statistics had not seen yet (estimated at one row) got `active` rescanned for each of its evaluations
        // in the window: 8,995 rescans, 11 s of one core, in a scan pass beside Evaluate's calls.
        let rows = try await session.query("""
            WITH active AS MATERIALIZED (
                SELECT DISTINCT customer_id FROM signals.evaluations
                WHERE tenant_id = \(tenant) AND customer_id <> '' AND created_at >= \(from) AND created_at < \(until)
            )
            SELECT latest.customer_id, latest.conversation_id, latest.last_compound, latest.created_at
            FROM active CROSS JOIN LATERAL (
                SELECT DISTINCT ON (e.conversation_id) e.customer_id, e.conversation_id, e.last_compound, e.created_at
                FROM signals.evaluations e
                WHERE e.tenant_id = \(tenant) AND e.customer_id = active.customer_id
                  AND e.created_at >= \(until - window) AND e.created_at < \(until) AND e.last_compound IS NOT NULL
                ORDER BY e.conversation_id, e.created_at DESC
            ) AS latest
            WHERE latest.last_compound <= \(negativeCompound)
            """)
        return try rows.map { row in
            .init(customerID: try row.decode(String.self, "customer_id"), conversationID: try row.decode(String.self, "conversation_id"),
                  compound: try row.decode(Double.self, "last_compound"), time: try row.decode(Date.self, "created_at"))
        }
    }

    private func deliveryDelays(tenant: String, from: Date, until: Date, settings: SignalsV1.ProactiveSettings,
                                session: PostgresSession) async throws -> [ProactiveFinding] {
        let rows = try await session.query("""
            SELECT d.event,
                   EXISTS (SELECT 1 FROM signals.events c WHERE c.tenant_id = d.tenant_id AND c.order_id = d.order_id
                           AND c.kind = \(Int32(CommonV1.TechnicalEventKind.orderCancelled.rawValue))) AS cancelled
            FROM signals.events d
            WHERE d.tenant_id = \(tenant) AND d.kind = \(Int32(CommonV1.TechnicalEventKind.deliveryDelayed.rawValue))
              AND d.recorded_at >= \(from) AND d.recorded_at < \(until)
            ORDER BY d.recorded_at
            """)
        return try rows.compactMap { row in
            let event = try CommonV1.TechnicalEvent(serializedBytes: [UInt8](try row.decode(Data.self, "event")))
            return ProactiveRules.deliveryDelay(event, orderCancelled: try row.decode(Bool.self, "cancelled"), settings: settings)
        }
    }

    /// Conversations per intent in the spike window against their usual
    /// count per window over the week before it. A scan up to now takes the
    /// week's count from `baselines` while it serves (an hour); a scan of
    /// an explicit window counts it.
    private func intentSpikes(tenant: String, until: Date, kept: Bool, settings: SignalsV1.ProactiveSettings,
                              session: PostgresSession) async throws -> [ProactiveFinding] {
        let length = settings.intentSpikeWindow!.timeInterval
        let spikeStart = until - length
        let baseline: IntentBaseline
        if kept, let counted = baselines.baseline(of: tenant), counted.serves(spikeStart: spikeStart, windowLength: length) {
            baseline = counted
        } else {
            let rows = try await session.query("""
                SELECT intent, count(DISTINCT conversation_id) AS conversations
                FROM signals.evaluations
                WHERE tenant_id = \(tenant) AND intent <> ''
                  AND created_at >= \(spikeStart - Self.baselinePeriod) AND created_at < \(spikeStart)
                GROUP BY intent
                """)
            var conversations: [String: Int] = [:]
            for row in rows {
                conversations[try row.decode(String.self, "intent")] = try row.decode(Int.self, "conversations")
            }
            baseline = IntentBaseline(spikeStart: spikeStart, windowLength: length, period: Self.baselinePeriod,
                                      conversations: conversations)
            if kept { baselines.keep(baseline, for: tenant) }
        }
        let rows = try await session.query("""
            SELECT intent, count(DISTINCT conversation_id) AS observed
            FROM signals.evaluations
            WHERE tenant_id = \(tenant) AND intent <> '' AND created_at >= \(spikeStart) AND created_at < \(until)
            GROUP BY intent
            """)
        var observed: [String: Int] = [:]
        for row in rows {
            observed[try row.decode(String.self, "intent")] = try row.decode(Int.self, "observed")
        }
        if kept { baselines.countedWindow(of: tenant) }
        let window = CommonV1.TimeWindow.with {
            $0.startTime = .init(date: spikeStart)
            $0.endTime = .init(date: until)
        }
        return ProactiveRules.intentSpikes(observed: observed, baseline: baseline.perWindow, window: window,
                                           settings: settings)
    }

    /// The scheduled pass: every tenant with proactive scans on, skipping
    /// tenants another replica is scanning right now; open findings of
    /// tenants with `auto_escalate` go to the router.
    func scanAllTenants(escalator: ProactiveEscalator) async throws {
        for (tenant, thresholds) in try await ThresholdStore(pool: pool).all() {
            let settings = ProactiveRules.settings(thresholds)
            guard settings.enabled else { continue }
            if let result = try await scan(tenant: tenant, thresholds: thresholds, window: nil, dryRun: false, wait: false),
               !result.findings.isEmpty {
                logger.info("proactive findings opened", metadata: ["tenant": "\(tenant)", "count": "\(result.findings.count)"])
            }
            // Also retries hand-overs that failed before.
            if settings.autoEscalate { try await escalator.escalateOpenFindings(tenant: tenant) }
        }
    }
}
