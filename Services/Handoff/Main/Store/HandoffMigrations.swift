import Store

/// The `handoff` schema, in order.
enum HandoffMigrations {
    static let all = [
        Migration(version: 1, name: "packages_feedback_templates_articles", sql: """
            -- One row per revision of a package. A build's inputs have a fingerprint
            -- (HandoffCore.PackageFingerprint, stored as its SHA-256): the same inputs
            -- never make a second revision, whoever builds them and however often.
            CREATE TABLE handoff.packages (
                package_id uuid PRIMARY KEY,
                tenant_id text NOT NULL CHECK (length(tenant_id) BETWEEN 1 AND 128),
                escalation_id text NOT NULL CHECK (length(escalation_id) BETWEEN 1 AND 256),
                conversation_id text NOT NULL CHECK (length(conversation_id) BETWEEN 1 AND 256),
                revision integer NOT NULL CHECK (revision > 0),
                fingerprint bytea NOT NULL,
                customer_id text NOT NULL DEFAULT '',
                trigger_name text NOT NULL,
                issue_type text NOT NULL,
                summary text NOT NULL,
                package bytea NOT NULL,
                created_at timestamptz NOT NULL DEFAULT now(),
                UNIQUE (tenant_id, escalation_id, revision),
                UNIQUE (tenant_id, escalation_id, fingerprint)
            );
            CREATE INDEX packages_by_customer ON handoff.packages (tenant_id, customer_id, created_at DESC)
                WHERE customer_id <> '';
            CREATE TABLE handoff.feedback (
                feedback_id uuid PRIMARY KEY,
                tenant_id text NOT NULL,
                package_id uuid NOT NULL REFERENCES handoff.packages (package_id),
                trigger_name text NOT NULL,
                agent_id text NOT NULL CHECK (length(agent_id) BETWEEN 1 AND 256),
                rating smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
                missing text[] NOT NULL DEFAULT '{}',
                wrong text[] NOT NULL DEFAULT '{}',
                customer_repeated boolean NOT NULL,
                unnecessary boolean NOT NULL,
                comment text NOT NULL DEFAULT '',
                created_at timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX feedback_by_tenant ON handoff.feedback (tenant_id, trigger_name);
            CREATE TABLE handoff.templates (
                tenant_id text NOT NULL CHECK (length(tenant_id) BETWEEN 1 AND 128),
                kind text NOT NULL,
                locale text NOT NULL,
                template text NOT NULL,
                updated_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (tenant_id, kind, locale)
            );
            -- Articles: the text-search configuration is stored per row (english,
            -- spanish, french, german or simple) and the document is generated from
            -- it, the title weighted A above the body's B.
            CREATE TABLE handoff.articles (
                tenant_id text NOT NULL CHECK (length(tenant_id) BETWEEN 1 AND 128),
                article_id text NOT NULL CHECK (length(article_id) BETWEEN 1 AND 128),
                language text NOT NULL,
                config regconfig NOT NULL,
                title text NOT NULL,
                body text NOT NULL,
                url text NOT NULL DEFAULT '',
                tags text[] NOT NULL DEFAULT '{}',
                document tsvector GENERATED ALWAYS AS
                    (setweight(to_tsvector(config, title), 'A') || setweight(to_tsvector(config, body), 'B')) STORED,
                updated_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (tenant_id, language, article_id)
            );
            CREATE INDEX articles_document ON handoff.articles USING gin (document);
            CREATE TABLE handoff.synonyms (
                tenant_id text NOT NULL,
                language text NOT NULL,
                groups jsonb NOT NULL,
                PRIMARY KEY (tenant_id, language)
            );
            """),
        Migration(version: 2, name: "lexeme_stats", sql: """
            -- Document frequency of every lexeme of a tenant's articles per configuration,
            -- recomputed by each import: plain searches look for their rarest words only
            -- (HandoffCore.TermSelector).
            CREATE TABLE handoff.lexeme_stats (
                tenant_id text NOT NULL,
                config regconfig NOT NULL,
                lexeme text NOT NULL,
                documents integer NOT NULL CHECK (documents > 0),
                PRIMARY KEY (tenant_id, config, lexeme)
            );
            CREATE TABLE handoff.article_counts (
                tenant_id text NOT NULL,
                config regconfig NOT NULL,
                documents integer NOT NULL CHECK (documents > 0),
                PRIMARY KEY (tenant_id, config)
            );
            """),
        Migration(version: 3, name: "audit_outbox", sql: """
            -- Audit records (packages built, agents' feedback) waiting for baton-audit, written in the
            -- transaction of the row they record; AuditShipper appends them and deletes them.
            CREATE TABLE handoff.audit_outbox (
                id bigserial PRIMARY KEY,
                idempotency_key text NOT NULL,
                record bytea NOT NULL
            );
            """),
    ]
}
