public import Foundation
public import Wire

// Conversions from the generated messages the service reads (requests and
// rows stored as messages) to the domain values, validating what the
// routing rules rely on; and of the estimate back to the wire.

extension SkillRequirement {
    /// The requirement of `proto`.
    public init(proto: RouterV1.SkillRequirement) {
        self.init(skill: proto.skill, minLevel: Int(proto.minLevel))
    }
}

extension AgentSkill {
    /// The skill of `proto`.
    public init(proto: RouterV1.AgentSkill) {
        self.init(skill: proto.skill, level: Int(proto.level))
    }
}

extension WeeklySchedule {
    /// The schedule of `proto`; `field` names it in errors.
    /// - Throws: `InvalidField` for an unknown time zone, an unset day or
    ///   minutes out of range.
    public init(proto: RouterV1.WeeklySchedule, field: String) throws(InvalidField) {
        guard let timeZone = TimeZone(identifier: proto.timeZone) else {
            throw InvalidField(field: "\(field).time_zone", reason: "unknown IANA time zone \"\(proto.timeZone)\"")
        }
        var intervals: [WeeklyInterval] = []
        for (index, interval) in proto.intervals.enumerated() {
            let path = "\(field).intervals[\(index)]"
            guard let day = Weekday(proto: interval.day) else {
                throw InvalidField(field: "\(path).day", reason: "must be a day of the week")
            }
            guard interval.startMinute < 1440, interval.startMinute < interval.endMinute, interval.endMinute <= 1440 else {
                throw InvalidField(field: path, reason: "needs 0 <= start_minute < end_minute <= 1440")
            }
            intervals.append(WeeklyInterval(day: day, startMinute: Int(interval.startMinute), endMinute: Int(interval.endMinute)))
        }
        var closures: [DateInterval] = []
        for (index, closure) in proto.closures.enumerated() {
            guard let start = closure.startTime, let end = closure.endTime, Date(proto: start) < Date(proto: end) else {
                throw InvalidField(field: "\(field).closures[\(index)]", reason: "needs start_time before end_time")
            }
            closures.append(DateInterval(start: Date(proto: start), end: Date(proto: end)))
        }
        self.init(timeZone: timeZone, intervals: intervals, closures: closures, alwaysOpen: proto.alwaysOpen)
    }
}

extension WideningStep {
    /// The step of `proto`; an unset `after` applies at once.
    public init(proto: RouterV1.WideningStep) {
        self.init(
            after: proto.after.map(Duration.init(proto:)) ?? .zero,
            lowerMinLevelBy: Int(proto.lowerMinLevelBy),
            ignoreOptionalSkills: proto.ignoreOptionalSkills,
            anySeniority: proto.anySeniority,
            ignoreAffinity: proto.ignoreAffinity
        )
    }
}

extension OnCallPath {
    /// The path of `proto`; an unset `min_urgency` means categories only.
    /// - Throws: `InvalidField` for an urgency this build does not know.
    public init(proto: RouterV1.OnCallPath) throws(InvalidField) {
        var minUrgency: Urgency?
        if proto.minUrgency != .unspecified {
            guard let urgency = Urgency(proto: proto.minUrgency) else {
                throw InvalidField(field: "queue.on_call.min_urgency", reason: "unknown urgency \(proto.minUrgency.rawValue)")
            }
            minUrgency = urgency
        }
        self.init(
            categories: Set(proto.categories),
            minUrgency: minUrgency,
            agentIDs: proto.agentIDs,
            after: proto.after.map(Duration.init(proto:)) ?? .zero,
            pageTarget: proto.pageTarget
        )
    }
}

extension QueueConfig {
    /// The routing configuration of `proto`.
    /// - Throws: `InvalidField` for invalid business hours or on-call path.
    public init(proto: RouterV1.Queue) throws(InvalidField) {
        self.init(
            id: proto.queueID,
            requiredSkills: proto.requiredSkills.map(SkillRequirement.init(proto:)),
            businessHours: try proto.businessHours.map { schedule throws(InvalidField) in
                try WeeklySchedule(proto: schedule, field: "queue.business_hours")
            },
            overflowQueueIDs: proto.overflowQueueIDs,
            overflowAfter: proto.overflowAfter.map(Duration.init(proto:)),
            wideningSteps: proto.wideningSteps.map(WideningStep.init(proto:)),
            onCall: try proto.onCall.map { path throws(InvalidField) in try OnCallPath(proto: path) },
            callbacksEnabled: proto.callbacksEnabled,
            maxWait: proto.maxWait.map(Duration.init(proto:))
        )
    }
}

