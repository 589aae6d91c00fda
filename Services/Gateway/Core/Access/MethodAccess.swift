/// The role × method table: which roles may call each method of the API
/// through the gateway. Every method of every service the gateway routes has
/// a rule (a test holds the table and the generated method lists together);
/// a method missing here is not routed at all.
///
/// - bot: its tenant's turns and confirmations, positions, watches and
///   callbacks of its conversations' escalations, technical events.
/// - agent: its own session, presence, offers, completions and transfers;
///   packages of, and feedback on, escalations assigned to it; the knowledge base.
/// - supervisor: queues, escalations, agents, approvals, policies (read and
///   simulate), packages, feedback summaries, findings, thresholds (read).
/// - admin: policies (publish, activate), thresholds, queues, agents,
///   knowledge base and templates, erasure, keys; and everything a supervisor reads.
/// - auditor: the audit log, its proofs and verification, metrics.
public enum MethodAccess {
    /// Rules by method path (`/package.Service/Method`).
    public static let rules: [String: MethodRule] = {
        let staff: Set<Role> = [.supervisor, .admin]
        let long = 120
        var rules: [String: MethodRule] = [:]
        func add(_ service: String, _ method: String, _ rule: MethodRule) {
            rules["/\(service)/\(method)"] = rule
        }
        let planner = "baton.planner.v1.Planner"
        add(planner, "HandleTurn", MethodRule([.bot]))
        add(planner, "ConfirmAction", MethodRule([.bot]))
        add(planner, "DecideApproval", MethodRule(staff))
        add(planner, "ListApprovals", MethodRule(staff))
        add(planner, "PublishPolicy", MethodRule([.admin]))
        add(planner, "ActivatePolicy", MethodRule([.admin]))
        add(planner, "ListPolicies", MethodRule(staff))
        add(planner, "GetPolicy", MethodRule(staff))
        add(planner, "SimulatePolicy", MethodRule(staff, deadlineCapSeconds: long))

        let router = "baton.router.v1.Router"
        add(router, "Enqueue", MethodRule([]))
        add(router, "GetEscalation", MethodRule(staff))
        add(router, "Cancel", MethodRule(staff))
        add(router, "UpsertAgent", MethodRule([.admin]))
        add(router, "SetAgentPresence", MethodRule([.agent, .admin]))
        add(router, "GetAgent", MethodRule([.agent, .supervisor, .admin]))
        add(router, "AgentSession", MethodRule([.agent], deadlineCapSeconds: nil))
        add(router, "Accept", MethodRule([.agent]))
        add(router, "Decline", MethodRule([.agent]))
        add(router, "Complete", MethodRule([.agent]))
        add(router, "Transfer", MethodRule([.agent]))
        add(router, "Position", MethodRule([.bot, .supervisor, .admin]))
        add(router, "Watch", MethodRule([.bot, .supervisor], deadlineCapSeconds: nil))
        add(router, "ScheduleCallback", MethodRule([.bot, .supervisor]))
        add(router, "QueueStats", MethodRule(staff))
        add(router, "UpsertQueue", MethodRule([.admin]))

        let handoff = "baton.handoff.v1.Handoff"
        add(handoff, "Build", MethodRule([]))
        add(handoff, "Get", MethodRule([.agent, .supervisor, .admin], agentsOnlyOnAssigned: true))
        add(handoff, "TransitionMessage", MethodRule([.bot]))
        add(handoff, "WaitUpdate", MethodRule([.bot]))
        add(handoff, "Feedback", MethodRule([.agent], agentsOnlyOnAssigned: true))
        add(handoff, "SearchKnowledge", MethodRule([.agent, .supervisor, .admin]))
        add(handoff, "ImportArticles", MethodRule([.admin], deadlineCapSeconds: long))
        add(handoff, "SetSynonyms", MethodRule([.admin]))
        add(handoff, "SetTemplate", MethodRule([.admin]))
        add(handoff, "GetFeedbackSummary", MethodRule(staff))

        let signals = "baton.signals.v1.Signals"
        add(signals, "Evaluate", MethodRule([]))
        add(signals, "GetThresholds", MethodRule(staff))
        add(signals, "SetThresholds", MethodRule([.admin]))
        add(signals, "ListFindings", MethodRule(staff))
        add(signals, "RecordEvent", MethodRule([.bot]))
        add(signals, "RunProactiveScan", MethodRule([.admin], deadlineCapSeconds: long))

        let audit = "baton.audit.v1.Audit"
        add(audit, "Append", MethodRule([]))
        add(audit, "Query", MethodRule([.auditor]))
        add(audit, "GetCheckpoint", MethodRule([.auditor]))
        add(audit, "GetInclusionProof", MethodRule([.auditor]))
        add(audit, "GetConsistencyProof", MethodRule([.auditor]))
        add(audit, "Verify", MethodRule([.auditor], deadlineCapSeconds: long))
        add(audit, "Metrics", MethodRule([.auditor]))
        add(audit, "EraseCustomer", MethodRule([.admin]))
        add(audit, "SetRetention", MethodRule([.admin]))
        add(audit, "GetRetention", MethodRule([.auditor]))

        let keys = "baton.gateway.v1.Keys"
        for method in ["CreateKey", "RotateKey", "RevokeKey", "ListKeys"] {
            add(keys, method, MethodRule([.admin]))
        }
        return rules
    }()

    /// The services the gateway routes to another executable, by the name in `BATON_<NAME>_ADDR`.
    public static let upstreams: [String: String] = [
        "baton.planner.v1.Planner": "planner",
        "baton.router.v1.Router": "router",
        "baton.handoff.v1.Handoff": "handoff",
        "baton.signals.v1.Signals": "signals",
        "baton.audit.v1.Audit": "audit",
    ]
}
