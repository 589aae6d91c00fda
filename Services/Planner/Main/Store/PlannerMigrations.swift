import Store

/// The `planner` schema, in order.
enum PlannerMigrations {
    static let all = [
        Migration(version: 1, name: "policies_conversations_turns_confirmations_approvals_outboxes", sql: """
            -- Every published version of every tenant's policy; a version never changes.
            CREATE TABLE planner.policies (
                tenant_id text NOT NULL CHECK (length(tenant_id) BETWEEN 1 AND 128),
                version integer NOT NULL CHECK (version > 0),
                document text NOT NULL,
                format text NOT NULL,
                document_sha256 bytea NOT NULL,
                change_note text NOT NULL DEFAULT '',
                published_by bytea NOT NULL,
                warnings bytea NOT NULL,
                published_at timestamptz NOT NULL DEFAULT now(),
                activated_at timestamptz,
                PRIMARY KEY (tenant_id, version)
            );
            -- Which versions decide: the active one, and a canary for a share or channels.
            CREATE TABLE planner.rollouts (
                tenant_id text PRIMARY KEY,
                active_version integer NOT NULL DEFAULT 0,
                canary_version integer NOT NULL DEFAULT 0,
                canary_percent integer NOT NULL DEFAULT 0 CHECK (canary_percent BETWEEN 0 AND 100),
                canary_channels text[] NOT NULL DEFAULT '{}',
                updated_at timestamptz NOT NULL DEFAULT now()
            );
            -- One row per conversation: its transcript as the planner knows it, who has it,
            -- and the trigger firings already handed off (so a hand-back does not loop).
            CREATE TABLE planner.conversations (
                tenant_id text NOT NULL,
                conversation_id text NOT NULL CHECK (length(conversation_id) BETWEEN 1 AND 256),
                transcript bytea NOT NULL,
                customer_turns integer NOT NULL DEFAULT 0,
                mode smallint NOT NULL CHECK (mode IN (\(StoredConversationMode.bot.rawValue), \(StoredConversationMode.person.rawValue))),
                escalation_id text NOT NULL DEFAULT '',
                handed_back boolean NOT NULL DEFAULT false,
                escalated_firings text[] NOT NULL DEFAULT '{}',
                last_turn_id text NOT NULL DEFAULT '',
                started_at timestamptz NOT NULL DEFAULT now(),
                updated_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (tenant_id, conversation_id)
            );
            -- Every handled turn with its outcome (a retry returns it) and the policy input
            -- it was decided on (SimulatePolicy replays it).
            CREATE TABLE planner.turns (
                tenant_id text NOT NULL,
                conversation_id text NOT NULL,
                turn_id text NOT NULL CHECK (length(turn_id) BETWEEN 1 AND 256),
                fingerprint bytea NOT NULL,
                decision text NOT NULL,
                rule_id text NOT NULL,
                policy_version integer NOT NULL,
                policy_input jsonb NOT NULL,
                outcome bytea NOT NULL,
                decided_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (tenant_id, conversation_id, turn_id)
            );
            CREATE INDEX turns_by_time ON planner.turns (tenant_id, decided_at DESC);
            -- Irreversible actions waiting for the customer's yes or no.
            CREATE TABLE planner.confirmations (
                confirmation_id uuid PRIMARY KEY,
                tenant_id text NOT NULL,
                conversation_id text NOT NULL,
                turn_id text NOT NULL,
                action bytea NOT NULL,
                language text NOT NULL,
                state smallint NOT NULL CHECK (state BETWEEN \(StoredConfirmationState.pending.rawValue) AND \(StoredConfirmationState.expired.rawValue)),
                expire_at timestamptz NOT NULL,
                answered_at timestamptz
            );
            -- Actions waiting for a person's approval; `approval` is the Approval message.
            CREATE TABLE planner.approvals (
                approval_id uuid PRIMARY KEY,
                tenant_id text NOT NULL,
                conversation_id text NOT NULL,
                state smallint NOT NULL CHECK (state BETWEEN \(StoredApprovalState.pending.rawValue) AND \(StoredApprovalState.expired.rawValue)),
                approval bytea NOT NULL,
                language text NOT NULL,
                customer_id text NOT NULL DEFAULT '',
                created_at timestamptz NOT NULL DEFAULT now(),
                expire_at timestamptz NOT NULL
            );
            CREATE INDEX approvals_by_state ON planner.approvals (tenant_id, state, created_at DESC);
            CREATE INDEX approvals_due ON planner.approvals (expire_at) WHERE state = \(StoredApprovalState.pending.rawValue);
            -- Work a decision owes other services (an enqueue on the router, a package on
            -- baton-handoff), written with the decision and done after it, again until done.
            CREATE TABLE planner.pending_work (
                id bigserial PRIMARY KEY,
                tenant_id text NOT NULL,
                kind smallint NOT NULL CHECK (kind IN (\(PendingWorkKind.enqueue.rawValue), \(PendingWorkKind.buildPackage.rawValue))),
                idempotency_key text NOT NULL UNIQUE,
                payload bytea NOT NULL,
                attempts integer NOT NULL DEFAULT 0,
                next_attempt_at timestamptz NOT NULL DEFAULT now(),
                last_error text NOT NULL DEFAULT ''
            );
            -- Audit records written with the decisions they record, shipped by AuditShipper.
            CREATE TABLE planner.audit_outbox (
                id bigserial PRIMARY KEY,
                tenant_id text NOT NULL,
                idempotency_key text NOT NULL UNIQUE,
                record bytea NOT NULL
            );
            """),
        Migration(version: 2, name: "previous_agent_and_cancellations", sql: """
            -- The agent who last had the conversation (the router's last_agent_id when its escalation
            -- ended): the next escalation prefers them.
            ALTER TABLE planner.conversations ADD COLUMN previous_agent_id text NOT NULL DEFAULT '';
            -- A decided or expired approval owes the router the cancellation of its supervisor task.
            ALTER TABLE planner.pending_work DROP CONSTRAINT pending_work_kind_check;
            ALTER TABLE planner.pending_work ADD CONSTRAINT pending_work_kind_check CHECK (kind IN (
                \(PendingWorkKind.enqueue.rawValue), \(PendingWorkKind.buildPackage.rawValue),
                \(PendingWorkKind.cancelEscalation.rawValue)));
            """),
        // A conversation's records are appended in the order of its decisions; records of other conversations do
        // not wait for each other (a turn appends its own record at once instead of the tenant's whole backlog).
        Migration(version: 3, name: "audit_outbox_conversation_order", sql: """
            ALTER TABLE planner.audit_outbox ADD COLUMN conversation_id text NOT NULL DEFAULT '';
            CREATE INDEX audit_outbox_conversation ON planner.audit_outbox (tenant_id, conversation_id, id);
            """),
        // A turn's audit sequence, kept whoever appends its record (the turn right after its decision, or the
        // shipper later): a retried turn answers with it.
        Migration(version: 4, name: "turn_audit_sequence", sql: """
            ALTER TABLE planner.audit_outbox ADD COLUMN turn_id text;
            ALTER TABLE planner.turns ADD COLUMN audit_sequence bigint NOT NULL DEFAULT 0;
            """),
        // When each record was written: the shipper leaves the records a turn (or a policy change) is still
        // appending itself, which it appended again before (each such repeat failed a batch of baton-audit's group
        // commit on its unique key, and every append of that batch waited for the retry).
        Migration(version: 5, name: "audit_outbox_written_at", sql: """
            ALTER TABLE planner.audit_outbox ADD COLUMN written_at timestamptz NOT NULL DEFAULT now();
            """),
    ]
}
