import Foundation
import RPC
import Wire

/// Request checks: a bad request gets INVALID_ARGUMENT naming the field and
/// why, before anything is read, called or written.
enum PlannerValidation {
    static let maxIDBytes = 256
    static let maxMessageBytes = 32 * 1024
    static let maxHistory = 500
    static let maxMetadata = 32
    static let maxPolicyBytes = 1 << 20

    static func id(_ value: String, _ field: String, max: Int = maxIDBytes) throws(RPCError) {
        guard !value.isEmpty else { throw .invalidArgument(field: field, "required") }
        guard value.utf8.count <= max else { throw .invalidArgument(field: field, "longer than \(max) bytes") }
    }

    static func validate(_ request: PlannerV1.HandleTurnRequest) throws(RPCError) {
        try id(request.tenantID, "tenant_id", max: 128)
        try id(request.conversationID, "conversation_id")
        try id(request.turnID, "turn_id")
        guard let message = request.message else { throw .invalidArgument(field: "message", "required") }
        guard message.role == .customer else { throw .invalidArgument(field: "message.role", "must be ROLE_CUSTOMER") }
        guard !message.text.isEmpty else { throw .invalidArgument(field: "message.text", "required") }
        guard message.text.utf8.count <= maxMessageBytes else {
            throw .invalidArgument(field: "message.text", "longer than \(maxMessageBytes) bytes")
        }
        if request.channel == .unspecified && (request.conversation?.channel ?? .unspecified) == .unspecified {
            throw .invalidArgument(field: "channel", "required unless conversation.channel is set")
        }
        if let confidence = request.botConfidence, !(0...1).contains(confidence) {
            throw .invalidArgument(field: "bot_confidence", "must be in [0, 1], got \(confidence)")
        }
        if let conversation = request.conversation {
            if !conversation.conversationID.isEmpty && conversation.conversationID != request.conversationID {
                throw .invalidArgument(field: "conversation.conversation_id", "differs from conversation_id")
            }
            if !conversation.tenantID.isEmpty && conversation.tenantID != request.tenantID {
                throw .invalidArgument(field: "conversation.tenant_id", "differs from tenant_id")
            }
            guard conversation.messages.count <= maxHistory else {
                throw .invalidArgument(field: "conversation.messages", "\(conversation.messages.count) messages; at most \(maxHistory)")
            }
            for (index, earlier) in conversation.messages.enumerated() where earlier.role == .unspecified {
                throw .invalidArgument(field: "conversation.messages[\(index)].role", "required")
            }
        }
        if let action = request.requestedAction { try validate(action, "requested_action") }
        guard request.metadata.count <= maxMetadata else {
            throw .invalidArgument(field: "metadata", "\(request.metadata.count) entries; at most \(maxMetadata)")
        }
    }

    static func validate(_ action: CommonV1.RequestedAction, _ field: String) throws(RPCError) {
        try id(action.actionID, "\(field).action_id")
        switch action.kind {
        case nil:
            throw .invalidArgument(field: "\(field).kind", "exactly one action is required")
        case .refund(let refund):
            try money(refund.amount, "\(field).refund.amount")
            try id(refund.orderID, "\(field).refund.order_id")
        case .cancelOrder(let cancel):
            try id(cancel.orderID, "\(field).cancel_order.order_id")
        case .replacement(let replacement):
            try id(replacement.orderID, "\(field).replacement.order_id")
            try id(replacement.sku, "\(field).replacement.sku")
            guard replacement.quantity >= 1 else { throw .invalidArgument(field: "\(field).replacement.quantity", "at least 1") }
        case .accountCredit(let credit):
            try money(credit.amount, "\(field).account_credit.amount")
        case .custom(let custom):
            try id(custom.name, "\(field).custom.name", max: 128)
            if let amount = custom.amount { try money(amount, "\(field).custom.amount") }
        }
    }

    static func money(_ money: CommonV1.Money?, _ field: String) throws(RPCError) {
        guard let money else { throw .invalidArgument(field: field, "required") }
        guard money.amountMinor > 0 else { throw .invalidArgument(field: "\(field).amount_minor", "must be positive") }
        guard money.currencyCode.count == 3, money.currencyCode.allSatisfy({ $0.isASCII && $0.isUppercase }) else {
            throw .invalidArgument(field: "\(field).currency_code", "must be an ISO 4217 code such as EUR")
        }
    }

    static func principal(_ principal: CommonV1.Principal?, _ field: String) throws(RPCError) {
        guard let principal else { throw .invalidArgument(field: field, "required") }
        guard principal.kind != .unspecified else { throw .invalidArgument(field: "\(field).kind", "required") }
        try id(principal.principalID, "\(field).principal_id")
    }
}
