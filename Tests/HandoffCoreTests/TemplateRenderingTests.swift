import HandoffCore
import Testing

/// Rendering of the built-in templates and of tenants' overrides.
@Suite("Template rendering")
struct TemplateRenderingTests {
    /// Distinct values, so that each can be found in the text.
    static let values: [Placeholder: String] = [
        .agentName: "Ana", .customerName: "María", .wait: "FILL-WAIT", .waitMinutes: "12", .position: "3", .category: "FILL-CATEGORY",
        .callbackWindow: "FILL-WINDOW", .summary: "FILL-SUMMARY",
    ]

    static let everyTemplate = MessageKind.allCases.flatMap { kind in MessageLocale.allCases.map { (kind, $0) } }

    @Test(arguments: everyTemplate)
    func everyDefaultIsValid(_ kind: MessageKind, _ locale: MessageLocale) {
        #expect(TemplateRenderer.validate(template: DefaultTemplates.source(for: kind, locale: locale), kind: kind) == [])
    }

    @Test(arguments: everyTemplate)
    func everyDefaultRendersWithItsRequiredValues(_ kind: MessageKind, _ locale: MessageLocale) throws {
        let required = Self.values.filter { kind.requiredPlaceholders.contains($0.key) }
        let message = try TemplateRenderer().render(kind, languageTag: locale.rawValue, values: required)
        #expect(message.locale == locale)
        #expect(!message.fromOverride)
        #expect(!message.text.contains("{{") && !message.text.contains("}}"))
        for placeholder in kind.requiredPlaceholders {
            #expect(message.text.contains(Self.values[placeholder]!), "\(placeholder)")
        }
    }

