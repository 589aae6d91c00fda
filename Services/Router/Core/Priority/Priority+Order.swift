extension Priority {
    /// True when `first` is served before `second`: larger sort key first,
    /// then the earlier enqueue, then the smaller identifier, so that every
    /// replica breaks ties the same way.
    public func isServedBefore(_ first: Escalation, _ second: Escalation) -> Bool {
        let (firstKey, secondKey) = (sortKey(of: first), sortKey(of: second))
        if firstKey != secondKey { return firstKey > secondKey }
        if first.enqueueTime != second.enqueueTime { return first.enqueueTime < second.enqueueTime }
        return first.id < second.id
    }

    /// `escalations` in the order they are served.
    public func queueOrder(_ escalations: [Escalation]) -> [Escalation] {
        escalations.sorted(by: isServedBefore)
    }

    /// One-based position of the escalation `id` among `escalations` (1 is
    /// next), nil when it is not among them.
    public func position(of id: String, among escalations: [Escalation]) -> Int? {
        queueOrder(escalations).firstIndex { $0.id == id }.map { $0 + 1 }
    }
}
