import RouterCore
import Store

/// The `router` schema, in order. Replicas coordinate only through these
/// tables: row locks, `FOR UPDATE SKIP LOCKED` claims, conditional updates
/// and the constraints below, which hold whatever a replica does or when it dies.
enum RouterMigrations {
    private typealias E = StoredEscalationState
    private typealias O = StoredOfferState

    static let all = [
        Migration(version: 1, name: "queues_agents_escalations_offers", sql: """
            CREATE TABLE router.queues (
                tenant_id text NOT NULL CHECK (length(tenant_id) BETWEEN 1 AND 128),
                queue_id text NOT NULL CHECK (length(queue_id) BETWEEN 1 AND 128),
                categories text[] NOT NULL DEFAULT '{}',
                config bytea NOT NULL,
                update_time timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (tenant_id, queue_id)
            );

            CREATE TABLE router.agents (
                tenant_id text NOT NULL CHECK (length(tenant_id) BETWEEN 1 AND 128),
                agent_id text NOT NULL CHECK (length(agent_id) BETWEEN 1 AND 128),
                profile bytea NOT NULL,
                presence smallint NOT NULL DEFAULT \(Presence.offline.rawValue)
                    CHECK (presence BETWEEN \(Presence.available.rawValue) AND \(Presence.offline.rawValue)),
                -- The live AgentSession: which session holds the agent, until when (renewed by its replica).
                session_id uuid,
                session_expires_at timestamptz,
                -- Over all channels; per-channel capacities are in the profile. An agent's
                -- load is not stored: it is their pending offers plus active assignments,
                -- counted by the dispatch pass that holds the tenant's dispatch lock.
                max_total integer NOT NULL CHECK (max_total >= 0),
                -- When the agent was last offered work (written by dispatch passes only): "longest idle".
                idle_since timestamptz NOT NULL DEFAULT now(),
                consecutive_timeouts integer NOT NULL DEFAULT 0,
                update_time timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (tenant_id, agent_id)
            );
            CREATE INDEX agents_available ON router.agents (tenant_id, session_expires_at) WHERE presence = \(Presence.available.rawValue);

            CREATE TABLE router.escalations (
                tenant_id text NOT NULL CHECK (length(tenant_id) BETWEEN 1 AND 128),
                escalation_id text NOT NULL CHECK (length(escalation_id) BETWEEN 1 AND 128),
                queue_id text NOT NULL,
                -- StoredEscalationState: queued, offered, assigned, completed, callback scheduled, expired, cancelled.
                state smallint NOT NULL CHECK (state BETWEEN \(E.queued.rawValue) AND \(E.cancelled.rawValue)),
                priority_key bigint NOT NULL,
                channel smallint NOT NULL,
                urgency smallint NOT NULL DEFAULT 0,
                agent_id text,
                offer_count integer NOT NULL DEFAULT 0,
                widening_step integer NOT NULL DEFAULT 0,
                -- Set when the escalation takes the on-call path (off hours or after waiting).
                on_call boolean NOT NULL DEFAULT false,
                queued_at timestamptz NOT NULL DEFAULT now(),
                create_time timestamptz NOT NULL DEFAULT now(),
                update_time timestamptz NOT NULL DEFAULT now(),
                assign_time timestamptz,
                complete_time timestamptz,
                callback_time timestamptz,
                outcome smallint NOT NULL DEFAULT 0,
                request_digest bytea NOT NULL,
                escalation bytea NOT NULL,
                PRIMARY KEY (tenant_id, escalation_id),
                CONSTRAINT agent_iff_offered_or_assigned CHECK ((state IN (\(E.offered.rawValue), \(E.assigned.rawValue))) = (agent_id IS NOT NULL))
            );
            CREATE INDEX escalations_queued ON router.escalations (tenant_id, priority_key DESC) WHERE state = \(E.queued.rawValue);
            CREATE INDEX escalations_queued_by_queue ON router.escalations (tenant_id, queue_id, priority_key DESC)
                WHERE state = \(E.queued.rawValue);
            CREATE INDEX escalations_callbacks_due ON router.escalations (callback_time) WHERE state = \(E.callbackScheduled.rawValue);

            CREATE TABLE router.offers (
                offer_id uuid PRIMARY KEY,
                tenant_id text NOT NULL,
                escalation_id text NOT NULL,
                agent_id text NOT NULL,
                channel smallint NOT NULL,
                -- Why this agent (the matcher's deciding rule).
                reason text NOT NULL DEFAULT '',
                -- StoredOfferState: pending, accepted, declined, expired, revoked.
                state smallint NOT NULL CHECK (state BETWEEN \(O.pending.rawValue) AND \(O.revoked.rawValue)),
                create_time timestamptz NOT NULL DEFAULT now(),
                expire_time timestamptz NOT NULL,
                resolve_time timestamptz,
                FOREIGN KEY (tenant_id, escalation_id) REFERENCES router.escalations,
                FOREIGN KEY (tenant_id, agent_id) REFERENCES router.agents,
                CONSTRAINT resolved_offers_have_a_time CHECK ((state = \(O.pending.rawValue)) = (resolve_time IS NULL))
            );
            CREATE UNIQUE INDEX offers_one_pending_per_escalation ON router.offers (tenant_id, escalation_id)
                WHERE state = \(O.pending.rawValue);
            CREATE INDEX offers_pending_by_expiry ON router.offers (expire_time) WHERE state = \(O.pending.rawValue);
            CREATE INDEX offers_pending_by_agent ON router.offers (tenant_id, agent_id) WHERE state = \(O.pending.rawValue);
            CREATE INDEX offers_by_escalation ON router.offers (tenant_id, escalation_id);

            CREATE TABLE router.assignments (
                tenant_id text NOT NULL,
                escalation_id text NOT NULL,
                agent_id text NOT NULL,
                channel smallint NOT NULL,
                offer_id uuid REFERENCES router.offers,
                start_time timestamptz NOT NULL DEFAULT now(),
                end_time timestamptz,
                outcome smallint,
                FOREIGN KEY (tenant_id, escalation_id) REFERENCES router.escalations,
                FOREIGN KEY (tenant_id, agent_id) REFERENCES router.agents
            );
            CREATE UNIQUE INDEX assignments_one_active_per_escalation ON router.assignments (tenant_id, escalation_id)
                WHERE end_time IS NULL;
            CREATE INDEX assignments_active_by_agent ON router.assignments (tenant_id, agent_id) WHERE end_time IS NULL;
            CREATE INDEX assignments_recent ON router.assignments (tenant_id, end_time) WHERE end_time IS NOT NULL;

            -- The database's own backstop for capacity: after each statement that adds
            -- offers, no agent it touched holds more pending offers and active assignments
            -- than max_total. (Passes add offers under the tenant's dispatch lock, so the
            -- counts they see include every earlier pass.)
            CREATE FUNCTION router.check_agent_capacity() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE over text;
            BEGIN
                SELECT a.agent_id INTO over
                FROM (SELECT DISTINCT tenant_id, agent_id FROM added) AS i
                JOIN router.agents a ON a.tenant_id = i.tenant_id AND a.agent_id = i.agent_id
                WHERE (SELECT count(*) FROM router.offers o
                       WHERE o.tenant_id = i.tenant_id AND o.agent_id = i.agent_id AND o.state = \(O.pending.rawValue))
                    + (SELECT count(*) FROM router.assignments s
                       WHERE s.tenant_id = i.tenant_id AND s.agent_id = i.agent_id AND s.end_time IS NULL) > a.max_total
                LIMIT 1;
                IF over IS NOT NULL THEN
                    RAISE EXCEPTION 'agent % would be above capacity', over USING ERRCODE = 'check_violation',
                        CONSTRAINT = 'agent_within_capacity';
                END IF;
                RETURN NULL;
            END $$;
            CREATE TRIGGER offers_within_capacity AFTER INSERT ON router.offers
                REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION router.check_agent_capacity();

            -- What happened to each escalation beyond its offers and assignments (which are
            -- their own record): off-hours decisions, widening steps, the on-call path,
            -- declines with their reason, transfers, cancellations, callbacks, expiry, notes.
            CREATE TABLE router.escalation_events (
                event_id bigserial PRIMARY KEY,
                tenant_id text NOT NULL,
                escalation_id text NOT NULL,
                kind text NOT NULL,
                agent_id text,
                detail text NOT NULL DEFAULT '',
                event_time timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX escalation_events_by_escalation ON router.escalation_events (tenant_id, escalation_id, event_id);
            """),
        Migration(version: 2, name: "agents_disconnected_at", sql: """
            -- When the agent's last session ended (a lapsed lease needs no column: session_expires_at
            -- says when). Work still assigned to an agent gone longer than the grace goes back to its
            -- queue; such an assignment ends with outcome 0 and a 'requeued' event.
            ALTER TABLE router.agents ADD COLUMN disconnected_at timestamptz;
            """),
        Migration(version: 3, name: "hot_path_pages_and_agent_keys", sql: """
            -- An escalation changes state three times on its way (offered, assigned, completed), an offer
            -- and an assignment once: free room on each page keeps the new row version on the old one's
            -- page instead of extending the table on every update (new pages only; old ones fill as before).
            ALTER TABLE router.escalations SET (fillfactor = 70);
            ALTER TABLE router.offers SET (fillfactor = 70);
            ALTER TABLE router.assignments SET (fillfactor = 80);
            -- Each check of these keys locked the agent's row (FOR KEY SHARE) in every dispatch pass and
            -- every accept, so concurrent ones shared the lock through multixacts. Agents are never deleted,
            -- an offer's agent is read from router.agents by the pass that writes it, and an assignment's
            -- agent is its offer's: the references cannot dangle.
            ALTER TABLE router.offers DROP CONSTRAINT offers_tenant_id_agent_id_fkey;
            ALTER TABLE router.assignments DROP CONSTRAINT assignments_tenant_id_agent_id_fkey;
            """),
        Migration(version: 4, name: "offer_and_assignment_escalation_keys", sql: """
            -- The same for the remaining keys on the hot path: each offer insert checked (and share-locked)
            -- its escalation, each accept its offer and escalation again, three index probes and row locks
            -- per assignment (a fifth of an Accept batch's time). No router row is ever deleted; a pass
            -- inserts offers only for escalations it holds locked, and an accept inserts an assignment only
            -- for the offer and escalation it has just updated, in the same statement.
            ALTER TABLE router.offers DROP CONSTRAINT offers_tenant_id_escalation_id_fkey;
            ALTER TABLE router.assignments DROP CONSTRAINT assignments_offer_id_fkey;
            ALTER TABLE router.assignments DROP CONSTRAINT assignments_tenant_id_escalation_id_fkey;
            """),
        Migration(version: 5, name: "escalation_expiry_reason", sql: """
            -- Why an expired escalation ended (ExpiryReason; 0 while not expired), for GetEscalation and
            -- the last Watch event: every escalation ends in finite time, and the bot is told why.
            ALTER TABLE router.escalations ADD COLUMN expiry_reason smallint NOT NULL DEFAULT 0;
            """),
        Migration(version: 6, name: "audit_outbox", sql: """
            -- Decisions waiting for baton-audit, written by the statement of the change they record (only
            -- when an audit service is configured); AuditShipper appends them and deletes them. `kind` is
            -- the audit RecordKind; `code` is, by kind: the state entered at enqueue, the CompletionOutcome,
            -- the ExpiryReason of a closing (0: cancelled).
            CREATE TABLE router.audit_outbox (
                id bigserial PRIMARY KEY,
                tenant_id text NOT NULL,
                escalation_id text NOT NULL,
                kind smallint NOT NULL,
                agent_id text,
                code smallint NOT NULL DEFAULT 0,
                decide_time timestamptz NOT NULL DEFAULT now()
            );
            """),
        Migration(version: 7, name: "escalation_last_agent", sql: """
            -- The agent who last accepted the escalation, kept when agent_id is cleared (completion,
            -- transfer, requeue): the planner passes it as previous_agent_id on the customer's next one.
            ALTER TABLE router.escalations ADD COLUMN last_agent_id text NOT NULL DEFAULT '';
            """),
    ]
}
