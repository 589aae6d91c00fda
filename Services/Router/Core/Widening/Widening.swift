/// The requirements that apply to an escalation after the widening stages
/// its wait has reached.
public struct Widening: Sendable, Hashable {
    /// Number of stages applied: 0 for the original requirements, n when the
    /// first n stages of the timeline apply. The service records a step each
    /// time this grows.
    public var stageCount: Int
    /// The stages applied, in order.
    public var appliedStages: [WideningStage]
    /// The relaxed requirements.
    public var requirements: MatchRequirements
    /// Time in the queue at which the next stage applies; nil after the last.
    public var nextStageAfter: Duration?
}
