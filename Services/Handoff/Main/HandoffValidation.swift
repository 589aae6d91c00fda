import Foundation
import HandoffCore
import RPC
import Wire

/// Request checks: a bad request gets INVALID_ARGUMENT naming the field and
/// why, before anything is read or written.
enum HandoffValidation {
    /// Most messages in a transcript.
    static let maxMessages = 500
    /// Longest message text, in UTF-8 bytes.
    static let maxMessageBytes = 32 * 1024
    /// Longest transcript, in UTF-8 bytes over every message.
    static let maxTranscriptBytes = 1024 * 1024
    /// Longest identifier.
    static let maxIDBytes = 256

    static func id(_ value: String, _ field: String, max: Int = maxIDBytes) throws(RPCError) {
        guard !value.isEmpty else { throw .invalidArgument(field: field, "required") }
        guard value.utf8.count <= max else { throw .invalidArgument(field: field, "longer than \(max) bytes") }
    }

    static func validate(_ request: HandoffV1.BuildRequest) throws(RPCError) {
        try id(request.tenantID, "tenant_id", max: 128)
        try id(request.escalationID, "escalation_id")
        guard let conversation = request.conversation else { throw .invalidArgument(field: "conversation", "required") }
        try id(conversation.conversationID, "conversation.conversation_id")
        if !conversation.tenantID.isEmpty, conversation.tenantID != request.tenantID {
            throw .invalidArgument(field: "conversation.tenant_id", "differs from tenant_id")
        }
        guard !conversation.messages.isEmpty else {
            throw .invalidArgument(field: "conversation.messages", "at least one message is required")
        }
        guard conversation.messages.count <= maxMessages else {
            throw .invalidArgument(field: "conversation.messages", "\(conversation.messages.count) messages; at most \(maxMessages)")
        }
        var total = 0
        for (index, message) in conversation.messages.enumerated() {
            if message.role == .unspecified {
                throw .invalidArgument(field: "conversation.messages[\(index)].role", "required")
            }
            if message.sendTime == nil {
                throw .invalidArgument(field: "conversation.messages[\(index)].send_time", "required")
            }
            if message.text.utf8.count > maxMessageBytes {
                throw .invalidArgument(field: "conversation.messages[\(index)].text", "longer than \(maxMessageBytes) bytes")
            }
            total += message.text.utf8.count
        }
        if total > maxTranscriptBytes {
            throw .invalidArgument(field: "conversation.messages", "the transcript is \(total) bytes; at most \(maxTranscriptBytes)")
        }
        guard let trigger = request.trigger else { throw .invalidArgument(field: "trigger", "required") }
        try validate(trigger, "trigger", messages: conversation.messages.count)
        for (index, other) in request.additionalTriggers.enumerated() {
            try validate(other, "additional_triggers[\(index)]", messages: conversation.messages.count)
        }
        for (index, step) in request.steps.enumerated() {
            if step.kind == .unspecified { throw .invalidArgument(field: "steps[\(index)].kind", "required") }
            if step.description.isEmpty || step.description.count > 500 {
                throw .invalidArgument(field: "steps[\(index)].description", "required, at most 500 characters")
            }
            if let message = step.messageIndex, Int(message) >= conversation.messages.count {
                throw .invalidArgument(field: "steps[\(index)].message_index", "\(message) is past the \(conversation.messages.count) messages")
            }
        }
        if !(0...1).contains(request.intentConfidence) {
            throw .invalidArgument(field: "intent_confidence", "\(request.intentConfidence) is outside [0, 1]")
        }
        if request.intent.utf8.count > 128 { throw .invalidArgument(field: "intent", "longer than 128 bytes") }
    }

    static func validate(_ trigger: CommonV1.Trigger, _ field: String, messages: Int) throws(RPCError) {
        if trigger.category == .unspecified { throw .invalidArgument(field: "\(field).category", "required") }
        if trigger.name.isEmpty { throw .invalidArgument(field: "\(field).name", "required") }
        if !(0...1).contains(trigger.score) { throw .invalidArgument(field: "\(field).score", "\(trigger.score) is outside [0, 1]") }
        for index in trigger.evidence?.messageIndexes ?? [] where Int(index) >= messages {
            throw .invalidArgument(field: "\(field).evidence.message_indexes", "\(index) is past the \(messages) messages")
        }
    }

