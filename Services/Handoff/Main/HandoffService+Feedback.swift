import API
import Foundation
import HandoffCore
import RPC
import Wire

extension HandoffService {
    func feedback(_ request: HandoffV1.FeedbackRequest, context: ServerContext) async throws -> HandoffV1.FeedbackResponse {
        let package = try HandoffValidation.validate(request)
        let id = UUID()
        let names = { (fields: [HandoffV1.MissingInfo]) in Array(Set(fields.map { "\($0)" })).sorted() }
        guard let recorded = try await stores.feedback.record(
            id: id, tenant: request.tenantID, package: package, agent: request.agentID, rating: Int(request.rating),
            missing: names(request.missing), wrong: names(request.wrong), customerRepeated: request.customerRepeated,
            unnecessary: request.unnecessaryEscalation, comment: request.comment, outbox: outbox) else {
            throw RPCError(.notFound, "package_id: no package \(request.packageID)")
        }
        return .with {
            $0.feedbackID = id.uuidString.lowercased()
            $0.recordTime = GoogleProtobuf.Timestamp(date: recorded)
        }
    }

    func getFeedbackSummary(_ request: HandoffV1.GetFeedbackSummaryRequest, context: ServerContext) async throws
        -> HandoffV1.GetFeedbackSummaryResponse {
        guard !request.tenantID.isEmpty else { throw RPCError.invalidArgument(field: "tenant_id", "required") }
        let aggregated = FeedbackAggregator.aggregate(try await stores.feedback.all(of: request.tenantID))
        return .with {
            $0.triggers = aggregated.perTrigger.map { Self.summary($0.trigger, $0.totals) }
            $0.overall = Self.summary("", aggregated.overall)
        }
    }

    static func summary(_ trigger: String, _ totals: FeedbackTotals) -> HandoffV1.TriggerFeedback {
        .with {
            $0.triggerName = trigger
            $0.count = UInt32(totals.count)
            $0.meanRating = totals.meanRating
            $0.customerRepeated = UInt32(totals.customerRepeated)
            $0.unnecessary = UInt32(totals.unnecessary)
            $0.missing = totals.missing.mapValues(UInt32.init)
            $0.wrong = totals.wrong.mapValues(UInt32.init)
        }
    }
}