extension OfferPolicy {
    /// The offer rules of queue `proto` (timeout unset: 30 s), with the
    /// service's threshold for setting agents away.
    public init(queue proto: RouterV1.Queue, awayAfterConsecutiveTimeouts: Int) {
        self.init(
            timeout: proto.offerTimeout.map(Duration.init(proto:)) ?? .seconds(30),
            awayAfterConsecutiveTimeouts: awayAfterConsecutiveTimeouts,
            maxOffers: Int(proto.maxOffers)
        )
    }
}

extension Agent {
    /// The profile of `proto`.
    /// - Throws: `InvalidField` for an unknown seniority or channel, or
    ///   an invalid schedule.
    public init(proto: RouterV1.Agent) throws(InvalidField) {
        guard let seniority = Seniority(proto: proto.seniority) else {
            throw InvalidField(field: "agent.seniority", reason: "unknown seniority \(proto.seniority.rawValue)")
        }
        var capacities: [Channel: Int] = [:]
        for (index, capacity) in proto.capacities.enumerated() {
            guard let channel = Channel(proto: capacity.channel) else {
                throw InvalidField(field: "agent.capacities[\(index)].channel", reason: "must be a known channel")
            }
            capacities[channel] = Int(capacity.maxConcurrent)
        }
        self.init(
            id: proto.agentID,
            skills: proto.skills.map(AgentSkill.init(proto:)),
            languages: proto.languages,
            seniority: seniority,
            capacities: capacities,
            maxTotalConcurrent: Int(proto.maxTotalConcurrent),
            schedule: try proto.schedule.map { schedule throws(InvalidField) in
                try WeeklySchedule(proto: schedule, field: "agent.schedule")
            },
            queueIDs: Set(proto.queueIDs),
            onCall: proto.onCall
        )
    }
}

extension Escalation {
    /// The routing view of `proto`, which entered its queue at
    /// `enqueueTime` and must not be offered to `excludedAgentIDs` again.
    /// - Throws: `InvalidField` for an unknown tier or urgency, or an
    ///   unset or unknown channel.
    public init(proto: RouterV1.Escalation, enqueueTime: Date, excludedAgentIDs: Set<String> = []) throws(InvalidField) {
        guard let tier = CustomerTier(proto: proto.customerTier) else {
            throw InvalidField(field: "escalation.customer_tier", reason: "unknown tier \(proto.customerTier.rawValue)")
        }
        guard let urgency = Urgency(proto: proto.urgency) else {
            throw InvalidField(field: "escalation.urgency", reason: "unknown urgency \(proto.urgency.rawValue)")
        }
        guard let channel = Channel(proto: proto.channel) else {
            throw InvalidField(field: "escalation.channel", reason: "must be a known channel")
        }
        self.init(
            id: proto.escalationID,
            queueID: proto.queueID,
            category: proto.category,
            requiredSkills: proto.requiredSkills.map(SkillRequirement.init(proto:)),
            optionalSkills: proto.optionalSkills.map(SkillRequirement.init(proto:)),
            language: proto.language,
            tier: tier,
            urgency: urgency,
            channel: channel,
            previousAgentID: proto.previousAgentID.isEmpty ? nil : proto.previousAgentID,
            priorWait: .seconds(Int64(proto.priorWaitSeconds)),
            enqueueTime: enqueueTime,
            excludedAgentIDs: excludedAgentIDs
        )
    }
}

extension WaitEstimate {
    /// The wire estimate, computed at `computeTime`, with the queue's hours:
    /// open now, or closed until `nextOpenTime`. Without an estimate the
    /// durations stay unset.
    public func proto(computeTime: Date, withinBusinessHours: Bool, nextOpenTime: Date?) -> CommonV1.WaitEstimate {
        .with {
            $0.position = UInt32(clamping: position)
            $0.estimatedWait = expected?.proto
            $0.estimatedWaitUpperBound = upperBound?.proto
            $0.confidence = Float(confidence)
            $0.withinBusinessHours = withinBusinessHours
            $0.nextOpenTime = withinBusinessHours ? nil : nextOpenTime?.proto
            $0.computeTime = computeTime.proto
        }
    }
}