    static func validate(_ request: HandoffV1.TransitionMessageRequest) throws(RPCError) {
        try id(request.tenantID, "tenant_id", max: 128)
        try id(request.escalationID, "escalation_id")
        if request.language.isEmpty { throw .invalidArgument(field: "language", "required") }
        switch request.kind {
        case .agentJoined where request.agentName.isEmpty:
            throw .invalidArgument(field: "agent_name", "required for TRANSITION_KIND_AGENT_JOINED")
        case .offHoursCallback where request.callbackWindow.isEmpty:
            throw .invalidArgument(field: "callback_window", "required for TRANSITION_KIND_OFF_HOURS_CALLBACK")
        case .unrecognized(let value):
            throw .invalidArgument(field: "kind", "unknown value \(value)")
        default:
            break
        }
        for (index, option) in request.options.enumerated() where self.option(option) == nil {
            throw .invalidArgument(field: "options[\(index)]", "not an option")
        }
    }

    static func validate(_ request: HandoffV1.WaitUpdateRequest) throws(RPCError) {
        try id(request.tenantID, "tenant_id", max: 128)
        try id(request.escalationID, "escalation_id")
        if request.language.isEmpty { throw .invalidArgument(field: "language", "required") }
        if request.waitEstimate == nil { throw .invalidArgument(field: "wait_estimate", "required") }
        if request.enqueueTime == nil { throw .invalidArgument(field: "enqueue_time", "required") }
        guard let promised = request.promisedWait else { throw .invalidArgument(field: "promised_wait", "required") }
        if promised.timeInterval < 0 { throw .invalidArgument(field: "promised_wait", "negative") }
    }

    /// The package id of a valid request.
    static func validate(_ request: HandoffV1.FeedbackRequest) throws(RPCError) -> UUID {
        try id(request.tenantID, "tenant_id", max: 128)
        try id(request.agentID, "agent_id")
        guard let package = UUID(uuidString: request.packageID) else {
            throw .invalidArgument(field: "package_id", "required, a UUID")
        }
        guard (1...5).contains(request.rating) else {
            throw .invalidArgument(field: "rating", "\(request.rating) is outside 1 to 5")
        }
        for (field, list) in [("missing", request.missing), ("wrong", request.wrong)] {
            for (index, value) in list.enumerated() where value == .unspecified || "\(value)".hasPrefix("unrecognized") {
                throw .invalidArgument(field: "\(field)[\(index)]", "not a MissingInfo value")
            }
        }
        if request.comment.count > 4_000 { throw .invalidArgument(field: "comment", "longer than 4000 characters") }
        return package
    }

    static func validate(_ request: HandoffV1.SearchKnowledgeRequest) throws(RPCError) {
        try id(request.tenantID, "tenant_id", max: 128)
        let trimmed = request.query.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, request.query.count <= 1_000 else {
            throw .invalidArgument(field: "query", "1 to 1000 characters")
        }
        guard request.maxResults <= 50 else { throw .invalidArgument(field: "max_results", "\(request.maxResults) is over 50") }
    }

    static func validate(_ request: HandoffV1.ImportArticlesRequest) throws(RPCError) {
        try id(request.tenantID, "tenant_id", max: 128)
        guard (1...1_000).contains(request.articles.count) else {
            throw .invalidArgument(field: "articles", "\(request.articles.count) articles; 1 to 1000 per call")
        }
        for (index, article) in request.articles.enumerated() {
            try id(article.articleID, "articles[\(index)].article_id", max: 128)
            if article.language.isEmpty { throw .invalidArgument(field: "articles[\(index)].language", "required") }
            if article.title.isEmpty || article.title.count > 500 {
                throw .invalidArgument(field: "articles[\(index)].title", "required, at most 500 characters")
            }
            if article.body.count > 100_000 { throw .invalidArgument(field: "articles[\(index)].body", "over 100000 characters") }
        }
    }

    /// The template kind of a transition kind.
    static func messageKind(_ kind: HandoffV1.TransitionKind) -> MessageKind {
        switch kind {
        case .offHoursCallback: .transitionOffHoursCallback
        case .onCall: .transitionOnCall
        case .agentJoined: .agentJoined
        default: .transitionSpecialist
        }
    }

    /// HandoffCore's option for a wire option, nil for unspecified or unknown.
    static func option(_ option: HandoffV1.CustomerOption) -> CustomerOption? {
        CustomerOption(rawValue: Int(option.rawValue))
    }
}
