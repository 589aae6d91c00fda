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
    ]
}
