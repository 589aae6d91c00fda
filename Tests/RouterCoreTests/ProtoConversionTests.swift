import Foundation
import RouterCore
import Testing
import Wire

/// Conversions from the generated router messages.
@Suite("Proto conversions")
struct ProtoConversionTests {
    @Test("unset enums take the proto's documented default or are rejected; unknown values are rejected")
    func enums() {
        #expect(Urgency(proto: .unspecified) == .normal)
        #expect(Urgency(proto: .critical) == .critical)
        #expect(Urgency(proto: .unrecognized(9)) == nil)
        #expect(CustomerTier(proto: .unspecified) == .standard)
        #expect(CustomerTier(proto: .vipPlatinum) == .vipPlatinum)
        #expect(Seniority(proto: .unspecified) == .junior)
        #expect(Presence(proto: .unspecified) == nil)
        #expect(Presence(proto: .away) == .away)
        #expect(Channel(proto: .unspecified) == nil)
        #expect(Channel(proto: .messagingApp) == .messagingApp)
        #expect(Weekday(proto: .sunday) == .sunday)
        #expect(Weekday(proto: .unspecified) == nil)
        for urgency in Urgency.allCases { #expect(Urgency(proto: urgency.proto) == urgency) }
        for tier in CustomerTier.allCases { #expect(CustomerTier(proto: tier.proto) == tier) }
        for seniority in Seniority.allCases { #expect(Seniority(proto: seniority.proto) == seniority) }
        for presence in Presence.allCases { #expect(Presence(proto: presence.proto) == presence) }
        for channel in Channel.allCases { #expect(Channel(proto: channel.proto) == channel) }
        for day in Weekday.allCases { #expect(Weekday(proto: day.proto) == day) }
    }

    @Test("durations and timestamps round-trip")
    func time() {
        let duration = Duration.seconds(90) + .milliseconds(250)
        #expect(Duration(proto: duration.proto) == duration)
        #expect(duration.proto.seconds == 90 && duration.proto.nanos == 250_000_000)
        let before1970 = Date(timeIntervalSince1970: -1.5)
        #expect(before1970.proto.seconds == -2 && before1970.proto.nanos == 500_000_000)
        #expect(Date(proto: Fixture.now.proto) == Fixture.now)
    }

    struct InvalidCase: CustomTestStringConvertible, Sendable {
        var name: String
        var queue: RouterV1.Queue
        var field: String
        var testDescription: String { name }
    }

    static let invalidCases: [InvalidCase] = [
        InvalidCase(name: "unknown time zone",
                    queue: .with { $0.businessHours = .with { $0.timeZone = "Europe/Atlantis" } },
                    field: "queue.business_hours.time_zone"),
        InvalidCase(name: "interval without a day",
                    queue: .with { $0.businessHours = .with {
                        $0.timeZone = "Europe/Berlin"
                        $0.intervals = [.with { $0.startMinute = 60; $0.endMinute = 120 }]
                    } },
                    field: "queue.business_hours.intervals[0].day"),
        InvalidCase(name: "interval ending before it starts",
                    queue: .with { $0.businessHours = .with {
                        $0.timeZone = "Europe/Berlin"
                        $0.intervals = [.with { $0.day = .monday; $0.startMinute = 600; $0.endMinute = 540 }]
                    } },
                    field: "queue.business_hours.intervals[0]"),
        InvalidCase(name: "closure without an end",
                    queue: .with { $0.businessHours = .with {
                        $0.timeZone = "Europe/Berlin"
                        $0.closures = [.with { $0.startTime = Fixture.now.proto }]
                    } },
                    field: "queue.business_hours.closures[0]"),
    ]

    @Test("invalid queues name the field", arguments: invalidCases)
    func invalidQueue(_ sample: InvalidCase) {
        #expect(throws: InvalidField.self, "\(sample.name)") { try QueueConfig(proto: sample.queue) }
        do {
            _ = try QueueConfig(proto: sample.queue)
        } catch {
            #expect(error.field == sample.field, "\(sample.name): \(error)")
        }
    }

    @Test("a queue converts with its hours, steps, overflow and on-call path")
    func queue() throws {
        let proto = RouterV1.Queue.with {
            $0.queueID = "billing"
            $0.requiredSkills = [.with { $0.skill = "billing"; $0.minLevel = 3 }]
            $0.businessHours = .with {
                $0.timeZone = "America/New_York"
                $0.intervals = [.with { $0.day = .monday; $0.startMinute = 540; $0.endMinute = 1020 }]
            }
            $0.overflowQueueIDs = ["sales"]
            $0.overflowAfter = Duration.seconds(120).proto
            $0.wideningSteps = [.with { $0.after = Duration.seconds(60).proto; $0.ignoreOptionalSkills = true }]
            $0.onCall = .with { $0.categories = ["safety"]; $0.minUrgency = .critical }
            $0.callbacksEnabled = true
            $0.offerTimeout = Duration.seconds(20).proto
            $0.maxOffers = 5
        }
        let queue = try QueueConfig(proto: proto)
        #expect(queue == QueueConfig(
            id: "billing",
            requiredSkills: [SkillRequirement(skill: "billing", minLevel: 3)],
            businessHours: WeeklySchedule(timeZone: Fixture.newYork,
                                          intervals: [WeeklyInterval(day: .monday, startMinute: 540, endMinute: 1020)]),
            overflowQueueIDs: ["sales"],
            overflowAfter: .seconds(120),
            wideningSteps: [WideningStep(after: .seconds(60), ignoreOptionalSkills: true)],
            onCall: OnCallPath(categories: ["safety"], minUrgency: .critical),
            callbacksEnabled: true))
        #expect(OfferPolicy(queue: proto, awayAfterConsecutiveTimeouts: 2)
                == OfferPolicy(timeout: .seconds(20), awayAfterConsecutiveTimeouts: 2, maxOffers: 5))
        #expect(OfferPolicy(queue: .init(), awayAfterConsecutiveTimeouts: 2).timeout == .seconds(30))
    }

    @Test("an agent and an escalation convert")
    func agentAndEscalation() throws {
        let agent = try Agent(proto: .with {
            $0.agentID = "a"
            $0.skills = [.with { $0.skill = "billing"; $0.level = 7 }]
            $0.languages = ["en", "de"]
            $0.seniority = .senior
            $0.capacities = [.with { $0.channel = .chat; $0.maxConcurrent = 3 }]
            $0.queueIDs = ["billing"]
        })
        #expect(agent == Fixture.agent("a", skills: ["billing": 7], languages: ["en", "de"], seniority: .senior,
                                       capacities: [.chat: 3], queueIDs: ["billing"]))
        #expect(throws: InvalidField.self) {
            try Agent(proto: .with { $0.capacities = [.with { $0.maxConcurrent = 1 }] })
        }

        let escalation = try Escalation(proto: .with {
            $0.escalationID = "e1"
            $0.queueID = "billing"
            $0.category = "billing.refund"
            $0.requiredSkills = [.with { $0.skill = "billing"; $0.minLevel = 4 }]
            $0.language = "en"
            $0.channel = .chat
            $0.priorWaitSeconds = 90
        }, enqueueTime: Fixture.now)
        #expect(escalation == Fixture.escalation(priorWait: .seconds(90)))
        #expect(throws: InvalidField.self) { try Escalation(proto: .with { $0.channel = .chat; $0.urgency = .unrecognized(7) },
                                                            enqueueTime: Fixture.now) }
    }

    @Test("an estimate without staffing leaves the waits unset and says when the queue opens")
    func waitEstimate() {
        let closed = WaitEstimate(position: 3, expected: nil, upperBound: nil, confidence: 0)
            .proto(computeTime: Fixture.now, withinBusinessHours: false, nextOpenTime: Fixture.at(3_600))
        #expect(closed.position == 3)
        #expect(closed.estimatedWait == nil && closed.estimatedWaitUpperBound == nil)
        #expect(closed.nextOpenTime == Fixture.at(3_600).proto)
        let open = WaitEstimate(position: 1, expected: .seconds(60), upperBound: .seconds(140), confidence: 0.5)
            .proto(computeTime: Fixture.now, withinBusinessHours: true, nextOpenTime: Fixture.at(3_600))
        #expect(open.estimatedWait == Duration.seconds(60).proto)
        #expect(open.nextOpenTime == nil)
        #expect(open.confidence == 0.5)
    }
}
