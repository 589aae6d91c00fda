public import Foundation

/// An agent's live state, as the router's rows hold it at one instant.
public struct AgentStatus: Sendable, Hashable {
    /// Presence.
    public var presence: Presence
    /// True while the agent's desk has an open session; offers go only to
    /// connected agents.
    public var connected: Bool
    /// Escalations offered to or assigned to the agent now, per channel.
    /// Pending offers count, so that two offers never overbook an agent.
    public var load: [Channel: Int]
    /// When the agent last became free for new work: the end of their last
    /// assignment or the start of their availability, whichever is later.
    public var idleSince: Date

    /// A live state; connected and without work unless given.
    public init(presence: Presence, connected: Bool = true, load: [Channel: Int] = [:], idleSince: Date) {
        self.presence = presence
        self.connected = connected
        self.load = load
        self.idleSince = idleSince
    }
}
