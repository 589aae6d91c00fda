/// Presence of an agent (`RouterV1.AgentPresence`).
public enum Presence: Int, Sendable, Hashable, CaseIterable {
    /// Ready for new work; the only presence that receives offers.
    case available = 1
    /// Working; takes no new offers whatever the spare capacity.
    case busy = 2
    /// Away for a short while (a break, or after repeated offer timeouts).
    case away = 3
    /// Logged off.
    case offline = 4
}
