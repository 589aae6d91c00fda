import Wire

/// The fixed words around the quotes of a summary, per locale.
struct SummaryPhrases {
    let locale: MessageLocale

    /// Words that mark a customer's request, lower case, matched at the
    /// start of a word.
    static let requestCues: [MessageLocale: [String]] = [
        .en: ["i want", "i would like", "i'd like", "i need", "please", "can you", "could you", "i expect", "i demand",
              "let me", "i'm asking", "i am asking"],
        .es: ["quiero", "quisiera", "necesito", "por favor", "pueden", "puedes", "podrían", "podéis", "exijo", "solicito"],
        .fr: ["je veux", "je voudrais", "j'aimerais", "il me faut", "pouvez-vous", "pourriez-vous", "merci de",
              "s'il vous plaît", "je demande", "j'exige"],
        .de: ["ich möchte", "ich will", "ich brauche", "bitte", "können sie", "könnten sie", "ich erwarte", "ich verlange"],
    ]

    /// Steps named in the summary; the rest are counted ("… (+3)"). With
    /// the two quotes, this keeps a summary under 1,200 characters.
    static let maximumSteps = 5
    /// Longest step description in the summary, in characters.
    static let maximumStep = 120

    /// Sentence 1 with the customer's words.
    func issue(topic: String, quote: String) -> String {
        switch locale {
        case .en: "Issue (\(topic)): \u{201C}\(quote)\u{201D}."
        case .es: "Problema (\(topic)): «\(quote)»."
        case .fr: "Problème (\(topic)) : « \(quote) »."
        case .de: "Anliegen (\(topic)): \u{201E}\(quote)\u{201C}."
        }
    }

    /// Sentence 1 when the customer wrote nothing quotable.
    func issueWithoutQuote(topic: String) -> String {
        switch locale {
        case .en: "Issue: \(topic)."
        case .es: "Problema: \(topic)."
        case .fr: "Problème : \(topic)."
        case .de: "Anliegen: \(topic)."
        }
    }

    /// Sentence 2: what the customer asks for.
    func request(quote: String) -> String {
        switch locale {
        case .en: "The customer asks: \u{201C}\(quote)\u{201D}."
        case .es: "El cliente pide: «\(quote)»."
        case .fr: "Le client demande : « \(quote) »."
        case .de: "Wunsch des Kunden: \u{201E}\(quote)\u{201C}."
        }
    }

    /// Sentence 3: the steps with their results, or that nothing was tried.
    func tried(_ steps: [HandoffV1.AttemptedStep], locale: MessageLocale) -> String {
        guard !steps.isEmpty else {
            return switch locale {
            case .en: "Nothing was tried before the handoff."
            case .es: "No se intentó nada antes del traspaso."
            case .fr: "Rien n'a été tenté avant le transfert."
            case .de: "Vor der Übergabe wurde nichts versucht."
            }
        }
        var items = steps.prefix(Self.maximumSteps).map { step in
            let description = SummaryWriter.quote(SummaryWriter.trim(step.description), limit: Self.maximumStep)
            let result = self.result(step.result)
            return result.isEmpty ? description : "\(description) (\(result))"
        }
        if steps.count > Self.maximumSteps { items.append("… (+\(steps.count - Self.maximumSteps))") }
        let list = items.joined(separator: "; ")
        return switch locale {
        case .en: "Already tried: \(list)."
        case .es: "Ya se intentó: \(list)."
        case .fr: "Déjà essayé : \(list)."
        case .de: "Bereits versucht: \(list)."
        }
    }

    /// A step's result in a word or two.
    func result(_ result: HandoffV1.StepResult) -> String {
        switch (result, locale) {
        case (.succeeded, .en): "done"
        case (.succeeded, .es): "hecho"
        case (.succeeded, .fr): "fait"
        case (.succeeded, .de): "erledigt"
        case (.failed, .en): "failed"
        case (.failed, .es): "falló"
        case (.failed, .fr): "échec"
        case (.failed, .de): "fehlgeschlagen"
        case (.notAllowed, .en): "not allowed"
        case (.notAllowed, .es): "no permitido"
        case (.notAllowed, .fr): "non autorisé"
        case (.notAllowed, .de): "nicht erlaubt"
        case (.pending, .en): "pending"
        case (.pending, .es): "pendiente"
        case (.pending, .fr): "en attente"
        case (.pending, .de): "ausstehend"
        default: ""
        }
    }
}
