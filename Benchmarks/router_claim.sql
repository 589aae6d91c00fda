-- One claim: the highest-priority queued row of a random queue, skipping rows
-- other clients hold, marked offered to this client's agent. One transaction
-- (one WAL flush with synchronous_commit on). Table: router_claim_setup.sql.
\set q random(1, 4)
UPDATE bench_escalations
SET state = 2, agent_id = 'agent-' || :client_id, offer_count = offer_count + 1, update_time = now()
WHERE (tenant_id, escalation_id) = (
    SELECT tenant_id, escalation_id FROM bench_escalations
    WHERE tenant_id = 'bench' AND queue_id = 'q' || :q AND state = 1
    ORDER BY priority_key DESC
    LIMIT 1
    FOR UPDATE SKIP LOCKED);
