/// What a request says about whom it acts for, read from its bytes: every
/// value of the fields the gateway checks, with the field path it came from
/// (for the error message).
public struct RequestClaims: Sendable, Hashable {
    /// One value found in the request.
    public struct Value: Sendable, Hashable {
        /// The field path, such as `conversation.tenant_id`.
        public var path: String
        /// The value: the string, or an enum's number in decimal.
        public var value: String

        /// Creates a value.
        public init(path: String, value: String) {
            self.path = path
            self.value = value
        }
    }

    /// What a field is to the gateway.
    public enum Target: String, Sendable, Hashable, CaseIterable {
        /// A string field named `tenant_id`: must be the credential's tenant.
        case tenant
        /// A string field named `agent_id`: an agent may name only itself.
        case agent
        /// A `baton.common.v1.PrincipalKind` enum field: must be the caller's kind.
        case principalKind
        /// `principal_id` inside a `baton.common.v1.Principal`: must be the caller.
        case principalID
        /// A string field named `escalation_id`: an agent may reach only escalations assigned to it.
        case escalation
        /// A string field named `package_id`: an agent may reach only packages of escalations assigned to it.
        case package
    }

    /// Values by target, in the order they appear.
    public var values: [Target: [Value]] = [:]

    /// Creates empty claims.
    public init() {}

    /// The values found for `target`.
    public subscript(_ target: Target) -> [Value] { values[target] ?? [] }

    mutating func append(_ value: Value, for target: Target) {
        values[target, default: []].append(value)
    }
}
