import Store

/// The `gateway` schema, in order.
enum GatewayMigrations {
    static let all = [
        Migration(version: 1, name: "api_keys", sql: """
            -- API keys: the prefix is the public id, the secret is kept only as its SHA-256
            -- (GatewayCore.APIKeyToken). Keys are never deleted: a revoked key keeps its row
            -- so that it is refused as revoked and listed with its history. A rotation's old
            -- key gets a revoke time at the end of the overlap; rotated_from links the new one.
            CREATE TABLE gateway.api_keys (
                prefix text PRIMARY KEY CHECK (prefix ~ '^[a-z2-7]{12}$'),
                tenant_id text NOT NULL CHECK (length(tenant_id) BETWEEN 1 AND 128),
                role text NOT NULL CHECK (role IN ('bot', 'agent', 'supervisor', 'admin', 'auditor')),
                subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 256),
                name text NOT NULL DEFAULT '' CHECK (length(name) <= 200),
                secret_sha256 bytea NOT NULL CHECK (length(secret_sha256) = 32),
                create_time timestamptz NOT NULL DEFAULT now(),
                expire_time timestamptz,
                revoke_time timestamptz,
                last_used_time timestamptz,
                rotated_from text REFERENCES gateway.api_keys (prefix)
            );
            CREATE INDEX api_keys_by_tenant ON gateway.api_keys (tenant_id, create_time DESC);
            """),
    ]
}
