import HandoffCore
import Testing
import Wire

/// The package as a function of values: summary, classification, triggers
/// with their evidence, next actions and the redacted view.
@Suite("Package builder")
struct PackageBuilderTests {
    typealias F = PackageFixtures

    /// Summary sentences are separated by ". " after the closing quote or
    /// word; the quotes themselves may hold full stops, so count the
    /// framing: one issue, at most one request, one list of tries.
    func framing(_ summary: String, _ markers: [String]) -> Int {
        markers.reduce(0) { $0 + summary.components(separatedBy: $1).count - 1 }
    }

    @Test func englishSummaryNamesTheIssueTheRequestAndWhatWasTried() {
        let package = PackageBuilder.build(F.englishRefund)
        #expect(package.language == "en")
        #expect(package.summary.hasPrefix("Issue (refund): \u{201C}I was charged twice for my order 1042 and I want a refund of the second charge\u{201D}."))
        #expect(package.summary.contains("The customer asks: \u{201C}Then let me speak to a human please\u{201D}."))
        #expect(package.summary.hasSuffix("Already tried: explained the refund policy (failed); refund of 120.00 EUR for order 1042 (not allowed)."))
        #expect(framing(package.summary, ["Issue (", "The customer asks:", "Already tried:"]) == 3)
        #expect(package.summary.count <= 1_200)
    }

    @Test func spanishSummaryIsInSpanish() {
        let package = PackageBuilder.build(F.spanishRefund)
        #expect(package.language == "es")
        #expect(package.summary.hasPrefix("Problema (reembolso): «Me cobraron dos veces el pedido 1042 y el reembolso no llega»."))
        #expect(package.summary.contains("El cliente pide: «Quiero hablar con una persona, por favor»."))
        #expect(package.summary.contains("Ya se intentó: explained the refund policy (falló)"))
    }

    @Test(arguments: [("fr", "Problème (remboursement)", "Déjà essayé : "), ("de", "Anliegen (Rückerstattung)", "Bereits versucht: ")])
    func frenchAndGermanFraming(_ language: String, _ issue: String, _ tried: String) {
        var input = F.englishRefund
        input.language = language
        let package = PackageBuilder.build(input)
        #expect(package.language == language)
        #expect(package.summary.hasPrefix(issue))
        #expect(package.summary.contains(tried))
    }

    @Test func nothingTriedIsSaid() {
        var input = F.englishRefund
        input.steps = []
        #expect(PackageBuilder.build(input).summary.hasSuffix("Nothing was tried before the handoff."))
    }

    @Test func longQuotesAreCutAtAWord() {
        var input = F.englishRefund
        input.conversation.messages[0].text = "My refund " + String(repeating: "never arrived and ", count: 30) + "end."
        let summary = PackageBuilder.build(input).summary
        let quote = summary.split(separator: "\u{201C}")[1].split(separator: "\u{201D}")[0]
        #expect(quote.count <= SummaryWriter.maximumQuote + 1)
        #expect(quote.hasSuffix("…"))
        #expect(!quote.dropLast().hasSuffix(" "))
    }

    @Test func manyLongStepsKeepTheSummaryShort() {
        var input = F.englishRefund
        input.conversation.messages[0].text = "My refund " + String(repeating: "never came ", count: 60)
        input.steps = (1...20).map { F.step(.action, "step \($0) " + String(repeating: "tried hard ", count: 45), .failed) }
        let summary = PackageBuilder.build(input).summary
        #expect(summary.count <= 1_200)
        #expect(summary.contains("step 5 tried"))
        #expect(!summary.contains("step 6 tried"))
        #expect(summary.hasSuffix("; … (+15)."))
    }

    @Test func theSameInputGivesTheSameBytes() {
        let first = PackageBuilder.build(F.englishRefund).serializedBytes()
        let second = PackageBuilder.build(F.englishRefund).serializedBytes()
        #expect(first == second)
    }

    @Test func classificationWithReasons() throws {
        let classification = try #require(PackageBuilder.build(F.englishRefund).classification)
        #expect(classification.issueType == "refund.get_refund")
        #expect(classification.confidence == 0.91)
        #expect(classification.issueTypeReasons == ["Intent get_refund from the signals report (confidence 0.91)"])
        #expect(classification.urgency == .normal)
        #expect(classification.complexity == .high)
        #expect(classification.complexityReasons.contains("2 steps failed or were not allowed"))
        #expect(classification.complexityReasons.contains("Needs approval or a specialist beyond the bot's authority"))
    }

    @Test(arguments: [
        (CommonV1.TriggerCategory.capabilityLimit, "capability.safety", CommonV1.Urgency.critical),
        (.capabilityLimit, "capability.authorisation", .high),
        (.sentiment, "sentiment.consecutive_negative", .high),
        (.behavioural, "behaviour.shouting", .high),
        (.technicalEvent, "event.payment_failed", .high),
        (.context, "context.repeat_contacts", .high),
        (.loop, "loop.restated", .normal),
        (.explicitRequest, "explicit.human_request", .normal),
    ])
    func urgencyPerTriggerCategory(_ category: CommonV1.TriggerCategory, _ name: String, _ expected: CommonV1.Urgency) throws {
        var input = F.englishRefund
        input.trigger = F.trigger(category, name)
        input.additionalTriggers = []
        let classification = try #require(PackageBuilder.build(input).classification)
        #expect(classification.urgency == expected)
        #expect(!classification.urgencyReasons.isEmpty)
    }

