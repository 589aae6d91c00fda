import API
import Foundation
import RPC
import SignalsCore
import Store
import Wire

/// RecordEvent and ListFindings: technical events in, findings out.
extension SignalsService {
    func recordEvent(_ request: SignalsV1.RecordEventRequest, context: ServerContext) async throws -> SignalsV1.RecordEventResponse {
        let event = try Self.validate(request)
        guard let thresholds = try await thresholds(for: request.tenantID) else { throw Self.unknownTenant(request.tenantID) }
        let settings = ProactiveRules.settings(thresholds)
        let tenant = request.tenantID
        var response = try await pool.transaction { session in
            let inserted = try await stores.events.insert(event, tenant: tenant, conversation: request.conversationID,
                                                          session: session)
            var response = SignalsV1.RecordEventResponse()
            response.eventID = event.eventID
            guard inserted else {
                response.duplicate = true
                return response
            }
            if settings.enabled, event.kind == .deliveryDelayed {
                let cancelled = try await stores.events.orderCancelled(EventStore.orderID(of: event), tenant: tenant,
                                                                       session: session)
                if let draft = ProactiveRules.deliveryDelay(event, orderCancelled: cancelled, settings: settings) {
                    response.findings = try await FindingStore.open([draft], tenant: tenant, dryRun: false, outbox: outbox,
                                                                    session: session)
                }
            }
            return response
        }
        if settings.autoEscalate, !response.findings.isEmpty {
            let escalated = try await escalator.escalateOpenFindings(tenant: tenant)
            response.findings = ProactiveEscalator.apply(escalated, to: response.findings)
        }
        return response
    }

    static func validate(_ request: SignalsV1.RecordEventRequest) throws(RPCError) -> CommonV1.TechnicalEvent {
        guard !request.tenantID.isEmpty else { throw .invalidArgument(field: "tenant_id", "required") }
        guard let event = request.event else { throw .invalidArgument(field: "event", "required") }
        guard !event.eventID.isEmpty, event.eventID.utf8.count <= 256 else {
            throw .invalidArgument(field: "event.event_id", "required, at most 256 bytes")
        }
        guard event.kind != .unspecified else { throw .invalidArgument(field: "event.kind", "required") }
        if case .unrecognized(let value) = event.kind {
            throw .invalidArgument(field: "event.kind", "unknown kind \(value)")
        }
        guard let occurred = event.occurTime else { throw .invalidArgument(field: "event.occur_time", "required") }
        guard (0..<1_000_000_000).contains(occurred.nanos), occurred.seconds > 0 else {
            throw .invalidArgument(field: "event.occur_time", "not a valid timestamp")
        }
        guard event.attributes.count <= 32 else { throw .invalidArgument(field: "event.attributes", "more than 32 entries") }
        if case .deliveryDelay(let delay)? = event.detail, let late = delay.delay, late.seconds < 0 {
            throw .invalidArgument(field: "event.delivery_delay.delay", "must not be negative")
        }
        return event
    }

    static func unknownTenant(_ tenant: String) -> RPCError {
        RPCError(.notFound, "tenant_id: tenant '\(tenant)' is not known; set its thresholds first")
    }

    func listFindings(_ request: SignalsV1.ListFindingsRequest, context: ServerContext) async throws -> SignalsV1.ListFindingsResponse {
        guard !request.tenantID.isEmpty else { throw RPCError.invalidArgument(field: "tenant_id", "required") }
        guard (0...500).contains(request.pageSize) else {
            throw RPCError.invalidArgument(field: "page_size", "\(request.pageSize) is outside 0...500")
        }
        if let kind = request.kinds.first(where: { if case .unrecognized = $0 { true } else { $0 == .unspecified } }) {
            throw RPCError.invalidArgument(field: "kinds", "unknown kind \(kind.rawValue)")
        }
        if let state = request.states.first(where: { if case .unrecognized = $0 { true } else { $0 == .unspecified } }) {
            throw RPCError.invalidArgument(field: "states", "unknown state \(state.rawValue)")
        }
        if let window = request.window, let start = window.startTime, let end = window.endTime, end.date <= start.date {
            throw RPCError.invalidArgument(field: "window.end_time", "must be after window.start_time")
        }
        let cursor = try FindingStore.Cursor(token: request.pageToken)
        return try await FindingStore.list(request, after: cursor, pool: pool)
    }
}
