public import Wire

/// The demo connector's business rules: which actions run and with what
/// effect, as a pure function of the request and the order it names.
///
/// - refund: the approved amount when a person approved one, else the
///   requested amount; in the order's currency; at most the order's total
///   minus its earlier refunds; a disputed payment makes the provider decline
///   it (FAILED).
/// - cancel_order: only a placed (unshipped) order; refunds what is left.
/// - replacement: only a delivered order, a SKU on it, at most the units ordered.
/// - account_credit: in the customer's currency; the approved amount wins.
/// - custom: not supported by the demo (REJECTED).
public enum ActionRules {
    /// The order an action acts on, which the caller loads (NOT_FOUND when
    /// the customer has no such order) before ``decide(_:approvedAmount:order:customerCurrency:)``.
    public static func orderID(of action: CommonV1.RequestedAction) -> String? {
        switch action.kind {
        case .refund(let refund): refund.orderID
        case .cancelOrder(let cancel): cancel.orderID
        case .replacement(let replacement): replacement.orderID
        case .accountCredit, .custom, nil: nil
        }
    }

    /// The verdict on a validated action. `order` is the snapshot of
    /// ``orderID(of:)``'s order (nil for actions without one).
    public static func decide(_ action: CommonV1.RequestedAction, approvedAmount: CommonV1.Money?, order: OrderSnapshot?,
                              customerCurrency: String) -> ActionVerdict {
        switch action.kind {
        case .refund(let refund):
            guard let order, let requested = refund.amount else { return .rejected("the refund names no order") }
            return self.refund(approvedAmount ?? requested, order: order)
        case .cancelOrder:
            guard let order else { return .rejected("the cancellation names no order") }
            guard order.status == .placed else {
                return .rejected("order \(order.orderID) is \(order.status); only a placed order that has not shipped can be cancelled")
            }
            return .cancel(orderID: order.orderID, currency: order.currency, refundMinor: order.refundableMinor)
        case .replacement(let replacement):
            guard let order else { return .rejected("the replacement names no order") }
            guard order.status == .delivered else {
                return .rejected("order \(order.orderID) is \(order.status); only a delivered order's items are replaced")
            }
            guard let ordered = order.quantities[replacement.sku] else {
                return .rejected("order \(order.orderID) has no item \(replacement.sku)")
            }
            guard replacement.quantity <= ordered else {
                return .rejected("\(replacement.quantity) units of \(replacement.sku) asked; the order has \(ordered)")
            }
            return .replace(orderID: order.orderID, sku: replacement.sku, quantity: replacement.quantity)
        case .accountCredit(let credit):
            guard let amount = approvedAmount ?? credit.amount else { return .rejected("the credit has no amount") }
            guard amount.currencyCode == customerCurrency else {
                return .rejected("the credit is in \(amount.currencyCode); the customer's account is in \(customerCurrency)")
            }
            return .credit(currency: amount.currencyCode, amountMinor: amount.amountMinor)
        case .custom(let custom):
            return .rejected("the demo connector does not support the custom action \(custom.name); "
                             + "it supports refund, cancel_order, replacement and account_credit")
        case nil:
            return .rejected("no action")
        }
    }

    /// A refund of `amount` on `order`: at most what remains refundable.
    public static func refund(_ amount: CommonV1.Money, order: OrderSnapshot) -> ActionVerdict {
        guard amount.currencyCode == order.currency else {
            return .rejected("the refund is in \(amount.currencyCode); order \(order.orderID) was paid in \(order.currency)")
        }
        guard amount.amountMinor <= order.refundableMinor else {
            return .rejected("a refund of \(amount.amountMinor) \(order.currency) minor units exceeds the "
                             + "\(order.refundableMinor) still refundable on order \(order.orderID) "
                             + "(total \(order.totalMinor), refunded \(order.refundedMinor))")
        }
        guard !order.paymentDisputed else {
            return .failed("the payment provider declined the refund: the payment of order \(order.orderID) is disputed")
        }
        return .refund(orderID: order.orderID, currency: order.currency, amountMinor: amount.amountMinor,
                       remainingMinor: order.refundableMinor - amount.amountMinor)
    }
}
