public import Wire

extension Role {
    /// The role a `baton.gateway.v1.Role` names; nil for unspecified or unknown numbers.
    public init?(wire: GatewayV1.Role) {
        switch wire {
        case .bot: self = .bot
        case .agent: self = .agent
        case .supervisor: self = .supervisor
        case .admin: self = .admin
        case .auditor: self = .auditor
        case .unspecified, .unrecognized: return nil
        }
    }

    /// The role on the wire.
    public var wire: GatewayV1.Role {
        switch self {
        case .bot: .bot
        case .agent: .agent
        case .supervisor: .supervisor
        case .admin: .admin
        case .auditor: .auditor
        }
    }
}
