import RPC

extension PlannerService {
    /// Runs a step a decision needs so that it ends ``PlannerSettings/answerReserve``
    /// before the caller's deadline: a slow peer makes the step fail (and
    /// the policy decide without it) instead of the whole turn.
    func beforeStoring<Result: Sendable>(_ step: () async throws -> Result) async rethrows -> Result {
        try await ServerContext.reserving(settings.answerReserve, operation: step)
    }

    /// Runs the work owed after a decision is stored (enqueue, package,
    /// transition message, audit append) so that it ends a fifth of the
    /// reserve before the caller's deadline; what it could not finish is
    /// left to the background and the caller still gets the answer.
    func beforeAnswering<Result: Sendable>(_ work: () async throws -> Result) async rethrows -> Result {
        try await ServerContext.reserving(settings.answerReserve / 5, operation: work)
    }
}
