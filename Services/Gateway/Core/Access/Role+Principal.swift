extension Role {
    /// The `baton.common.v1.PrincipalKind` a request made with this role may
    /// name as its caller; nil when no principal field may appear (auditors
    /// only read).
    public var principalKind: Int32? {
        switch self {
        case .bot: 1            // PRINCIPAL_KIND_BOT
        case .agent: 2          // PRINCIPAL_KIND_HUMAN_AGENT
        case .supervisor: 3     // PRINCIPAL_KIND_SUPERVISOR
        case .admin: 4          // PRINCIPAL_KIND_ADMINISTRATOR
        case .auditor: nil
        }
    }
}
