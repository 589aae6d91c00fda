/// The emergency path of a queue: which escalations take it and to whom.
public struct OnCallPath: Sendable, Hashable {
    /// Categories that take the path; a category also covers its dotted
    /// subcategories ("safety" covers "safety.self_harm").
    public var categories: Set<String>
    /// Escalations at or above this urgency take the path whatever their
    /// category; nil: only the listed categories.
    public var minUrgency: Urgency?
    /// On-call agents to offer to, in order; empty: every agent with `onCall`.
    public var agentIDs: [String]
    /// Wait in the open regular queue before the path is used; zero: at once.
    /// Off hours the path is used at once.
    public var after: Duration
    /// Pager or phone target to alert when no on-call agent accepts.
    public var pageTarget: String

    /// An on-call path.
    public init(
        categories: Set<String>,
        minUrgency: Urgency? = nil,
        agentIDs: [String] = [],
        after: Duration = .zero,
        pageTarget: String = ""
    ) {
        self.categories = categories
        self.minUrgency = minUrgency
        self.agentIDs = agentIDs
        self.after = after
        self.pageTarget = pageTarget
    }

    /// True when `escalation` takes this path: its category (or a dotted
    /// parent of it) is listed, or its urgency reaches `minUrgency`.
    public func covers(_ escalation: Escalation) -> Bool {
        if let minUrgency, escalation.urgency >= minUrgency { return true }
        var category = Substring(escalation.category)
        while !category.isEmpty {
            if categories.contains(String(category)) { return true }
            guard let dot = category.lastIndex(of: ".") else { break }
            category = category[..<dot]
        }
        return false
    }
}
