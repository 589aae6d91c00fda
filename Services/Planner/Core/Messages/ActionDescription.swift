public import Wire

/// A requested action as the customer reads it ("a refund of 49.99 EUR for
/// order A-1001") and as the policy sees it.
public struct ActionDescription: Sendable, Equatable {
    /// The action's kind as the policy sees it: "refund", "cancel_order",
    /// "replacement", "account_credit", or the custom action's name.
    public var kind: String
    /// Money at stake in minor units, 0 when none.
    public var amountMinor: Int64
    /// ISO 4217 currency of `amountMinor`, empty when none.
    public var currency: String
    /// Order concerned, empty when none.
    public var orderID: String
    /// True when the action cannot be undone: cancelling an order, or a
    /// custom action that says so. Refunds, replacements and credits can be
    /// reversed by the business.
    public var irreversible: Bool

    /// The description of `action`.
    public init(_ action: CommonV1.RequestedAction) {
        kind = ""; amountMinor = 0; currency = ""; orderID = ""; irreversible = false
        switch action.kind {
        case .refund(let refund):
            kind = "refund"; orderID = refund.orderID
            amountMinor = refund.amount?.amountMinor ?? 0; currency = refund.amount?.currencyCode ?? ""
        case .cancelOrder(let cancel):
            kind = "cancel_order"; orderID = cancel.orderID; irreversible = true
        case .replacement(let replacement):
            kind = "replacement"; orderID = replacement.orderID
        case .accountCredit(let credit):
            kind = "account_credit"; amountMinor = credit.amount?.amountMinor ?? 0; currency = credit.amount?.currencyCode ?? ""
        case .custom(let custom):
            kind = custom.name; amountMinor = custom.amount?.amountMinor ?? 0; currency = custom.amount?.currencyCode ?? ""
            irreversible = custom.irreversible
        case nil:
            break
        }
    }

    /// The amount as text, "49.99 EUR" (no decimals for currencies without
    /// minor units).
    public var amountText: String {
        let decimals = Self.zeroDecimalCurrencies.contains(currency) ? 0 : 2
        guard decimals > 0 else { return "\(amountMinor) \(currency)" }
        let sign = amountMinor < 0 ? "-" : ""
        let magnitude = amountMinor.magnitude
        let cents = magnitude % 100
        return "\(sign)\(magnitude / 100).\(cents < 10 ? "0" : "")\(cents) \(currency)"
    }

    /// ISO 4217 currencies without minor units that Baton's tenants use.
    static let zeroDecimalCurrencies: Set<String> = ["JPY", "KRW", "CLP", "ISK", "VND", "HUF"]

    /// The action in a customer's words.
    public func text(in language: String) -> String {
        let order = orderID.isEmpty ? "" : orderID
        switch (kind, language) {
        case ("refund", "es"): return "un reembolso de \(amountText)" + (order.isEmpty ? "" : " del pedido \(order)")
        case ("refund", "fr"): return "un remboursement de \(amountText)" + (order.isEmpty ? "" : " pour la commande \(order)")
        case ("refund", "de"): return "eine Erstattung von \(amountText)" + (order.isEmpty ? "" : " für Bestellung \(order)")
        case ("refund", _): return "a refund of \(amountText)" + (order.isEmpty ? "" : " for order \(order)")
        case ("cancel_order", "es"): return "cancelar el pedido \(order)"
        case ("cancel_order", "fr"): return "annuler la commande \(order)"
        case ("cancel_order", "de"): return "die Bestellung \(order) stornieren"
        case ("cancel_order", _): return "cancelling order \(order)"
        case ("replacement", "es"): return "un envío de sustitución del pedido \(order)"
        case ("replacement", "fr"): return "un envoi de remplacement pour la commande \(order)"
        case ("replacement", "de"): return "eine Ersatzlieferung für Bestellung \(order)"
        case ("replacement", _): return "a replacement for order \(order)"
        case ("account_credit", "es"): return "un abono de \(amountText) en su cuenta"
        case ("account_credit", "fr"): return "un avoir de \(amountText) sur votre compte"
        case ("account_credit", "de"): return "eine Gutschrift von \(amountText) auf Ihr Konto"
        case ("account_credit", _): return "a credit of \(amountText) to your account"
        default: return amountMinor > 0 ? "\(kind) (\(amountText))" : kind
        }
    }
}
