// GatewayCore: the decisions of baton-gateway as values and pure functions:
// who may call which method (roles and scopes), what a request claims (its
// tenant, its agent, its principals, read from the message bytes), credentials
// (API keys and JWTs), rate limits. baton-gateway's Main only runs them.
