/// What the routing rules need of a queue's configuration.
public struct QueueConfig: Sendable, Hashable {
    /// Identifier of the queue.
    public var id: String
    /// Skills every escalation of the queue requires, on top of its own.
    public var requiredSkills: [SkillRequirement]
    /// Business hours; nil: always open.
    public var businessHours: WeeklySchedule?
    /// Queues whose agents may take the escalation once it has waited long,
    /// in order (see `WideningPolicy`).
    public var overflowQueueIDs: [String]
    /// Wait before each next overflow queue joins; nil: never overflow.
    public var overflowAfter: Duration?
    /// Widening steps; `WideningPolicy` orders them by `after`.
    public var wideningSteps: [WideningStep]
    /// Emergency path, if any.
    public var onCall: OnCallPath?
    /// Offer callbacks when the queue is closed.
    public var callbacksEnabled: Bool

    /// A queue configuration; only the identifier is required.
    public init(
        id: String,
        requiredSkills: [SkillRequirement] = [],
        businessHours: WeeklySchedule? = nil,
        overflowQueueIDs: [String] = [],
        overflowAfter: Duration? = nil,
        wideningSteps: [WideningStep] = [],
        onCall: OnCallPath? = nil,
        callbacksEnabled: Bool = false
    ) {
        self.id = id
        self.requiredSkills = requiredSkills
        self.businessHours = businessHours
        self.overflowQueueIDs = overflowQueueIDs
        self.overflowAfter = overflowAfter
        self.wideningSteps = wideningSteps
        self.onCall = onCall
        self.callbacksEnabled = callbacksEnabled
    }
}
