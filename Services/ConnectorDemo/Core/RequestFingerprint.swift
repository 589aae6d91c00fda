public import Wire

/// What an idempotency key is bound to: the parts of an ExecuteAction
/// request that say what is done, as canonical text (one `part=value` line
/// each, map entries sorted, values escaped), so that two requests are "the
/// same" exactly when their fingerprints are equal, whatever order a client
/// encoded a map in. The tenant and the key itself are not part of it: they
/// are what the fingerprint is stored under.
public struct RequestFingerprint: Hashable, Sendable {
    /// The canonical text, as stored beside the key.
    public let text: String

    /// The fingerprint of a request.
    public init(_ request: ConnectorV1.ExecuteActionRequest) {
        text = [
            "customer=" + Self.quoted(request.customerID),
            "conversation=" + Self.quoted(request.conversationID),
            "action=" + Self.action(request.action),
            "approved_amount=" + Self.money(request.approvedAmount),
        ].joined(separator: "\n")
    }

    /// A fingerprint read back from the store.
    public init(text: String) {
        self.text = text
    }

    /// Nil when `self` (a new request) is the request `stored` was made from;
    /// otherwise the first part that differs (`customer`, `conversation`,
    /// `action` or `approved_amount`), for the caller's error message.
    public func conflict(with stored: RequestFingerprint) -> String? {
        guard text != stored.text else { return nil }
        let mine = text.split(separator: "\n", omittingEmptySubsequences: false)
        let theirs = stored.text.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in mine.enumerated() where index >= theirs.count || theirs[index] != line {
            return String(line.prefix(while: { $0 != "=" }))
        }
        return "request"
    }

    static func action(_ action: CommonV1.RequestedAction?) -> String {
        guard let action else { return "none" }
        let id = "id=" + quoted(action.actionID)
        switch action.kind {
        case .refund(let refund):
            return "refund \(id) order=\(quoted(refund.orderID)) amount=\(money(refund.amount)) reason=\(quoted(refund.reason))"
        case .cancelOrder(let cancel):
            return "cancel_order \(id) order=\(quoted(cancel.orderID)) reason=\(quoted(cancel.reason))"
        case .replacement(let replacement):
            return "replacement \(id) order=\(quoted(replacement.orderID)) sku=\(quoted(replacement.sku)) "
                + "quantity=\(replacement.quantity)"
        case .accountCredit(let credit):
            return "account_credit \(id) amount=\(money(credit.amount)) reason=\(quoted(credit.reason))"
        case .custom(let custom):
            let parameters = custom.parameters.sorted { $0.key < $1.key }
                .map { "\(quoted($0.key)):\(quoted($0.value))" }.joined(separator: ",")
            return "custom \(id) name=\(quoted(custom.name)) parameters={\(parameters)} amount=\(money(custom.amount)) "
                + "irreversible=\(custom.irreversible)"
        case nil:
            return "none \(id)"
        }
    }

    static func money(_ money: CommonV1.Money?) -> String {
        guard let money else { return "none" }
        return "\(quoted(money.currencyCode)):\(money.amountMinor)"
    }

    /// `value` in double quotes with `\`, `"` and line breaks escaped: no
    /// value can end a part or a line early.
    static func quoted(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
