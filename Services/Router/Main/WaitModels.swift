import Foundation
import RouterCore

/// The inputs of wait estimates per tenant (live agents, recent handle
/// times), kept a second: every Enqueue and Position would otherwise read
/// every agent of the tenant.
final class WaitModels: Sendable {
    struct Model: Sendable {
        let agents: [AgentCandidate]
        let handleTimes: [Duration]
    }

    private struct StaffingKey: Hashable {
        let tenant: String
        let queueID: String
        let channel: Channel
    }

    private let models = SingleFlightCache<String, Model>(lifetime: .seconds(1))
    private let staffings = SingleFlightCache<StaffingKey, Staffing>(lifetime: .seconds(1))

    func model(tenant: String, load: @escaping @Sendable () async throws -> Model) async throws -> Model {
        try await models.value(tenant, load: load)
    }

    /// Who staffs `queueID` on `channel`, from `model`, kept as long as models are.
    func staffing(tenant: String, queueID: String, channel: Channel, model: Model, at now: Date) async throws -> Staffing {
        try await staffings.value(StaffingKey(tenant: tenant, queueID: queueID, channel: channel)) {
            Staffing(of: model.agents, queueID: queueID, channel: channel, at: now)
        }
    }
}
