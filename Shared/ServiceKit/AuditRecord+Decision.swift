public import Foundation
public import Wire

extension AuditV1.AuditRecord {
    /// A record of a decision `service` (such as "baton-handoff") took on
    /// its own, decided at `time`; callers add subjects and inputs, and a
    /// person as `performedBy` when one decided.
    public static func decision(by service: String, tenant: String, kind: AuditV1.RecordKind, decision: String,
                                at time: Date = Date()) -> AuditV1.AuditRecord {
        .with {
            $0.tenantID = tenant
            $0.kind = kind
            $0.performedBy = .with {
                $0.kind = .service
                $0.principalID = service
            }
            $0.decision = decision
            $0.sourceService = service
            $0.decideTime = .init(date: time)
        }
    }
}
