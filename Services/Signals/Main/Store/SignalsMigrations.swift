import Store

/// The `signals` schema, in order.
enum SignalsMigrations {
    static let all = [
        Migration(version: 1, name: "thresholds_and_evaluations", sql: """
            CREATE TABLE signals.tenant_thresholds (
                tenant_id text PRIMARY KEY CHECK (length(tenant_id) BETWEEN 1 AND 128),
                revision bigint NOT NULL CHECK (revision > 0),
                thresholds bytea NOT NULL,
                updated_at timestamptz NOT NULL DEFAULT now()
            );
            CREATE TABLE signals.evaluations (
                evaluation_id uuid PRIMARY KEY,
                tenant_id text NOT NULL REFERENCES signals.tenant_thresholds (tenant_id),
                conversation_id text NOT NULL,
                customer_id text NOT NULL DEFAULT '',
                turn_id text NOT NULL DEFAULT '',
                risk double precision NOT NULL CHECK (risk BETWEEN 0 AND 1),
                recommendation smallint NOT NULL,
                last_compound double precision,
                triggers text[] NOT NULL,
                created_at timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX evaluations_by_customer ON signals.evaluations (tenant_id, customer_id, created_at);
            """),
        Migration(version: 2, name: "intents_events_findings", sql: """
            ALTER TABLE signals.evaluations ADD COLUMN intent text NOT NULL DEFAULT '';
            CREATE INDEX evaluations_by_time ON signals.evaluations (tenant_id, created_at);
            CREATE TABLE signals.events (
                tenant_id text NOT NULL REFERENCES signals.tenant_thresholds (tenant_id),
                event_id text NOT NULL CHECK (length(event_id) BETWEEN 1 AND 256),
                kind smallint NOT NULL CHECK (kind > 0),
                customer_id text NOT NULL DEFAULT '',
                order_id text NOT NULL DEFAULT '',
                conversation_id text NOT NULL DEFAULT '',
                occur_time timestamptz NOT NULL,
                recorded_at timestamptz NOT NULL DEFAULT now(),
                event bytea NOT NULL,
                PRIMARY KEY (tenant_id, event_id)
            );
            CREATE INDEX events_by_order ON signals.events (tenant_id, order_id) WHERE order_id <> '';
            CREATE INDEX events_by_recorded ON signals.events (tenant_id, recorded_at);
            CREATE TABLE signals.findings (
                finding_id uuid PRIMARY KEY,
                tenant_id text NOT NULL REFERENCES signals.tenant_thresholds (tenant_id),
                kind smallint NOT NULL CHECK (kind > 0),
                state smallint NOT NULL CHECK (state > 0),
                customer_id text NOT NULL DEFAULT '',
                dedupe_key text NOT NULL,
                score double precision NOT NULL CHECK (score BETWEEN 0 AND 1),
                finding bytea NOT NULL,
                escalation_id text NOT NULL DEFAULT '',
                detect_time timestamptz NOT NULL DEFAULT now(),
                update_time timestamptz NOT NULL DEFAULT now()
            );
            -- One open (or escalated) finding per customer, order or intent: rescans and replicas cannot repeat it.
            CREATE UNIQUE INDEX findings_one_active ON signals.findings (tenant_id, kind, dedupe_key) WHERE state IN (1, 2);
            CREATE INDEX findings_newest_first ON signals.findings (tenant_id, detect_time DESC, finding_id DESC);
            CREATE TABLE signals.scan_cursors (
                tenant_id text PRIMARY KEY REFERENCES signals.tenant_thresholds (tenant_id),
                scanned_until timestamptz NOT NULL
            );
            """),
        Migration(version: 3, name: "audit_outbox", sql: """
            -- Audit records (threshold changes, findings opened) waiting for baton-audit, written in the
            -- transaction of the change they record; AuditShipper appends them and deletes them.
            CREATE TABLE signals.audit_outbox (
                id bigserial PRIMARY KEY,
                idempotency_key text NOT NULL,
                record bytea NOT NULL
            );
            """),
        Migration(version: 4, name: "conversation_memory", sql: """
            -- What Evaluate remembers of each conversation, so a bot may send only the new messages: every
            -- message seen (known again by message_id, or by role, send time and text), with the bot's
            -- confidence in its reply to a scored customer message. Events seen go to signals.events.
            CREATE TABLE signals.conversation_messages (
                tenant_id text NOT NULL REFERENCES signals.tenant_thresholds (tenant_id),
                conversation_id text NOT NULL,
                position integer NOT NULL CHECK (position >= 0),
                message bytea NOT NULL,
                bot_confidence double precision CHECK (bot_confidence BETWEEN 0 AND 1),
                updated_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (tenant_id, conversation_id, position)
            );
            CREATE INDEX events_by_conversation ON signals.events (tenant_id, conversation_id) WHERE conversation_id <> '';
            """),
        Migration(version: 5, name: "memory_revision", sql: """
            -- The revision of a conversation's memory each evaluation wrote (1, 2, ...): an evaluation reads the
            -- latest and writes the next, so of two concurrent evaluations of one conversation that read the same
            -- memory only one commits (the other reads again), without a lock or a transaction of its own.
            ALTER TABLE signals.evaluations ADD COLUMN memory_revision bigint CHECK (memory_revision > 0);
            CREATE UNIQUE INDEX evaluations_memory_revision ON signals.evaluations (tenant_id, conversation_id, memory_revision);
            """),
        Migration(version: 6, name: "conversation_events_changed", sql: """
            -- A replica that wrote a conversation's last turn scores the next one from what it wrote, without
            -- reading it back; its write then checks that no event came for the conversation meanwhile (RecordEvent
            -- adds events to a conversation without a new memory revision), and calls this when one did: raising
            -- aborts the whole write.
            CREATE FUNCTION signals.conversation_events_changed(conversation text) RETURNS void LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'the events of conversation % changed', conversation USING ERRCODE = 'BA001';
            END
            $$;
            """),
        Migration(version: 7, name: "conversation_memory_changed", sql: """
            -- The same check now also fails when the conversation's latest revision is not the one the replica
            -- wrote: a turn's write does not wait for the WAL flush, so a Postgres crash can lose an answered turn
            -- that nothing durable followed. The name stays (replicas of the previous release call it); the
            -- message says what changed.
            CREATE OR REPLACE FUNCTION signals.conversation_events_changed(conversation text) RETURNS void LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'the memory of conversation % changed since this replica wrote it', conversation
                    USING ERRCODE = 'BA001';
            END
            $$;
            """),
    ]
}
