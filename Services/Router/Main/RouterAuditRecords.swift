import Foundation
import ServiceKit
import Store
import Wire

/// The audit records of the router's decisions, made from the outbox's
/// facts and the escalation they concern: what was decided (enqueued,
/// assigned, completed with its outcome, expired with its reason or
/// cancelled), about which escalation, conversation, customer and agent.
enum RouterAuditRecords {
    static func pending(_ row: AuditOutboxStore.Row) -> AuditShipper.Pending {
        let escalation = row.escalation
        var record = AuditV1.AuditRecord.with {
            $0.tenantID = row.tenant
            $0.kind = row.kind
            $0.performedBy = .with {
                $0.kind = .service
                $0.principalID = "baton-router"
            }
            $0.category = escalation.category
            $0.sourceService = "baton-router"
            $0.decideTime = .init(date: row.decideTime)
            $0.rationale = escalation.reason
            $0.inputs = ["queue": row.queueID, "urgency": String(escalation.urgency.rawValue),
                         "customer_tier": String(escalation.customerTier.rawValue), "channel": String(escalation.channel.rawValue)]
            if let trigger = escalation.trigger, trigger.category != .unspecified { $0.triggerCategories = [trigger.category] }
        }
        record.subjects.append(.with { $0.kind = .escalation; $0.subjectID = row.escalationID })
        if !escalation.conversationID.isEmpty {
            record.subjects.append(.with { $0.kind = .conversation; $0.subjectID = escalation.conversationID })
        }
        if !escalation.customerID.isEmpty {
            record.subjects.append(.with { $0.kind = .customer; $0.subjectID = escalation.customerID })
        }
        if let agent = row.agentID, !agent.isEmpty {
            record.subjects.append(.with { $0.kind = .agent; $0.subjectID = agent })
            record.performedBy = .with {
                $0.kind = .humanAgent
                $0.principalID = agent
            }
        }
        switch row.kind {
        case .escalationEnqueued:
            record.decision = row.code == RouterV1.EscalationState.callbackScheduled.rawValue
                ? "ESCALATION_STATE_CALLBACK_SCHEDULED" : "ESCALATION_STATE_QUEUED"
        case .escalationAssigned:
            record.decision = "ESCALATION_STATE_ASSIGNED"
        case .escalationCompleted:
            record.decision = switch RouterV1.CompletionOutcome(rawValue: row.code) {
            case .resolved: "COMPLETION_OUTCOME_RESOLVED"
            case .handedBackToBot: "COMPLETION_OUTCOME_HANDED_BACK_TO_BOT"
            case .transferred: "COMPLETION_OUTCOME_TRANSFERRED"
            default: "COMPLETION_OUTCOME_\(row.code)"
            }
        case .escalationClosed:
            record.decision = row.code == 0 ? "ESCALATION_STATE_CANCELLED" : "ESCALATION_STATE_EXPIRED"
            if row.code != 0 {
                record.inputs["expiry_reason"] = switch RouterV1.ExpiryReason(rawValue: row.code) {
                case .maxWait: "EXPIRY_REASON_MAX_WAIT"
                case .defaultMaxWait: "EXPIRY_REASON_DEFAULT_MAX_WAIT"
                case .maxOffers: "EXPIRY_REASON_MAX_OFFERS"
                case .queueNeverOpens: "EXPIRY_REASON_QUEUE_NEVER_OPENS"
                default: "EXPIRY_REASON_\(row.code)"
                }
            }
        default:
            record.decision = "RECORD_KIND_\(row.kind.rawValue)"
        }
        // Stable for the row even if the database's sequence restarts: the fact itself, then the row.
        return AuditShipper.Pending(id: row.id, idempotencyKey: "router:\(row.kind.rawValue):\(row.escalationID):\(row.decideTime.postgresMicroseconds):\(row.id)",
                                    record: record)
    }
}
