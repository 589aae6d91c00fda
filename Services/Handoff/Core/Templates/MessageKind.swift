/// A customer-facing message of the handoff service. The three
/// `transition…` kinds are the answers of `Handoff.TransitionMessage` (which
/// one depends on the escalation's route: queued, off hours with a callback,
/// on-call); `waitUpdate` is the text of `Handoff.WaitUpdate`; `agentJoined`
/// is sent when an agent accepts the offer.
public enum MessageKind: String, Sendable, Hashable, CaseIterable {
    /// A specialist will take over: the reason, the queue position and
    /// wait, and the customer's options while waiting.
    case transitionSpecialist = "transition.specialist"
    /// Nobody is on shift: a callback is arranged and the summary handed
    /// on is shown for the customer to confirm.
    case transitionOffHoursCallback = "transition.off_hours_callback"
    /// Urgent: the on-call specialist is being brought in now.
    case transitionOnCall = "transition.on_call"
    /// An agent has accepted and has the conversation.
    case agentJoined = "agent_joined"
    /// The wait has run past its estimate: the new position and wait, and
    /// the options again.
    case waitUpdate = "wait_update"

    /// Placeholders every template of this kind must use: a message
    /// without them leaves the customer without the facts it exists for.
    public var requiredPlaceholders: [Placeholder] {
        switch self {
        case .transitionSpecialist: [.category, .position, .wait]
        case .transitionOffHoursCallback: [.callbackWindow, .summary]
        case .transitionOnCall: [.category, .wait]
        case .agentJoined: [.agentName]
        case .waitUpdate: [.position, .wait]
        }
    }

    /// Placeholders a template of this kind may also use; one without a
    /// value renders as nothing.
    public var optionalPlaceholders: [Placeholder] { [.customerName] }

    /// Every placeholder a template of this kind may use: where `wait` is
    /// required, `wait_minutes` may stand in for it.
    public var allowedPlaceholders: Set<Placeholder> {
        Set(requiredPlaceholders + optionalPlaceholders + (requiredPlaceholders.contains(.wait) ? [.waitMinutes] : []))
    }

    /// Whether a template using `used` has the required `placeholder`
    /// (`wait_minutes` counts for `wait`).
    public func has(_ placeholder: Placeholder, in used: Set<Placeholder>) -> Bool {
        used.contains(placeholder) || (placeholder == .wait && used.contains(.waitMinutes))
    }
}
