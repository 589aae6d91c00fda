/// An agent the matcher considers: the profile and the live state together.
public struct AgentCandidate: Sendable, Hashable {
    /// The profile.
    public var agent: Agent
    /// The live state.
    public var status: AgentStatus

    /// A candidate from a profile and its live state.
    public init(agent: Agent, status: AgentStatus) {
        self.agent = agent
        self.status = status
    }
}
