public import Wire

/// One firing of a trigger: its name and the evidence it fired on. After a
/// hand-back the same firing must not hand the conversation off again, a new
/// one may: the planner remembers the firings that led to each hand-off and
/// compares them by `key`.
public struct TriggerFiring: Hashable, Sendable {
    /// The trigger's name, such as "explicit.request_for_human".
    public var name: String
    /// Indexes of the messages that carry the evidence, ascending.
    public var messageIndexes: [UInt32]
    /// Phrases matched, sorted.
    public var phrases: [String]

    /// The firing of `trigger`.
    public init(_ trigger: CommonV1.Trigger) {
        name = trigger.name
        messageIndexes = (trigger.evidence?.messageIndexes ?? []).sorted()
        phrases = (trigger.evidence?.matchedPhrases ?? []).map { $0.lowercased() }.sorted()
    }

    /// A stable text form, stored with the conversation.
    public var key: String {
        "\(name)|\(messageIndexes.map(String.init).joined(separator: ","))|\(phrases.joined(separator: "\u{1F}"))"
    }
}
