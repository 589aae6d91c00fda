public import Foundation

extension Staffing {
    /// The staffing of queue `queueID` on `channel` at `now`: agents who
    /// serve the queue and the channel, are connected, on shift and
    /// available or busy. Each brings their slots on the channel (capped by
    /// their overall limit); only available agents' spare slots are free,
    /// since busy agents take no offers.
    public init(of candidates: [AgentCandidate], queueID: String, channel: Channel, at now: Date) {
        var slots = 0
        var freeSlots = 0
        for candidate in candidates {
            let (agent, status) = (candidate.agent, candidate.status)
            guard status.connected, status.presence == .available || status.presence == .busy,
                  agent.queueIDs.isEmpty || agent.queueIDs.contains(queueID),
                  agent.schedule.map({ BusinessCalendar($0).isOpen(at: now) }) ?? true
            else { continue }
            slots += min(agent.capacities[channel] ?? 0, agent.totalCapacity)
            if status.presence == .available {
                freeSlots += agent.spareCapacity(on: channel, load: status.load)
            }
        }
        self.init(slots: slots, freeSlots: freeSlots)
    }
}
