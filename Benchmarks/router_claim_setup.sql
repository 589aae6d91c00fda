-- The pgbench peer of the router benchmark: a table shaped like
-- router.escalations (same key, partial "queued" index on queue and priority)
-- filled with :rows queued rows over 4 queues. router_claim.sql claims them.
-- Usage: psql URL -v rows=200000 -f router_claim_setup.sql
DROP TABLE IF EXISTS bench_escalations;
CREATE TABLE bench_escalations (
    tenant_id text NOT NULL,
    escalation_id text NOT NULL,
    queue_id text NOT NULL,
    state smallint NOT NULL CHECK (state BETWEEN 1 AND 7),
    priority_key bigint NOT NULL,
    channel smallint NOT NULL,
    agent_id text,
    offer_count integer NOT NULL DEFAULT 0,
    update_time timestamptz NOT NULL DEFAULT now(),
    escalation bytea NOT NULL,
    PRIMARY KEY (tenant_id, escalation_id)
);
INSERT INTO bench_escalations (tenant_id, escalation_id, queue_id, state, priority_key, channel, escalation)
SELECT 'bench', 'esc-' || i, 'q' || (1 + i % 4), 1, (random() * 1e12)::bigint, 1, decode(repeat('ab', 120), 'hex')
FROM generate_series(1, :rows) AS i;
CREATE INDEX bench_escalations_queued ON bench_escalations (tenant_id, queue_id, priority_key DESC) WHERE state = 1;
VACUUM ANALYZE bench_escalations;
