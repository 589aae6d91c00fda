public import API
public import RPC
public import Wire

extension ServiceContext {
    /// baton-audit's client when `BATON_AUDIT_ADDR` is set, else nil: a
    /// service then writes its decisions' records to its outbox and ships
    /// them with ``scheduleAuditShipping(client:pending:shipped:)``.
    public func auditClient(configuration channelConfiguration: RPCChannel.Configuration = .init()) throws -> AuditV1.AuditClient? {
        configuration.peers["audit"] == nil ? nil
            : AuditV1.AuditClient(channel: try channel(to: "audit", configuration: channelConfiguration))
    }

    /// Ships the outbox's pending records to baton-audit through `client`
    /// every second (``AuditShipper``) until shutdown.
    public func scheduleAuditShipping(client: AuditV1.AuditClient,
                                      pending: @escaping @Sendable (Int) async throws -> [AuditShipper.Pending],
                                      shipped: @escaping @Sendable ([AuditShipper.Shipped]) async throws -> Void) {
        let shipper = AuditShipper(client: client, logger: logger, pending: pending, shipped: shipped)
        schedule("audit-shipping", every: .seconds(1)) { try await shipper.shipPending() }
    }
}
