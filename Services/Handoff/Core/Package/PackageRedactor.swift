public import Wire

/// The REDACTED view of a package: the Redactor over every free-text field
/// (summary, transcript, steps, triggers' explanations, phrases and notes,
/// events' attributes and messages, tickets' subjects, next actions,
/// attributes of the customer and messages, article snippets), the
/// customer's display name removed, and the evidence spans found again in
/// the redacted text (a phrase that held personal data is gone with it).
public struct PackageRedactor: Sendable {
    let redactor: Redactor

    /// A redactor masking every kind of personal data.
    public init(redactor: Redactor = Redactor()) {
        self.redactor = redactor
    }

    /// `package` in the REDACTED view.
    public func redacted(_ package: HandoffV1.HandoffPackage) -> HandoffV1.HandoffPackage {
        var copy = package
        copy.summary = mask(copy.summary)
        if var customer = copy.customer {
            customer.displayName = ""
            customer.attributes = customer.attributes.mapValues(mask)
            copy.customer = customer
        }
        copy.trigger = copy.trigger.map(redacted)
        copy.additionalTriggers = copy.additionalTriggers.map(redacted)
        copy.transcript = copy.transcript.map { message in
            var message = message
            message.text = mask(message.text)
            message.attachmentRefs = message.attachmentRefs.map(mask)
            message.attributes = message.attributes.mapValues(mask)
            return message
        }
        copy.attempted = copy.attempted.map(mask)
        copy.steps = copy.steps.map { step in
            var step = step
            step.description = mask(step.description)
            step.detail = mask(step.detail)
            return step
        }
        copy.events = copy.events.map(redacted)
        copy.articles = copy.articles.map { article in
            var article = article
            article.snippet = mask(article.snippet)
            return article
        }
        copy.relatedTickets = copy.relatedTickets.map { ticket in
            var ticket = ticket
            ticket.subject = mask(ticket.subject)
            return ticket
        }
        copy.nextActions = copy.nextActions.map { action in
            var action = action
            action.summary = mask(action.summary)
            return action
        }
        let triggers = (copy.trigger.map { [$0] } ?? []) + copy.additionalTriggers
        copy.evidenceSpans = EvidenceLocator.spans(triggers: triggers, transcript: copy.transcript)
        copy.view = .redacted
        return copy
    }

    func mask(_ text: String) -> String {
        text.isEmpty ? text : redactor.redact(text).text
    }

    func redacted(_ trigger: CommonV1.Trigger) -> CommonV1.Trigger {
        var trigger = trigger
        trigger.explanation = mask(trigger.explanation)
        if var evidence = trigger.evidence {
            evidence.matchedPhrases = evidence.matchedPhrases.map(mask)
            evidence.note = mask(evidence.note)
            evidence.events = evidence.events.map(redacted)
            trigger.evidence = evidence
        }
        return trigger
    }

    func redacted(_ event: CommonV1.TechnicalEvent) -> CommonV1.TechnicalEvent {
        var event = event
        event.attributes = event.attributes.mapValues(mask)
        if case .errorReport(var report) = event.detail {
            report.errorMessage = mask(report.errorMessage)
            event.detail = .errorReport(report)
        }
        return event
    }
}
