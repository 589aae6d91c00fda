/// The family of an issue type: the first part of the dotted issue type
/// ("refund" in "refund.get_refund"), with the words the summary and the
/// customer messages use for it in each locale.
public enum IssueFamily: String, Sendable, Hashable, CaseIterable {
    /// Placing, changing, cancelling or tracking an order.
    case order
    /// Creating, editing, switching, recovering or deleting an account.
    case account
    /// Payment methods and failed payments.
    case payment
    /// Delivery options and periods.
    case delivery
    /// Invoices.
    case invoice
    /// Refunds: asking for one, its policy, tracking it.
    case refund
    /// Cancellation fees.
    case cancellationFee = "cancellation_fee"
    /// Asking for a person or for customer service.
    case contact
    /// Complaints and reviews.
    case feedback
    /// Shipping addresses.
    case shippingAddress = "shipping_address"
    /// Newsletter subscriptions.
    case newsletter
    /// Charges and bills (the planner's "billing.double_charge" and the like).
    case billing
    /// Anything else, or no intent known.
    case general

    /// The Bitext customer-support intents (the taxonomy the signals
    /// intent model is trained on), by family.
    static let intents: [String: IssueFamily] = [
        "cancel_order": .order, "change_order": .order, "place_order": .order, "track_order": .order,
        "create_account": .account, "delete_account": .account, "edit_account": .account, "recover_password": .account,
        "registration_problems": .account, "switch_account": .account,
        "check_payment_methods": .payment, "payment_issue": .payment,
        "delivery_options": .delivery, "delivery_period": .delivery,
        "check_invoice": .invoice, "get_invoice": .invoice,
        "check_refund_policy": .refund, "get_refund": .refund, "track_refund": .refund,
        "check_cancellation_fee": .cancellationFee,
        "contact_customer_service": .contact, "contact_human_agent": .contact,
        "complaint": .feedback, "review": .feedback,
        "change_shipping_address": .shippingAddress, "set_up_shipping_address": .shippingAddress,
        "newsletter_subscription": .newsletter,
    ]

    /// The family of a known intent name, nil for others.
    public init?(intent: String) {
        guard let family = Self.intents[intent] else { return nil }
        self = family
    }

    /// The family named by the first part of a dotted issue type
    /// ("billing.double_charge"), `general` when it is none of them.
    public init(issueType: String) {
        let first = issueType.split(separator: ".").first.map(String.init) ?? ""
        self = IssueFamily(rawValue: first) ?? IssueFamily(intent: issueType) ?? .general
    }

    /// The topic as a bare noun phrase for the agent's summary: "refund",
    /// "reembolso", "remboursement", "Rückerstattung".
    public func topic(in locale: MessageLocale) -> String {
        let words = Self.words[self]!
        return words[locale.index * 2]
    }

    /// The topic as the customer messages' `{{category}}` reads it: "your
    /// refund", "tu reembolso", "votre remboursement", and the German
    /// dative after "bei": "Ihrer Rückerstattung".
    public func customerPhrase(in locale: MessageLocale) -> String {
        let words = Self.words[self]!
        return words[locale.index * 2 + 1]
    }

    /// Per family: en topic, en phrase, es…, fr…, de….
    static let words: [IssueFamily: [String]] = [
        .order: ["order", "your order", "pedido", "tu pedido", "commande", "votre commande", "Bestellung", "Ihrer Bestellung"],
        .account: ["account", "your account", "cuenta", "tu cuenta", "compte", "votre compte", "Kundenkonto", "Ihrem Kundenkonto"],
        .payment: ["payment", "your payment", "pago", "tu pago", "paiement", "votre paiement", "Zahlung", "Ihrer Zahlung"],
        .delivery: ["delivery", "your delivery", "entrega", "tu entrega", "livraison", "votre livraison", "Lieferung",
                    "Ihrer Lieferung"],
        .invoice: ["invoice", "your invoice", "factura", "tu factura", "facture", "votre facture", "Rechnung", "Ihrer Rechnung"],
        .refund: ["refund", "your refund", "reembolso", "tu reembolso", "remboursement", "votre remboursement",
                  "Rückerstattung", "Ihrer Rückerstattung"],
        .cancellationFee: ["cancellation fee", "the cancellation fee", "cargo por cancelación", "el cargo por cancelación",
                           "frais d'annulation", "les frais d'annulation", "Stornogebühr", "der Stornogebühr"],
        .contact: ["request for a person", "your request", "solicitud de contacto", "tu solicitud", "demande de contact",
                   "votre demande", "Kontaktanfrage", "Ihrem Anliegen"],
        .feedback: ["complaint", "your complaint", "queja", "tu queja", "réclamation", "votre réclamation", "Beschwerde",
                    "Ihrer Beschwerde"],
        .shippingAddress: ["shipping address", "your shipping address", "dirección de envío", "tu dirección de envío",
                           "adresse de livraison", "votre adresse de livraison", "Lieferadresse", "Ihrer Lieferadresse"],
        .newsletter: ["newsletter", "your newsletter subscription", "boletín", "tu suscripción al boletín", "newsletter",
                      "votre abonnement à la newsletter", "Newsletter", "Ihrem Newsletter-Abo"],
        .billing: ["billing", "your bill", "facturación", "tu facturación", "facturation", "votre facturation", "Abrechnung",
                   "Ihrer Abrechnung"],
        .general: ["general enquiry", "your request", "consulta general", "tu consulta", "demande générale", "votre demande",
                   "allgemeine Anfrage", "Ihrem Anliegen"],
    ]
}
