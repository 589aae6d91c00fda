import ConnectorDemoCore
import Testing
import Wire

/// The demo connector's refund, cancellation, replacement and credit rules.
@Suite("Action rules")
struct ActionRulesTests {
    static let order = OrderSnapshot(orderID: "o-1", status: .delivered, currency: "EUR", totalMinor: 10_000, refundedMinor: 2_500,
                                     paymentDisputed: false, quantities: ["SKU-A": 2])

    static func money(_ minor: Int64, _ currency: String = "EUR") -> CommonV1.Money {
        .with { $0.currencyCode = currency; $0.amountMinor = minor }
    }

    static func refund(_ minor: Int64, _ currency: String = "EUR") -> CommonV1.RequestedAction {
        .with { $0.actionID = "a"; $0.kind = .refund(.with { $0.orderID = "o-1"; $0.amount = money(minor, currency) }) }
    }

    @Test func aRefundMayTakeTheTotalMinusEarlierRefundsAndNoMore() {
        #expect(ActionRules.decide(Self.refund(7_500), approvedAmount: nil, order: Self.order, customerCurrency: "EUR")
                == .refund(orderID: "o-1", currency: "EUR", amountMinor: 7_500, remainingMinor: 0))
        guard case .rejected(let reason) = ActionRules.decide(Self.refund(7_501), approvedAmount: nil, order: Self.order,
                                                              customerCurrency: "EUR") else {
            Issue.record("a refund above the remaining 7500 ran")
            return
        }
        #expect(reason.contains("exceeds the 7500 still refundable on order o-1"))
    }

    @Test func anApprovedAmountReplacesTheRequestedOne() {
        #expect(ActionRules.decide(Self.refund(9_000), approvedAmount: Self.money(4_000), order: Self.order, customerCurrency: "EUR")
                == .refund(orderID: "o-1", currency: "EUR", amountMinor: 4_000, remainingMinor: 3_500))
    }

    @Test func aRefundInAnotherCurrencyOrOnADisputedPaymentDoesNotRun() {
        #expect(ActionRules.decide(Self.refund(100, "USD"), approvedAmount: nil, order: Self.order, customerCurrency: "EUR")
                == .rejected("the refund is in USD; order o-1 was paid in EUR"))
        var disputed = Self.order
        disputed.paymentDisputed = true
        #expect(ActionRules.decide(Self.refund(100), approvedAmount: nil, order: disputed, customerCurrency: "EUR")
                == .failed("the payment provider declined the refund: the payment of order o-1 is disputed"))
    }

    @Test func onlyAPlacedOrderIsCancelledAndItsRemainderRefunded() {
        let cancel = CommonV1.RequestedAction.with { $0.kind = .cancelOrder(.with { $0.orderID = "o-1" }) }
        var placed = Self.order
        placed.status = .placed
        #expect(ActionRules.decide(cancel, approvedAmount: nil, order: placed, customerCurrency: "EUR")
                == .cancel(orderID: "o-1", currency: "EUR", refundMinor: 7_500))
        guard case .rejected = ActionRules.decide(cancel, approvedAmount: nil, order: Self.order, customerCurrency: "EUR") else {
            Issue.record("a delivered order was cancelled")
            return
        }
    }

    @Test func aReplacementNeedsTheSkuOnTheDeliveredOrderAndAtMostItsUnits() {
        func replace(_ sku: String, _ quantity: UInt32) -> ActionVerdict {
            ActionRules.decide(.with { $0.kind = .replacement(.with { $0.orderID = "o-1"; $0.sku = sku; $0.quantity = quantity }) },
                               approvedAmount: nil, order: Self.order, customerCurrency: "EUR")
        }
        #expect(replace("SKU-A", 2) == .replace(orderID: "o-1", sku: "SKU-A", quantity: 2))
        #expect(replace("SKU-A", 3) == .rejected("3 units of SKU-A asked; the order has 2"))
        #expect(replace("SKU-B", 1) == .rejected("order o-1 has no item SKU-B"))
    }

    @Test func outputsSayWhatWasDone() {
        #expect(ActionVerdict.refund(orderID: "o-1", currency: "EUR", amountMinor: 700, remainingMinor: 300).outputs
                == ["order_id": "o-1", "currency_code": "EUR", "refunded_minor": "700", "remaining_refundable_minor": "300"])
        #expect(ActionVerdict.rejected("no").outputs.isEmpty)
    }
}
