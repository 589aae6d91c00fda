import Store

/// The `connector_demo` schema, in order: a stand-in for a tenant's CRM,
/// orders, payments and ticketing, and the record of executed actions.
enum ConnectorDemoMigrations {
    private typealias O = StoredOrderState
    private typealias P = StoredPaymentState
    private typealias T = StoredTicketState
    private typealias E = StoredExecutionState

    static let all = [
        Migration(version: 1, name: "customers_orders_payments_tickets_executions", sql: """
            CREATE TABLE connector_demo.customers (
                tenant_id text NOT NULL CHECK (length(tenant_id) BETWEEN 1 AND 128),
                customer_id text NOT NULL CHECK (length(customer_id) BETWEEN 1 AND 128),
                display_name text NOT NULL,
                tier integer NOT NULL,
                language text NOT NULL,
                currency text NOT NULL CHECK (length(currency) = 3),
                customer_since timestamptz NOT NULL,
                segment text NOT NULL DEFAULT '',
                PRIMARY KEY (tenant_id, customer_id)
            );
            CREATE TABLE connector_demo.orders (
                tenant_id text NOT NULL,
                order_id text NOT NULL CHECK (length(order_id) BETWEEN 1 AND 128),
                customer_id text NOT NULL,
                status integer NOT NULL CHECK (status BETWEEN \(O.placed.rawValue) AND \(O.returned.rawValue)),
                currency text NOT NULL CHECK (length(currency) = 3),
                total_minor bigint NOT NULL CHECK (total_minor >= 0),
                ordered_at timestamptz NOT NULL,
                delivered_at timestamptz,
                warranty_end_at timestamptz,
                PRIMARY KEY (tenant_id, order_id),
                FOREIGN KEY (tenant_id, customer_id) REFERENCES connector_demo.customers,
                CHECK ((status = \(O.delivered.rawValue)) <= (delivered_at IS NOT NULL))
            );
            CREATE INDEX orders_by_customer ON connector_demo.orders (tenant_id, customer_id, ordered_at DESC);
            CREATE TABLE connector_demo.order_items (
                tenant_id text NOT NULL,
                order_id text NOT NULL,
                line integer NOT NULL CHECK (line > 0),
                sku text NOT NULL,
                name text NOT NULL,
                quantity integer NOT NULL CHECK (quantity > 0),
                unit_price_minor bigint NOT NULL CHECK (unit_price_minor >= 0),
                reported_issue text NOT NULL DEFAULT '',
                PRIMARY KEY (tenant_id, order_id, line),
                FOREIGN KEY (tenant_id, order_id) REFERENCES connector_demo.orders
            );
            -- One payment per order in the demo; refunds go back to it.
            CREATE TABLE connector_demo.payments (
                tenant_id text NOT NULL,
                payment_id text NOT NULL,
                order_id text NOT NULL,
                method text NOT NULL,
                amount_minor bigint NOT NULL CHECK (amount_minor >= 0),
                state integer NOT NULL CHECK (state BETWEEN \(P.captured.rawValue) AND \(P.disputed.rawValue)),
                PRIMARY KEY (tenant_id, payment_id),
                UNIQUE (tenant_id, order_id),
                FOREIGN KEY (tenant_id, order_id) REFERENCES connector_demo.orders
            );
            CREATE TABLE connector_demo.refunds (
                tenant_id text NOT NULL,
                refund_id text NOT NULL,
                payment_id text NOT NULL,
                order_id text NOT NULL,
                amount_minor bigint NOT NULL CHECK (amount_minor > 0),
                reason text NOT NULL DEFAULT '',
                idempotency_key text,
                created_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (tenant_id, refund_id),
                FOREIGN KEY (tenant_id, payment_id) REFERENCES connector_demo.payments
            );
            CREATE INDEX refunds_by_order ON connector_demo.refunds (tenant_id, order_id);
            CREATE TABLE connector_demo.replacements (
                tenant_id text NOT NULL,
                replacement_id text NOT NULL,
                order_id text NOT NULL,
                sku text NOT NULL,
                quantity integer NOT NULL CHECK (quantity > 0),
                idempotency_key text NOT NULL,
                created_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (tenant_id, replacement_id),
                FOREIGN KEY (tenant_id, order_id) REFERENCES connector_demo.orders
            );
            CREATE TABLE connector_demo.credits (
                tenant_id text NOT NULL,
                credit_id text NOT NULL,
                customer_id text NOT NULL,
                currency text NOT NULL,
                amount_minor bigint NOT NULL CHECK (amount_minor > 0),
                reason text NOT NULL DEFAULT '',
                idempotency_key text NOT NULL,
                created_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (tenant_id, credit_id),
                FOREIGN KEY (tenant_id, customer_id) REFERENCES connector_demo.customers
            );
            -- Channels are baton.common.v1.Channel numbers.
            CREATE TABLE connector_demo.tickets (
                tenant_id text NOT NULL,
                ticket_id text NOT NULL,
                customer_id text NOT NULL,
                subject text NOT NULL,
                state integer NOT NULL CHECK (state BETWEEN \(T.open.rawValue) AND \(T.closed.rawValue)),
                channel integer NOT NULL,
                created_at timestamptz NOT NULL,
                PRIMARY KEY (tenant_id, ticket_id),
                FOREIGN KEY (tenant_id, customer_id) REFERENCES connector_demo.customers
            );
            CREATE INDEX tickets_by_customer ON connector_demo.tickets (tenant_id, customer_id, created_at DESC);
            -- One row per (tenant, idempotency key), claimed by the first ExecuteAction
            -- in the transaction that executes the action and committed with its
            -- result: a concurrent call with the key waits on the primary key and
            -- then replays. `fingerprint` is ConnectorDemoCore.RequestFingerprint's
            -- text; `response` the ExecuteActionResponse message as first answered.
            CREATE TABLE connector_demo.action_executions (
                tenant_id text NOT NULL CHECK (length(tenant_id) BETWEEN 1 AND 128),
                idempotency_key text NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 1024),
                fingerprint text NOT NULL,
                state integer NOT NULL CHECK (state BETWEEN \(E.executing.rawValue) AND \(E.rejected.rawValue)),
                customer_id text NOT NULL,
                response bytea,
                executed_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (tenant_id, idempotency_key)
            );
            """),
    ]
}
