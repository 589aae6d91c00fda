/// What the demo connector does with an action, decided by ``ActionRules``
/// before anything is written.
public enum ActionVerdict: Hashable, Sendable {
    /// Record a refund of `amountMinor` on the order; `remainingMinor` stays refundable after it.
    case refund(orderID: String, currency: String, amountMinor: Int64, remainingMinor: Int64)
    /// Cancel the order and refund what was still refundable.
    case cancel(orderID: String, currency: String, refundMinor: Int64)
    /// Ship `quantity` units of `sku` again for the order.
    case replace(orderID: String, sku: String, quantity: UInt32)
    /// Credit the customer's account.
    case credit(currency: String, amountMinor: Int64)
    /// The payment provider would refuse it: the action is tried and fails (STATE_FAILED).
    case failed(String)
    /// A business rule refuses it; nothing runs (STATE_REJECTED).
    case rejected(String)

    /// The response's `outputs` once the action ran (empty for failures and rejections).
    public var outputs: [String: String] {
        switch self {
        case .refund(let order, let currency, let amount, let remaining):
            ["order_id": order, "currency_code": currency, "refunded_minor": String(amount),
             "remaining_refundable_minor": String(remaining)]
        case .cancel(let order, let currency, let refund):
            ["order_id": order, "currency_code": currency, "refunded_minor": String(refund), "order_status": "cancelled"]
        case .replace(let order, let sku, let quantity):
            ["order_id": order, "sku": sku, "quantity": String(quantity)]
        case .credit(let currency, let amount):
            ["currency_code": currency, "credited_minor": String(amount)]
        case .failed, .rejected:
            [:]
        }
    }
}
