public import Wire

/// Builds a handoff package from values: the same input gives the same
/// package, byte for byte. The caller (the service) adds what is not a
/// function of the input: the package id, revision, build time and the
/// knowledge-base articles it searched for.
public enum PackageBuilder {
    /// The package of `input` in the FULL view.
    public static func build(_ input: PackageInput) -> HandoffV1.HandoffPackage {
        let locale = MessageLocale.resolve(input.resolvedLanguage)
        var package = HandoffV1.HandoffPackage()
        package.tenantID = input.conversation.tenantID
        package.conversationID = input.conversation.conversationID
        package.language = locale.rawValue
        package.summary = SummaryWriter.summary(input, locale: locale)
        package.classification = IssueClassifier.classify(input)
        package.customer = input.conversation.customer
        package.trigger = input.trigger
        package.additionalTriggers = input.additionalTriggers.sorted { $0.score > $1.score }
        package.transcript = input.conversation.messages
        package.steps = input.steps
        package.attempted = input.steps.map { step in
            let result = SummaryPhrases(locale: .en).result(step.result)
            return step.description.trimmingFinalStop + (result.isEmpty ? "" : " (\(result))") + "."
        }
        package.events = input.events
        package.relatedTickets = input.relatedTickets.sorted {
            ($0.createTime?.seconds ?? 0, $0.ticketID) > ($1.createTime?.seconds ?? 0, $1.ticketID)
        }
        package.nextActions = NextActionPlanner.actions(input)
        package.evidenceSpans = EvidenceLocator.spans(triggers: input.allTriggers, transcript: package.transcript)
        package.intent = input.intent
        package.view = .full
        var model = CommonV1.ModelVersion()
        model.component = "handoff.package"
        model.model = "extractive-rules"
        model.version = HandoffCore.version
        package.modelVersions = [model]
        return package
    }
}
