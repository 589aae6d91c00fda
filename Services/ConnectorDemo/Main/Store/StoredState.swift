import ConnectorDemoCore

/// How a payment stands at the provider, as stored in `connector_demo.payments.state`.
enum StoredPaymentState: Int32 {
    /// Captured; refunds go through.
    case captured = 1
    /// The customer disputed it with their bank; the provider declines refunds.
    case disputed = 2
}

/// A ticket's state as stored in `connector_demo.tickets.state`.
enum StoredTicketState: Int32 {
    /// Waiting for the tenant's support.
    case open = 1
    /// Resolved.
    case closed = 2
}

/// An action execution's state as stored in `connector_demo.action_executions.state`:
/// `ExecuteActionResponse.State`'s numbers, plus `executing`, which only the
/// transaction that claimed the key ever sees (it commits the final state).
enum StoredExecutionState: Int32 {
    case executing = 0
    case succeeded = 1
    case failed = 2
    case rejected = 3
}

/// Order states are ConnectorDemoCore's (`OrderSnapshot.Status`), stored by raw value.
typealias StoredOrderState = OrderSnapshot.Status
