import AuditCore
import Foundation
import Prometheus
import Wire

/// Exports every tenant's escalation metrics over the last 24 hours to the
/// service's Prometheus registry (`/metrics` on the admin port), as gauges
/// labelled by tenant, refreshed by a background job.
struct MetricsExporter: Sendable {
    let service: AuditService
    let registry: PrometheusCollectorRegistry
    /// The window exported, ending at each refresh.
    static let window: TimeInterval = 24 * 3_600

    /// Computes and sets the gauges of every tenant. A tenant whose log
    /// cannot be read (a damaged entry, say: Verify reports it) is logged and
    /// skipped, so it does not blank the others' figures.
    func refresh() async throws {
        for tenant in try await service.log.tenants() {
            let now = Date()
            do {
                let metrics = try await service.metrics(tenant: tenant, .init(start: now.addingTimeInterval(-Self.window), end: now))
                export(metrics.total ?? .init(), tenant: tenant)
            } catch {
                service.logger.warning("metrics not computed for a tenant", metadata: ["tenant": "\(tenant)", "error": "\(error)"])
            }
        }
    }

    private func gauge(_ name: String, _ help: String, _ labels: [(String, String)]) -> Gauge {
        registry.makeGauge(descriptor: MetricNameDescriptor(namespace: "baton", subsystem: "audit", metricName: name, unitName: "",
                                                            helpText: help), labels: labels)
    }

    private func export(_ m: AuditV1.EscalationMetrics, tenant: String) {
        let t = [("tenant", tenant)]
        gauge("turns_24h", "Turns decided in the last 24 hours.", t).set(Double(m.turns))
        gauge("conversations_24h", "Conversations with a turn decided in the last 24 hours.", t).set(Double(m.conversations))
        gauge("escalations_24h", "Escalations enqueued in the last 24 hours.", t).set(Double(m.escalations))
        gauge("escalation_rate_24h", "Escalations per conversation in the last 24 hours.", t).set(m.escalationRate)
        for (trigger, rate) in m.escalationRateByTrigger {
            gauge("escalation_rate_by_trigger_24h", "Escalations per conversation by trigger category in the last 24 hours.",
                  t + [("trigger", trigger)]).set(rate)
        }
        gauge("handed_back_to_bot_24h", "Escalations handed back to the bot in the last 24 hours.", t).set(Double(m.handedBackToBot))
        gauge("reopened_24h", "Escalations reopened within the reopen window in the last 24 hours.", t).set(Double(m.reopened))
        gauge("time_to_resolution_seconds_24h", "Time from enqueue to resolution, last 24 hours.", t + [("quantile", "0.5")])
            .set(m.medianTimeToResolution?.timeInterval ?? 0)
        gauge("time_to_resolution_seconds_24h", "Time from enqueue to resolution, last 24 hours.", t + [("quantile", "0.9")])
            .set(m.p90TimeToResolution?.timeInterval ?? 0)
        let satisfaction = m.satisfaction ?? .init()
        gauge("satisfaction_average_24h", "Mean CSAT (1 to 5) in the last 24 hours.", t + [("handled_by", "bot")]).set(satisfaction.botAverage)
        gauge("satisfaction_average_24h", "Mean CSAT (1 to 5) in the last 24 hours.", t + [("handled_by", "human")])
            .set(satisfaction.humanAverage)
        gauge("unnecessary_escalations_24h", "Escalations agents marked unnecessary in the last 24 hours.", t)
            .set(Double(m.unnecessaryEscalations))
        gauge("escalations_change_24h", "Escalations in the last 24 hours minus the 24 hours before.", t).set(Double(m.escalationsChange))
    }
}
