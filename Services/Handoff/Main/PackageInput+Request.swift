import HandoffCore
import Wire

extension PackageInput {
    /// The builder's input from a validated `BuildRequest`: `attempted`
    /// sentences without a step become steps of unknown kind and result.
    init(_ request: HandoffV1.BuildRequest) {
        let loose = request.attempted.filter { sentence in !request.steps.contains { $0.description == sentence } }
            .map { sentence in HandoffV1.AttemptedStep.with { $0.description = sentence } }
        var conversation = request.conversation!
        conversation.tenantID = request.tenantID
        self.init(conversation: conversation, trigger: request.trigger!, additionalTriggers: request.additionalTriggers,
                  steps: request.steps + loose, events: request.events, requestedAction: request.requestedAction,
                  urgency: request.urgency, intent: request.intent, intentConfidence: request.intentConfidence,
                  relatedTickets: request.relatedTickets, language: request.agentLanguage)
    }
}
