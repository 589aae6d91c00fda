/// How an offer ended.
public enum OfferAnswer: Sendable, Hashable {
    /// The agent accepted.
    case accepted
    /// The agent declined.
    case declined
    /// The offer lapsed without an answer.
    case timedOut
    /// The router took it back (the agent went away or offline); not the
    /// agent's doing, so it counts against nobody.
    case revoked
}
