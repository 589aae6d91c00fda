import Store

/// The `audit` schema, in order. One log per tenant: its entries (the
/// leaves), the tree's stored hashes in Go's tlog numbering (each row
/// written once, never updated), every signed checkpoint, and the head.
enum AuditMigrations {
    static let all = [
        Migration(version: 1, name: "logs_entries_hashes_checkpoints_keys", sql: """
            -- The head of each tenant's log. Appends lock this row, so one batch at a time grows a tree.
            CREATE TABLE audit.logs (
                tenant_id text PRIMARY KEY CHECK (length(tenant_id) BETWEEN 1 AND 128),
                tree_size bigint NOT NULL CHECK (tree_size >= 0),
                root_hash bytea NOT NULL CHECK (length(root_hash) = 32),
                update_time timestamptz NOT NULL DEFAULT now()
            );

            -- The leaves: the canonical bytes of each AuditEntry, and what queries filter on
            -- (pseudonyms only; the free text is sealed inside the entry).
            CREATE TABLE audit.entries (
                tenant_id text NOT NULL,
                idx bigint NOT NULL CHECK (idx >= 0),
                entry bytea NOT NULL,
                leaf_hash bytea NOT NULL CHECK (length(leaf_hash) = 32),
                idempotency_key text NOT NULL,
                kind smallint NOT NULL,
                principal text NOT NULL,
                subjects text[] NOT NULL,
                category text NOT NULL DEFAULT '',
                decide_time timestamptz NOT NULL,
                record_time timestamptz NOT NULL,
                PRIMARY KEY (tenant_id, idx)
            );
            CREATE UNIQUE INDEX entries_by_idempotency_key ON audit.entries (tenant_id, idempotency_key);
            CREATE INDEX entries_by_decide_time ON audit.entries (tenant_id, decide_time);

            -- The tree: hash number n of a tenant as tlog numbers them (StoredHashes).
            CREATE TABLE audit.hashes (
                tenant_id text NOT NULL,
                hash_index bigint NOT NULL CHECK (hash_index >= 0),
                hash bytea NOT NULL CHECK (length(hash) = 32),
                PRIMARY KEY (tenant_id, hash_index)
            );

            -- Every checkpoint signed, as the signed note published.
            CREATE TABLE audit.checkpoints (
                tenant_id text NOT NULL,
                tree_size bigint NOT NULL CHECK (tree_size >= 0),
                root_hash bytea NOT NULL CHECK (length(root_hash) = 32),
                note text NOT NULL,
                create_time timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (tenant_id, tree_size)
            );

            -- Keys that seal records' free text: one per customer pseudonym ('' for records about no
            -- customer), wrapped with the service's key-encryption key (never stored in the clear).
            -- Erasing a customer deletes their row: their text can no longer be opened.
            CREATE TABLE audit.sealing_keys (
                tenant_id text NOT NULL,
                owner text NOT NULL,
                version integer NOT NULL,
                nonce bytea NOT NULL,
                wrapped_key bytea NOT NULL,
                create_time timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (tenant_id, owner, version)
            );
            """),
        Migration(version: 2, name: "entries_by_subject_and_principal", sql: """
            -- Query filters on a subject ("<kind>:<pseudonym>" in the subjects array) and on the principal;
            -- erasure counts a customer's entries by subject.
            CREATE INDEX entries_by_subject ON audit.entries USING gin (subjects);
            CREATE INDEX entries_by_principal ON audit.entries (tenant_id, principal, idx);
            """),
        Migration(version: 3, name: "move_head", sql: """
            -- Moves a log's head, and fails unless it is still the head the caller built on: appends
            -- built on a predicted head (several batches in flight) then never commit on another one.
            -- The row is locked first, whatever it holds: a batch built on one still committing waits
            -- for it here and then reads the head it left (an UPDATE ... WHERE tree_size = from_size
            -- would skip the row, still at the older size in its snapshot, without waiting).
            CREATE FUNCTION audit.move_head(tenant text, from_size bigint, from_root bytea, to_size bigint, to_root bytea)
            RETURNS void LANGUAGE plpgsql AS $$
            DECLARE
                size bigint;
                root bytea;
            BEGIN
                SELECT tree_size, root_hash INTO size, root FROM audit.logs WHERE tenant_id = tenant FOR UPDATE;
                IF size IS DISTINCT FROM from_size OR root IS DISTINCT FROM from_root THEN
                    RAISE EXCEPTION 'the head of log % is at size %, not at size %', tenant, size, from_size
                        USING ERRCODE = 'serialization_failure';
                END IF;
                UPDATE audit.logs SET tree_size = to_size, root_hash = to_root, update_time = now() WHERE tenant_id = tenant;
            END
            $$;
            """),
        Migration(version: 4, name: "retention_and_monthly_sealing_keys", sql: """
            -- Each tenant's retention: how long after the end of a month (of record_time, UTC) the details of
            -- its entries stay readable. No row: until an erasure.
            CREATE TABLE audit.retention (
                tenant_id text PRIMARY KEY,
                retention interval NOT NULL CHECK (retention > interval '0'),
                update_time timestamptz NOT NULL DEFAULT now()
            );

            -- A sealing key now covers one owner and one month (period: the month's first day), so that
            -- retention deletes whole months of keys; its wrapping binds the period too. A key stored before
            -- may have sealed its owner's entries of any month so far: it keeps its old wrapping and takes the
            -- month of its owner's newest entry (or its own creation, without entries) as its period, so it
            -- opens them until that month is past the retention.
            ALTER TABLE audit.sealing_keys ADD COLUMN period date,
                ADD COLUMN wrapping smallint NOT NULL DEFAULT \(SealingKeyWrapping.tenantAndOwner.rawValue);
            UPDATE audit.sealing_keys k SET period = date_trunc('month', coalesce(
                (SELECT max(e.record_time) FROM audit.entries e
                 WHERE e.tenant_id = k.tenant_id AND CASE WHEN k.owner = '' THEN NOT EXISTS (SELECT 1 FROM unnest(e.subjects) s
                                                                                            WHERE s LIKE 'customer:%')
                                                          ELSE e.subjects @> ARRAY['customer:' || k.owner] END),
                k.create_time) AT TIME ZONE 'UTC')::date;
            ALTER TABLE audit.sealing_keys ALTER COLUMN period SET NOT NULL, ALTER COLUMN wrapping DROP DEFAULT,
                ADD CHECK (extract(day FROM period) = 1);
            ALTER TABLE audit.sealing_keys DROP CONSTRAINT sealing_keys_pkey, ADD PRIMARY KEY (tenant_id, owner, period, version);
            -- Retention deletes a tenant's months before a given one.
            CREATE INDEX sealing_keys_by_period ON audit.sealing_keys (tenant_id, period);
            """),
        Migration(version: 5, name: "erasures_by_subject", sql: """
            -- A customer's new sealing key takes its version from the customer's erasures, and an erasure
            -- counts the entries since the last one. Through entries_by_subject both read every entry about
            -- the customer and then dropped all but the erasures: a new key cost 1.6 ms under load
            -- (audit_bench) and grew with the customer's history. Erasures are rare; this index holds only them.
            CREATE INDEX entries_erasures_by_subject ON audit.entries USING gin (subjects)
                WHERE kind = \(AuditErasure.kind.rawValue);
            """),
    ]
}