    @Test(arguments: everyTemplate)
    func everyDefaultRefusesAMissingRequiredValue(_ kind: MessageKind, _ locale: MessageLocale) {
        let missing = kind.requiredPlaceholders[0]
        var values = Self.values
        values[missing] = nil
        #expect(throws: TemplateError(.missingValue, placeholder: missing.rawValue)) {
            try TemplateRenderer().render(kind, languageTag: locale.rawValue, values: values)
        }
    }

    /// The words that give the customer their choices while waiting: carry
    /// on with the bot, a callback, an email.
    @Test(arguments: [
        (MessageLocale.en, ["carry on", "callback", "email"]), (.es, ["conmigo", "llam", "correo"]),
        (.fr, ["avec moi", "rappel", "e-mail"]), (.de, ["mit mir", "Rückruf", "E-Mail"]),
    ])
    func waitingMessagesOfferTheChoices(_ locale: MessageLocale, _ words: [String]) {
        for kind in [MessageKind.transitionSpecialist, .waitUpdate] {
            let source = DefaultTemplates.source(for: kind, locale: locale)
            for word in words {
                #expect(source.contains(word), "\(kind) \(locale): \(word)")
            }
        }
    }

    @Test func englishWordingIsWarmAndExact() throws {
        let renderer = TemplateRenderer()
        let transition = try renderer.render(.transitionSpecialist, languageTag: "en-GB",
                                             values: [.category: "your refund", .position: "2", .wait: "5 minutes"])
        #expect(transition.text.hasPrefix("I want to connect you with a specialist who can help with your refund. "
                                          + "You are number 2 in the queue, and the wait is about 5 minutes."))
        let joined = try renderer.render(.agentJoined, languageTag: "en", values: [.agentName: "Ana"])
        #expect(joined.text == "Ana has joined. I have shared our conversation with Ana so you will not need to repeat anything.")
        for kind in MessageKind.allCases {
            let source = DefaultTemplates.source(for: kind, locale: .en).lowercased()
            #expect(!source.contains("cannot") && !source.contains("can't") && !source.contains("unable"), "\(kind)")
        }
    }

    /// The number of minutes and its word agree in every language: "about 1 minute", not "about 1 minutes".
    @Test(arguments: [
        (MessageLocale.en, "about 1 minute.", "about 8 minutes."), (.es, "alrededor de 1 minuto.", "alrededor de 8 minutos."),
        (.fr, "environ 1 minute.", "environ 8 minutes."), (.de, "etwa 1 Minute.", "etwa 8 Minuten."),
    ])
    func theWaitAgreesWithItsNumber(_ locale: MessageLocale, _ one: String, _ eight: String) throws {
        let composer = TransitionComposer()
        for (seconds, expected) in [(45.0, one), (60.0, one), (61.0, eight.replacingOccurrences(of: "8", with: "2")), (480.0, eight)] {
            let composed = try composer.compose(.transitionSpecialist, languageTag: locale.rawValue,
                                                facts: .init(position: 2, waitSeconds: seconds, family: .payment))
            #expect(composed.message.text.contains(expected), "\(locale) \(seconds) s: \(composed.message.text)")
        }
    }

    @Test func aTenantsTemplateMayWriteItsOwnUnitWithTheNumberAlone() throws {
        var renderer = TemplateRenderer()
        try renderer.setOverride("{{category}}: #{{position}}, ~{{wait_minutes}} min", for: .transitionSpecialist, locale: .en)
        let text = try renderer.render(.transitionSpecialist, languageTag: "en",
                                       values: [.category: "your refund", .position: "2", .wait: "5 minutes", .waitMinutes: "5"]).text
        #expect(text == "your refund: #2, ~5 min")
    }

    @Test func anOverrideReplacesTheDefaultInItsLocaleOnly() throws {
        var renderer = TemplateRenderer()
        try renderer.setOverride("Hola{{ customer_name }}, {{agent_name}} ya está aquí.", for: .agentJoined, locale: .es)
        let spanish = try renderer.render(.agentJoined, languageTag: "es-MX", values: [.agentName: "Ana", .customerName: " María"])
        #expect(spanish == RenderedMessage(text: "Hola María, Ana ya está aquí.", locale: .es, fromOverride: true))
        // The optional name may be absent.
        let anonymous = try renderer.render(.agentJoined, languageTag: "es", values: [.agentName: "Ana"])
        #expect(anonymous.text == "Hola, Ana ya está aquí.")
        let french = try renderer.render(.agentJoined, languageTag: "fr", values: [.agentName: "Ana"])
        #expect(!french.fromOverride && french.text.hasPrefix("Ana a rejoint la conversation."))
        renderer.removeOverride(for: .agentJoined, locale: .es)
        let restored = try renderer.render(.agentJoined, languageTag: "es", values: [.agentName: "Ana"])
        #expect(!restored.fromOverride && restored.text.hasPrefix("Ana se ha unido a la conversación."))
    }

    @Test func valuesAreInsertedAsTheyAre() throws {
        let text = try TemplateRenderer.render(template: "{{agent_name}} joined", kind: .agentJoined,
                                               values: [.agentName: "{{summary}}"])
        #expect(text == "{{summary}} joined")
    }

    @Test(arguments: [("es-MX", MessageLocale.es), ("DE_at", .de), ("fr", .fr), ("en-US", .en), ("pt-BR", .en), ("", .en)])
    func languageTagsPickTheLocale(_ tag: String, _ locale: MessageLocale) throws {
        #expect(MessageLocale.resolve(tag) == locale)
        let message = try TemplateRenderer().render(.agentJoined, languageTag: tag, values: [.agentName: "Ana"])
        #expect(message.locale == locale)
    }

    @Test func optionLabelsMatchTheProtoAndDifferPerLocale() {
        #expect(CustomerOption.allCases.map(\.rawValue) == [1, 2, 3, 4])
        for locale in MessageLocale.allCases {
            let labels = CustomerOption.allCases.map { $0.label(in: locale) }
            #expect(Set(labels).count == labels.count, "\(locale)")
        }
        #expect(CustomerOption.callback.label(in: .de) == "Rückruf anfordern")
    }
}