    @Test func plannerUrgencyWinsAndVIPRaises() throws {
        var input = F.englishRefund
        input.urgency = .low
        #expect(try #require(PackageBuilder.build(input).classification).urgencyReasons == ["Set by the planner"])
        input.urgency = .unspecified
        input.conversation.customer?.tier = .vipPlatinum
        let classification = try #require(PackageBuilder.build(input).classification)
        #expect(classification.urgency == .high)
        #expect(classification.urgencyReasons == ["VIP customer"])
    }

    @Test(arguments: [("get_refund", "refund.get_refund"), ("billing.double_charge", "billing.double_charge"),
                      ("", "general.unknown"), ("weather", "general.weather"), ("Track_Order", "order.track_order")])
    func issueTypes(_ intent: String, _ expected: String) {
        #expect(IssueClassifier.issueType(intent: intent) == expected)
    }

    @Test func triggersKeepTheirEvidenceAndAreHighlighted() throws {
        let package = PackageBuilder.build(F.englishRefund)
        #expect(package.trigger?.name == "explicit.human_request")
        #expect(package.trigger?.evidence?.messageIndexes == [4])
        #expect(package.additionalTriggers.map(\.name) == ["policy.refund_over_threshold"])
        #expect(package.evidenceSpans.map(\.messageIndex) == [0, 4])
        let human = try #require(package.evidenceSpans.last)
        let text = Array(package.transcript[4].text.utf16)
        #expect(String(decoding: text[Int(human.start)..<Int(human.end)], as: UTF16.self) == "speak to a human")
        #expect(human.phrase == "speak to a human")
    }

    @Test func nextActionsAreRankedFromTriggersAndIntent() throws {
        let actions = PackageBuilder.build(F.englishRefund).nextActions
        #expect(actions.map(\.rank) == Array(1...UInt32(actions.count)))
        #expect(actions[0].summary == "Ask a supervisor to approve a refund of 120.00 EUR for order 1042: it is over the bot's limit")
        #expect(actions[0].requiresApproval)
        if case .refund(let refund) = actions[0].action?.kind { #expect(refund.orderID == "1042") } else { Issue.record("no refund") }
        #expect(actions.map(\.summary).contains("Check the related open ticket T-7 before replying"))
        #expect(actions.map(\.summary).contains("Check the order's refund eligibility and issue the refund"))
        #expect(actions.map(\.summary).contains("Do not repeat what already failed: explained the refund policy"))
        #expect(actions.last?.summary == "Greet the customer and confirm you have read the conversation")
    }

    @Test func upsetCustomersComeFirstAndEventsAreChecked() {
        var input = F.englishRefund
        let event = CommonV1.TechnicalEvent.with {
            $0.kind = .paymentFailed
            $0.orderID = "1042"
            $0.detail = .paymentFailure(.with { $0.declineCode = "do_not_honor" })
        }
        input.additionalTriggers = [F.trigger(.sentiment, "sentiment.consecutive_negative"),
                                    F.trigger(.technicalEvent, "event.payment_failed", events: [event])]
        let actions = PackageBuilder.build(input).nextActions.map(\.summary)
        #expect(actions[0] == "Acknowledge the customer's frustration before anything else; do not ask them to repeat")
        #expect(actions[1] == "Check the failed payment of order 1042 in billing (decline code do_not_honor)")
    }

    @Test func redactedViewMasksPersonalDataEverywhere() throws {
        var input = F.englishRefund
        input.steps.append(F.step(.lookup, "looked up card 4111 1111 1111 1111", .succeeded))
        input.additionalTriggers.append(F.trigger(.loop, "loop.restated", indexes: [2], phrases: ["ada@example.com", "refund it today"]))
        let full = PackageBuilder.build(input)
        let redacted = PackageRedactor().redacted(full)
        #expect(redacted.view == .redacted)
        #expect(redacted.customer?.displayName == "")
        #expect(redacted.customer?.customerID == "cust-42")
        #expect(redacted.transcript[2].text == "That does not help. Please refund it today, my email is [email].")
        #expect(redacted.steps[2].description == "looked up card [card ••••1111]")
        #expect(redacted.attempted[2].contains("[card ••••1111]"))
        #expect(!redacted.serializedBytes().containsSubsequence(Array("ada@example.com".utf8)))
        #expect(!redacted.serializedBytes().containsSubsequence(Array("4111 1111".utf8)))
        #expect(redacted.evidenceSpans.contains { $0.phrase == "refund it today" })
        #expect(!redacted.evidenceSpans.contains { $0.phrase.contains("@") })
        #expect(full.transcript[2].text.contains("ada@example.com"))
        #expect(redacted.transcript[0].text == full.transcript[0].text)
    }
}

extension Array where Element == UInt8 {
    func containsSubsequence(_ needle: [UInt8]) -> Bool {
        guard needle.count <= count else { return false }
        return (0...(count - needle.count)).contains { start in Array(self[start..<(start + needle.count)]) == needle }
    }
}
