/// What the action rules need to know about an order, read in the same
/// transaction that then executes the action.
public struct OrderSnapshot: Hashable, Sendable {
    /// An order's state as stored; the raw values are the `status` column's
    /// and `baton.connector.v1.OrderStatus`'s numbers.
    public enum Status: Int32, Hashable, Sendable, CaseIterable {
        /// Paid, not shipped.
        case placed = 1
        /// With the carrier.
        case shipped = 2
        /// Delivered.
        case delivered = 3
        /// Cancelled before shipping.
        case cancelled = 4
        /// Sent back.
        case returned = 5
    }

    /// The order's id.
    public var orderID: String
    /// Its state.
    public var status: Status
    /// Its currency (ISO 4217).
    public var currency: String
    /// What was paid, in minor units.
    public var totalMinor: Int64
    /// Refunded so far, in minor units.
    public var refundedMinor: Int64
    /// True when the customer disputed the payment with their bank: the
    /// payment provider then declines refunds.
    public var paymentDisputed: Bool
    /// Units ordered, by SKU.
    public var quantities: [String: UInt32]

    /// A snapshot.
    public init(orderID: String, status: Status, currency: String, totalMinor: Int64, refundedMinor: Int64,
                paymentDisputed: Bool, quantities: [String: UInt32]) {
        self.orderID = orderID
        self.status = status
        self.currency = currency
        self.totalMinor = totalMinor
        self.refundedMinor = refundedMinor
        self.paymentDisputed = paymentDisputed
        self.quantities = quantities
    }

    /// What may still be refunded: the total minus earlier refunds.
    public var refundableMinor: Int64 { max(0, totalMinor - refundedMinor) }
}
