public import Wire

/// Checks of `baton.connector.v1` requests, as the contract documents them:
/// the first problem found is thrown, naming its field.
public enum RequestValidator {
    /// Longest tenant id, in UTF-8 bytes.
    public static let maxTenantBytes = 128
    /// Longest customer, order, conversation or SKU id, in UTF-8 bytes.
    public static let maxIDBytes = 128
    /// Longest idempotency key, in UTF-8 bytes.
    public static let maxKeyBytes = 256
    /// Longest reason code or custom action name, in UTF-8 bytes.
    public static let maxTextBytes = 256
    /// Most parameters of a custom action.
    public static let maxParameters = 32

    /// Checks a LookupCustomer request.
    public static func validate(_ request: ConnectorV1.LookupCustomerRequest) throws(InvalidRequest) {
        try id(request.tenantID, "tenant_id", max: maxTenantBytes)
        try id(request.customerID, "customer_id")
    }

    /// Checks a LookupOrder request.
    public static func validate(_ request: ConnectorV1.LookupOrderRequest) throws(InvalidRequest) {
        try id(request.tenantID, "tenant_id", max: maxTenantBytes)
        try id(request.customerID, "customer_id")
        try id(request.orderID, "order_id")
    }

    /// Checks a ListOpenTickets request.
    public static func validate(_ request: ConnectorV1.ListOpenTicketsRequest) throws(InvalidRequest) {
        try id(request.tenantID, "tenant_id", max: maxTenantBytes)
        try id(request.customerID, "customer_id")
    }

    /// Checks an ExecuteAction request and returns its action.
    public static func validate(_ request: ConnectorV1.ExecuteActionRequest) throws(InvalidRequest) -> CommonV1.RequestedAction {
        try id(request.tenantID, "tenant_id", max: maxTenantBytes)
        try id(request.customerID, "customer_id")
        try id(request.conversationID, "conversation_id")
        try id(request.idempotencyKey, "idempotency_key", max: maxKeyBytes)
        guard let action = request.action else { throw InvalidRequest(.required, field: "action", "required") }
        try text(action.actionID, "action.action_id", max: maxKeyBytes)
        let amount: CommonV1.Money?
        switch action.kind {
        case .refund(let refund):
            try money(refund.amount, "action.refund.amount")
            try id(refund.orderID, "action.refund.order_id")
            try text(refund.reason, "action.refund.reason", max: maxTextBytes)
            amount = refund.amount
        case .cancelOrder(let cancel):
            try id(cancel.orderID, "action.cancel_order.order_id")
            try text(cancel.reason, "action.cancel_order.reason", max: maxTextBytes)
            amount = nil
        case .replacement(let replacement):
            try id(replacement.orderID, "action.replacement.order_id")
            try id(replacement.sku, "action.replacement.sku")
            guard replacement.quantity >= 1 else {
                throw InvalidRequest(.invalid, field: "action.replacement.quantity", "must be at least 1")
            }
            amount = nil
        case .accountCredit(let credit):
            try money(credit.amount, "action.account_credit.amount")
            try text(credit.reason, "action.account_credit.reason", max: maxTextBytes)
            amount = credit.amount
        case .custom(let custom):
            try id(custom.name, "action.custom.name", max: maxTextBytes)
            guard custom.parameters.count <= maxParameters else {
                throw InvalidRequest(.invalid, field: "action.custom.parameters",
                                     "\(custom.parameters.count) parameters; at most \(maxParameters)")
            }
            for (key, value) in custom.parameters {
                try id(key, "action.custom.parameters", max: maxTextBytes)
                try text(value, "action.custom.parameters[\(key)]", max: maxTextBytes)
            }
            if let value = custom.amount { try money(value, "action.custom.amount", allowZero: true) }
            amount = custom.amount
        case nil:
            throw InvalidRequest(.required, field: "action.kind",
                                 "one of refund, cancel_order, replacement, account_credit or custom is required")
        }
        if let approved = request.approvedAmount {
            guard let amount else {
                throw InvalidRequest(.invalid, field: "approved_amount", "only for actions with an amount")
            }
            try money(approved, "approved_amount")
            guard approved.currencyCode == amount.currencyCode else {
                throw InvalidRequest(.invalid, field: "approved_amount.currency_code",
                                     "\(approved.currencyCode) differs from the action's \(amount.currencyCode)")
            }
        }
        return action
    }

    static func id(_ value: String, _ field: String, max: Int = maxIDBytes) throws(InvalidRequest) {
        guard !value.isEmpty else { throw InvalidRequest(.required, field: field, "required") }
        try text(value, field, max: max)
    }

    static func text(_ value: String, _ field: String, max: Int) throws(InvalidRequest) {
        guard value.utf8.count <= max else { throw InvalidRequest(.tooLong, field: field, "longer than \(max) bytes") }
    }

    /// A present amount in an ISO 4217-shaped currency, positive (or zero when `allowZero`).
    static func money(_ value: CommonV1.Money?, _ field: String, allowZero: Bool = false) throws(InvalidRequest) {
        guard let value else { throw InvalidRequest(.required, field: field, "required") }
        let code = value.currencyCode
        guard code.utf8.count == 3, code.utf8.allSatisfy({ (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }) else {
            throw InvalidRequest(.invalid, field: "\(field).currency_code",
                                 code.isEmpty ? "required" : "\(code) is not a three-letter upper-case ISO 4217 code")
        }
        guard value.amountMinor > 0 || (allowZero && value.amountMinor == 0) else {
            throw InvalidRequest(.invalid, field: "\(field).amount_minor",
                                 "\(value.amountMinor) is not \(allowZero ? "zero or positive" : "positive")")
        }
    }
}
