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
    /// Time without an agent after which an escalation expires; nil: the
    /// router's default, ``defaultMaxWait``. Counted from enqueue, or from
    /// the queue's latest opening when the escalation waited for it.
    public var maxWait: Duration?

    /// The maximum wait of a queue that configures none: every escalation
    /// ends in finite time, with a reason the bot hears through Watch,
    /// instead of waiting forever for an agent nobody has.
    public static let defaultMaxWait: Duration = .seconds(3600)

    /// The maximum wait that applies, and whether it is the default.
    public var effectiveMaxWait: (limit: Duration, isDefault: Bool) {
        maxWait.map { ($0, false) } ?? (Self.defaultMaxWait, true)
    }

    /// A queue configuration; only the identifier is required.
    public init(
        id: String,
        requiredSkills: [SkillRequirement] = [],
        businessHours: WeeklySchedule? = nil,
        overflowQueueIDs: [String] = [],
        overflowAfter: Duration? = nil,
        wideningSteps: [WideningStep] = [],
        onCall: OnCallPath? = nil,
        callbacksEnabled: Bool = false,
        maxWait: Duration? = nil
    ) {
        self.id = id
        self.requiredSkills = requiredSkills
        self.businessHours = businessHours
        self.overflowQueueIDs = overflowQueueIDs
        self.overflowAfter = overflowAfter
        self.wideningSteps = wideningSteps
        self.onCall = onCall
        self.callbacksEnabled = callbacksEnabled
        self.maxWait = maxWait
    }
}
