import API
import Foundation
import HandoffCore
import RPC
import Wire

extension HandoffService {
    func transitionMessage(_ request: HandoffV1.TransitionMessageRequest, context: ServerContext) async throws
        -> HandoffV1.TransitionMessageResponse {
        try HandoffValidation.validate(request)
        let package = try await packageForMessages(tenant: request.tenantID, escalation: request.escalationID)
        let kind = HandoffValidation.messageKind(request.kind)
        let facts = TransitionComposer.Facts(
            position: request.waitEstimate?.position ?? 0, waitSeconds: request.waitEstimate?.estimatedWait?.timeInterval ?? 0,
            family: IssueFamily(issueType: package.classification?.issueType ?? ""), summary: package.summary,
            agentName: request.agentName, callbackWindow: request.callbackWindow, customerName: request.customerName)
        let composer = TransitionComposer(renderer: try await stores.templates.renderer(for: request.tenantID))
        let composed = try composer.compose(kind, languageTag: request.language, facts: facts,
                                            options: request.options.compactMap(HandoffValidation.option),
                                            voice: request.channel == .voice)
        return .with {
            $0.text = composed.message.text
            $0.choices = composed.choices.map(Self.choice)
            $0.language = composed.message.locale.rawValue
            $0.kind = request.kind == .unspecified ? .specialist : request.kind
            $0.fromTenantTemplate = composed.message.fromOverride
        }
    }

    func waitUpdate(_ request: HandoffV1.WaitUpdateRequest, context: ServerContext) async throws -> HandoffV1.WaitUpdateResponse {
        try HandoffValidation.validate(request)
        let package = try await packageForMessages(tenant: request.tenantID, escalation: request.escalationID)
        let now = Date().timeIntervalSince1970
        let decision = WaitUpdatePolicy().decide(now: now, enqueued: request.enqueueTime!.date.timeIntervalSince1970,
                                                 promisedWait: request.promisedWait!.timeInterval,
                                                 lastUpdate: request.lastUpdateTime.map { $0.date.timeIntervalSince1970 })
        var response = HandoffV1.WaitUpdateResponse()
        response.nextUpdateTime = GoogleProtobuf.Timestamp(date: Date(timeIntervalSince1970: decision.nextCheck))
        guard decision.shouldSend else { return response }
        let estimate = request.waitEstimate!
        let facts = TransitionComposer.Facts(position: estimate.position, waitSeconds: estimate.estimatedWait?.timeInterval ?? 0,
                                             family: IssueFamily(issueType: package.classification?.issueType ?? ""))
        let composer = TransitionComposer(renderer: try await stores.templates.renderer(for: request.tenantID))
        let composed = try composer.compose(.waitUpdate, languageTag: request.language, facts: facts,
                                            voice: request.channel == .voice)
        response.shouldSend = true
        response.text = composed.message.text
        response.choices = composed.choices.map(Self.choice)
        return response
    }

    func setTemplate(_ request: HandoffV1.SetTemplateRequest, context: ServerContext) async throws -> HandoffV1.SetTemplateResponse {
        guard !request.tenantID.isEmpty else { throw RPCError.invalidArgument(field: "tenant_id", "required") }
        guard let kind = MessageKind(rawValue: request.kind) else {
            throw RPCError.invalidArgument(field: "kind", "unknown message kind \"\(request.kind)\"; one of "
                                           + MessageKind.allCases.map(\.rawValue).joined(separator: ", "))
        }
        guard let locale = MessageLocale(rawValue: request.locale) else {
            throw RPCError.invalidArgument(field: "locale", "unknown locale \"\(request.locale)\"; one of en, es, fr, de")
        }
        if request.template.isEmpty {
            try await stores.templates.remove(tenant: request.tenantID, kind: kind, locale: locale)
            return .with { $0.overridden = false }
        }
        var renderer = TemplateRenderer()
        do {
            try renderer.setOverride(request.template, for: kind, locale: locale)
        } catch {
            throw RPCError.invalidArgument(field: "template", error.errors.map(\.description).joined(separator: "; "))
        }
        try await stores.templates.set(tenant: request.tenantID, kind: kind, locale: locale, template: request.template)
        return .with { $0.overridden = true }
    }

    /// The escalation's latest package: the messages name its issue and
    /// confirm its summary.
    func packageForMessages(tenant: String, escalation: String) async throws -> HandoffV1.HandoffPackage {
        guard let package = try await stores.packages.latest(tenant: tenant, escalation: escalation) else {
            throw RPCError(.notFound, "escalation_id: no package built for escalation \(escalation)")
        }
        return package
    }

    static func choice(_ choice: TransitionComposer.Choice) -> HandoffV1.OptionChoice {
        .with {
            $0.option = HandoffV1.CustomerOption(rawValue: Int32(choice.option.rawValue))
            $0.label = choice.label
            $0.dtmfDigit = choice.digit
        }
    }
}
