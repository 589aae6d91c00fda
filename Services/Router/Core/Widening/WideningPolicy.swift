/// Relaxes an escalation's requirements step by step while it stays
/// unmatched.
///
/// The timeline of a queue holds its widening steps and its overflow queues,
/// ordered by the wait after which each applies (a step before an overflow
/// at the same time). Overflow queue k (from 0) joins after
/// (k + 1) * `overflowAfter`, so the queues are tried in their order.
/// Stages are cumulative: skill levels are lowered by the sum of the steps'
/// `lowerMinLevelBy` (never below 1; a "0 = any level" requirement stays 0),
/// and a relaxation once on stays on, so requirements only ever widen.
///
/// Original requirements: the escalation's required skills and the queue's
/// required skills, merged per skill at the highest minimum level; VIPs
/// need senior agents; the previous agent is preferred. The escalation's
/// optional skills are preferences that rank agents and never exclude one
/// (an idle agent with every required skill is always eligible), so
/// widening relaxes required criteria only: skill levels, seniority,
/// affinity and the queues whose agents may take it. A step with
/// `ignoreOptionalSkills` stops the ranking by them.
public struct WideningPolicy: Sendable, Hashable {
    /// The stages of the queue, in the order they apply.
    public let timeline: [WideningStage]
    /// The queue.
    public let queue: QueueConfig

    /// The policy of `queue`.
    public init(queue: QueueConfig) {
        self.queue = queue
        var stages = queue.wideningSteps.map(WideningStage.relax)
        if let overflowAfter = queue.overflowAfter {
            for (index, queueID) in queue.overflowQueueIDs.enumerated() {
                stages.append(.overflow(queueID: queueID, after: overflowAfter * (index + 1)))
            }
        }
        // Stable, so steps keep their configured order and come before an
        // overflow at the same time.
        timeline = stages.enumerated()
            .sorted { ($0.element.after, $0.offset) < ($1.element.after, $1.offset) }
            .map(\.element)
    }

    /// The widening for `escalation` after `waitedInQueue` unmatched in the
    /// queue (bot time does not count: it says nothing about this queue's
    /// agents).
    public func widening(for escalation: Escalation, waitedInQueue: Duration) -> Widening {
        let applied = Array(timeline.prefix { $0.after <= waitedInQueue })
        var includeOptional = true
        var lowerBy = 0
        var vipNeedsSenior = true
        var prefersPreviousAgent = true
        var queueIDs = [queue.id]
        for stage in applied {
            switch stage {
            case .relax(let step):
                if step.ignoreOptionalSkills { includeOptional = false }
                if step.anySeniority { vipNeedsSenior = false }
                if step.ignoreAffinity { prefersPreviousAgent = false }
                lowerBy += step.lowerMinLevelBy
            case .overflow(let queueID, _):
                if !queueIDs.contains(queueID) { queueIDs.append(queueID) }
            }
        }
        let skills = Self.merge(escalation.requiredSkills + queue.requiredSkills)
            .map { SkillRequirement(skill: $0.skill, minLevel: $0.minLevel == 0 ? 0 : max(1, $0.minLevel - lowerBy)) }
        let preferred = includeOptional ? Self.merge(escalation.optionalSkills) : []
        return Widening(
            stageCount: applied.count,
            appliedStages: applied,
            requirements: MatchRequirements(skills: skills, preferredSkills: preferred, queueIDs: queueIDs,
                                            vipNeedsSenior: vipNeedsSenior,
                                            prefersPreviousAgent: prefersPreviousAgent),
            nextStageAfter: applied.count < timeline.count ? timeline[applied.count].after : nil
        )
    }

    /// One requirement per skill at the highest minimum level asked, sorted
    /// by skill name.
    static func merge(_ requirements: [SkillRequirement]) -> [SkillRequirement] {
        var levels: [String: Int] = [:]
        for requirement in requirements {
            levels[requirement.skill] = max(levels[requirement.skill] ?? 0, requirement.minLevel)
        }
        return levels.sorted { $0.key < $1.key }.map { SkillRequirement(skill: $0.key, minLevel: $0.value) }
    }
}
