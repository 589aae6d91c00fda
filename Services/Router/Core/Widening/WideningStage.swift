/// One stage of a queue's widening timeline: a configured step, or an
/// overflow queue joining.
public enum WideningStage: Sendable, Hashable {
    /// A configured step relaxes the requirements.
    case relax(WideningStep)
    /// Agents of another queue may take the escalation too.
    case overflow(queueID: String, after: Duration)

    /// Time in the queue after which the stage applies.
    public var after: Duration {
        switch self {
        case .relax(let step): step.after
        case .overflow(_, let after): after
        }
    }
}
