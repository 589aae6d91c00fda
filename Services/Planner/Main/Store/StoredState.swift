/// States as stored in the `planner` schema (smallint columns), written into
/// SQL as constants through `\(constant:)`; the migrations' CHECKs use the
/// same raw values.
enum StoredConversationMode: Int32, Sendable {
    /// The bot answers.
    case bot = 1
    /// A person has it through `escalation_id`.
    case person = 2
}

/// A confirmation's state.
enum StoredConfirmationState: Int32, Sendable {
    case pending = 1
    case confirmed = 2
    case declined = 3
    case expired = 4

    /// The state's name, for messages and audit records.
    var name: String {
        switch self {
        case .pending: "pending"
        case .confirmed: "confirmed"
        case .declined: "declined"
        case .expired: "expired"
        }
    }
}

/// An approval's state: `PlannerV1.ApprovalState`'s numbers.
enum StoredApprovalState: Int32, Sendable, CaseIterable {
    case pending = 1
    case approved = 2
    case rejected = 3
    case expired = 4
}

/// What a pending-work row owes.
enum PendingWorkKind: Int32, Sendable {
    /// Enqueue an escalation on the router (payload: `RouterV1.EnqueueRequest`).
    case enqueue = 1
    /// Build a handoff package (payload: `HandoffV1.BuildRequest`).
    case buildPackage = 2
    /// Cancel a router task that is no longer needed, such as a decided
    /// approval's supervisor task (payload: `RouterV1.CancelRequest`).
    case cancelEscalation = 3
}
