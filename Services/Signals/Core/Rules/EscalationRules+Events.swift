import Wire

/// Technical events passed with the turn, and policy cues: money above the
/// tenant's limit, proposed by the bot or asked for by the customer.
extension EscalationRules {
    /// `events`: every event of the conversation so far (remembered ones
    /// included); `customer`: the customer's messages, read for a failed
    /// payment charged anyway and for a setting change told as their own.
    func eventTriggers(_ events: [CommonV1.TechnicalEvent], customer: [CustomerMessage],
                       thresholds: SignalsV1.Thresholds, into triggers: inout [Trigger]) {
        let settings = thresholds.technical ?? Defaults.thresholds.technical!
        let defaults = Defaults.thresholds.technical!
        // One event may report the third attempt: count attempts, not events.
        let failedPayments = events.filter { $0.kind == .paymentFailed }
        let attempts = failedPayments.map { event -> Int in
            if case .paymentFailure(let failure)? = event.detail { return max(1, Int(failure.attempt)) }
            return 1
        }
        let failures = max(failedPayments.count, attempts.max() ?? 0)
        let limit = Int(settings.failedPayments > 0 ? settings.failedPayments : defaults.failedPayments)
        let charged = Int(settings.failedPaymentsMoneyTaken > 0 ? settings.failedPaymentsMoneyTaken : defaults.failedPaymentsMoneyTaken)
        let moneyTaken = failures >= charged && failures < limit
            ? customer.lazy.compactMap { message -> (index: Int, phrases: [String])? in
                // Not denied: "I haven't been charged", "nothing was debited", "abgebucht wurde aber nix".
                let phrases = self.moneyTaken.matches(inNormalized: message.normalized)
                    .filter { !Self.denied($0, inNormalized: message.normalized) }
                    + self.moneyTakenPairs.find(inNormalized: message.normalized).values.filter { pair in
                        // "Vom Konto ist zum Glück noch nichts runter".
                        !Self.denied(String(pair.splitOnSpaces().last ?? ""), inNormalized: message.normalized)
                    }
                return phrases.isEmpty ? nil : (message.index, phrases)
            }.last : nil
        let escalates = failures >= limit || moneyTaken != nil
        if failures >= 2 || escalates {
            // Twice may be a typo; at the limit the customer cannot pay and the bot cannot fix it.
            triggers.append(Self.trigger(.technicalEvent, "technical.repeated_payment_failure",
                                         score: escalates ? 1 : 0.8, threshold: Double(moneyTaken != nil ? charged : limit),
                                         messages: moneyTaken.map { [$0.index] } ?? [], phrases: moneyTaken?.phrases ?? [],
                                         events: failedPayments, measurements: ["failed_payments": Double(failures)],
                                         explanation: moneyTaken != nil ? "\(failures) failed payments, and the money was taken"
                                             : "\(failures) failed payments"))
        }
        let errors = events.filter { $0.kind == .errorCode }
        let forReview = errors.filter { event in
            guard case .errorReport(let report)? = event.detail else { return false }
            return settings.manualReviewErrorCodes.contains(report.code)
        }
        if !forReview.isEmpty {
            triggers.append(Self.trigger(.technicalEvent, "technical.error_manual_review", score: 1, threshold: 1,
                                         events: forReview, explanation: "An error code the tenant sends to manual review"))
        } else if !errors.isEmpty {
            triggers.append(Self.trigger(.technicalEvent, "technical.error_code", score: 0.5, threshold: 1, events: errors,
                                         explanation: "Error codes reported with the turn"))
        }
        let sensitive = settings.sensitiveSettings.isEmpty ? Lexicons.sensitiveSettings
            : Set(settings.sensitiveSettings.map { $0.lowercased() })
        let changed = events.filter { event in
            guard event.kind == .settingsChanged, case .settingChange(let change)? = event.detail else { return false }
            return !change.changedByCustomer && sensitive.contains(change.setting.lowercased())
        }
        // The customer telling of the change as their own ("ich habe heute die E-Mail-Adresse geändert").
        let takeover = changed.isEmpty || customer.contains(where: {
            UnrecognisedChange.ownChange(inNormalized: $0.normalized, disowning: disowningChange)
        }) ? [] : changed
        if !takeover.isEmpty {
            triggers.append(Self.trigger(.technicalEvent, "technical.sensitive_setting_changed", score: 1, threshold: 1,
                                         events: takeover,
                                         explanation: "A security setting was changed by someone other than the customer"))
        }
    }

    /// Whether a normalised text tells of money already granted: a listed
    /// phrase ("already approved", "a validé"), or a German passive or
    /// perfect with the participle last, words apart ("mir wurde letzte Woche
    /// eine Erstattung von 800 € … bestätigt", "Sie haben mir am 25.11. per
    /// Mail bestätigt"), not denied ("nicht genehmigt").
    func saysGranted(_ text: String) -> Bool {
        // Not denied ("I never approved it last month, I want it back").
        if !approved.matches(inNormalized: text, unlessAfter: Self.negations, window: 3).isEmpty { return true }
        let words = text.splitOnSpaces()
        // Granted by someone named, in a relative clause after the money ("the £480 refund for the cancelled suite
        // that Marta confirmed on Friday"); not the customer, nor denied ("that nobody approved").
        // The relative clause must follow the payout itself ("my £480 back for the booking that was confirmed
        // twice" grants nothing).
        for index in words.indices.dropFirst(2) where Self.grantingVerbs.contains(words[index]) {
            if ["that", "which"].contains(words[index - 2]), !Self.notGranting.contains(words[index - 1]),
               words[max(0, index - 8)..<(index - 2)].contains(where: Self.payouts.contains) {
                return true
            }
        }
        // French puts a word or two between the auxiliary and the participle ("Votre collègue m'a confirmé hier le
        // remboursement", "m'a bien validé"), and the participle may end the clause.
        for index in words.indices where Self.frenchGrantingAuxiliaries.contains(words[index]) {
            let next = words[(index + 1)...].prefix(3)
            if next.contains(where: Self.frenchGrantedParticiples.contains), !next.contains(where: { $0 == "pas" || $0 == "jamais" }) {
                return true
            }
        }
        guard let auxiliary = words.firstIndex(where: Self.grantingAuxiliaries.contains) else { return false }
        // An amount over a limit has three digits or more; a date's parts ("vom 12.03.") have fewer, a year is no amount.
        func moneyWord(_ word: Substring) -> Bool { Self.grantedMoney.contains { word.hasPrefix($0) || word.hasSuffix($0) } }
        func money(_ word: Substring) -> Bool {
            word.count >= 3 && word.allSatisfy(\.isNumber) && !(word.count == 4 && (word.hasPrefix("19") || word.hasPrefix("20")))
                || moneyWord(word)
        }
        // A pronoun right before the auxiliary takes up the amount or money named right before it ("die
        // Rückerstattung …, 1.240 € — die wurde letzte Woche ja schon bestätigt"; not "die Verspätung, die wurde …").
        let takesUpMoney = auxiliary > 1 && Self.referringPronouns.contains(words[auxiliary - 1])
            && words[max(0, auxiliary - 3)..<(auxiliary - 1)].contains(where: money)
            // Or, the subject dropped, a new clause opened by the auxiliary after a clause about the money ("ob meine
            // Rückerstattung von 480 € durch ist. Wurde letzte Woche genehmigt").
            || auxiliary > 1 && Self.clauseEndingVerbs.contains(words[auxiliary - 1])
                && words[max(0, auxiliary - 5)..<(auxiliary - 1)].contains(where: money)
        // The clause may hold a date, a booking and a route before its participle ("hat mir am 3. März am Telefon
        // die Erstattung von 890 € für die stornierte Verbindung Hamburg–Lissabon … bereits bestätigt").
        return words.indices.dropFirst(auxiliary + 1).prefix(24).contains { index in
            Self.grantedParticiples.contains(words[index])
                && !words[max(auxiliary, index - 2)..<index].contains(where: { ["nicht", "kein", "keine", "nie"].contains($0) })
                // Granted to the customer or about money; "der Techniker hat Totalschaden bestätigt" grants nothing.
                && (takesUpMoney || words[(auxiliary + 1)..<index].contains { word in
                    ["mir", "uns", "ihnen"].contains(word) || word.first?.isNumber == true || moneyWord(word)
                })
        }
    }

    /// English verbs of granting in the past, after who granted.
    static let grantingVerbs: Set<Substring> = ["confirmed", "approved", "authorised", "authorized"]

    /// Who grants nothing: the customer, or nobody.
    static let notGranting: Set<Substring> = [
        "i", "we", "i've", "we've", "never", "not", "nobody", "no", "was", "wasn't", "is", "isn't", "hasn't", "weren't",
    ]

    /// Payouts a relative clause may grant.
    static let payouts: Set<Substring> = ["refund", "refunds", "compensation", "credit", "payout", "reimbursement", "voucher"]

    /// German verbs that end a clause, after which an auxiliary opens the next without its subject ("… durch ist.
    /// Wurde genehmigt").
    static let clauseEndingVerbs: Set<Substring> = ["ist", "sind", "war", "waren", "kommt", "kam"]

    /// German pronouns that take up what was named before them, right before a granting auxiliary ("die wurde …").
    static let referringPronouns: Set<Substring> = ["die", "sie", "das", "es", "der", "diese", "dieser", "dies"]

    /// Stems of the money a German clause grants ("die Rückerstattung", "eine Gutschrift", "den Betrag", "800 Euro").
    static let grantedMoney = ["erstattung", "gutschrift", "entschadigung", "betrag", "geld", "euro", "zahlung", "kulanz"]

    /// French auxiliaries of a compound past, with the pronoun elided before them.
    static let frenchGrantingAuxiliaries: Set<Substring> = ["m'a", "m'ont", "nous", "ont", "a", "avez", "avait"]

    /// French participles of granting.
    static let frenchGrantedParticiples: Set<Substring> = [
        "confirme", "confirmee", "valide", "validee", "accorde", "accordee", "approuve", "approuvee", "octroye", "octroyee",
    ]

    /// German auxiliaries a granting participle comes last after ("wurde … bestätigt", "haben mir … bestätigt",
    /// "Sie hatten mir … bestätigt").
    static let grantingAuxiliaries: Set<Substring> = ["wurde", "wurden", "haben", "hat", "hatte", "hatten"]

    /// German participles of granting, as a passive puts them last.
    static let grantedParticiples: Set<Substring> = ["bestatigt", "genehmigt", "bewilligt", "zugesagt", "freigegeben"]

    func policyTriggers(_ action: CommonV1.RequestedAction?, text: String,
                        words: PhraseMatcher.Words, original: String, index: Int,
                        claimOpened: () -> Bool, thresholds: SignalsV1.Thresholds, into triggers: inout [Trigger]) {
        let limits = Dictionary((thresholds.policy ?? Defaults.thresholds.policy!).refundLimits
            .map { ($0.currencyCode.uppercased(), $0.amountMinor) }, uniquingKeysWith: { min($0, $1) })
        guard !limits.isEmpty else { return }
        let proposed: CommonV1.Money? = switch action?.kind {
        case .refund(let refund)?: refund.amount
        case .accountCredit(let credit)?: credit.amount
        case .custom(let custom)?: custom.amount
        default: nil
        }
        // A payout the customer says was already granted ("your claims team approved my refund of $900 … when will
        // it reach my card?") is followed up, not requested, even when the bot's action names it.
        if let amount = proposed, let limit = limits[amount.currencyCode.uppercased()], amount.amountMinor >= limit,
           !saysGranted(text) {
            triggers.append(Self.trigger(.policy, "policy.refund_over_threshold", score: 1, threshold: Double(limit),
                                         measurements: ["amount_minor": Double(amount.amountMinor)],
                                         explanation: "A refund or credit of \(amount.amountMinor) \(amount.currencyCode) minor units is over the limit"))
            return
        }
        // "I want compensation of €300": the customer names the amount; or
        // wants it back ("the full £310 back").
        // German entitlement is claimed with its particle, after the amount ("stehen uns je 400 € zu"); without it
        // "steht mir" offers a choice ("Welche Geräte stehen mir zur Auswahl?").
        var phrases = refundRequest.matches(inNormalized: text, words: words).filter {
            !Self.entitlements.contains($0) || Self.particleFollows($0, inNormalized: text)
        }
        var mentioned = phrases.isEmpty ? [] : MoneyMention.all(in: original)
        if phrases.isEmpty, !amountBack.matches(inNormalized: text, words: words).isEmpty {
            mentioned = MoneyMention.wantedBack(in: original)
            if !mentioned.isEmpty { phrases = ["… back"] }
        }
        // The amount told in answer to a claim opened the message before ("Genau. … je 400 Euro, also 800 Euro
        // insgesamt" after "Möchten Sie eine Entschädigung beantragen?").
        // Most messages name no figure: finding amounts reads Unicode properties scalar by scalar, and the earlier
        // messages are read only for one that does.
        if phrases.isEmpty, original.utf8.contains(where: { (0x30...0x39).contains($0) }), claimOpened() {
            mentioned = MoneyMention.all(in: original)
            if !mentioned.isEmpty { phrases = ["… claim opened before"] }
        }
        guard !phrases.isEmpty, !saysGranted(text),
              let asked = mentioned
                  .filter({ mention in limits[mention.currencyCode].map { mention.amountMinor >= $0 } ?? false })
                  .max(by: { $0.amountMinor < $1.amountMinor })
        else { return }
        triggers.append(Self.trigger(.policy, "policy.requested_amount_over_threshold", score: 1,
                                     threshold: Double(limits[asked.currencyCode]!), messages: [index], phrases: phrases,
                                     measurements: ["amount_minor": Double(asked.amountMinor)],
                                     explanation: "The customer asks for \(asked.amountMinor) \(asked.currencyCode) minor units, over the limit"))
    }

    /// German phrases of entitlement, whose separable particle "zu" follows later in the clause.
    static let entitlements: Set<String> = ["steht mir", "stehen mir", "steht uns", "stehen uns"]

    /// Whether "zu" follows `phrase` in `text` within eight words ("zur
    /// Auswahl", "zur Verfügung" are another word).
    static func particleFollows(_ phrase: String, inNormalized text: String) -> Bool {
        let words = text.splitOnSpaces()
        let phraseWords = phrase.splitOnSpaces()
        return words.indices.contains { start in
            words[start...].starts(with: phraseWords) && words[(start + phraseWords.count)...].prefix(8).contains("zu")
        }
    }

    /// Whether every occurrence of a money-taken `phrase` in `text` is
    /// denied: a negation right before it, or before an auxiliary right
    /// before it ("haven't been debited", "nothing was taken", "nichts
    /// abgebucht"); or, as German puts it, an auxiliary and a negation right
    /// after it ("abgebucht wurde aber nix", "belastet wurde nichts"), not a
    /// "nicht" further on ("abgebucht und nicht zurückgebucht"). Spanish
    /// "no" is left out: "No, me cobraron dos veces" answers the bot first.
    static func denied(_ phrase: String, inNormalized text: String) -> Bool {
        PhraseMatcher.everyOccurrence(of: phrase, inNormalized: text) { words, start, end in
            let before = start > 0 && takenAuxiliaries.contains(words[start - 1]) ? start - 1 : start
            if before > 0, takenNegations.contains(words[before - 1]) { return true }
            // Spanish denies with "no", a clitic and its auxiliary ("no me han debitado nada"); a bare "no" answers.
            if before >= 2, before < start, ["me", "nos", "se", "le", "te"].contains(words[before - 1]), words[before - 2] == "no" {
                return true
            }
            var after = words[end...].prefix(3)
            guard let auxiliary = after.first, takenAuxiliaries.contains(auxiliary) else { return false }
            after = after.dropFirst().drop { $0 == "aber" || $0 == "noch" }
            return after.first.map { ["nix", "nichts", "nicht"].contains($0) } ?? false
        }
    }

    /// Negations that deny money taken when they stand right before it.
    static let takenNegations: Set<Substring> = [
        "not", "haven't", "hasn't", "hadn't", "wasn't", "weren't", "never", "nothing", "nicht", "nichts", "nix",
        "nie", "nunca", "nada", "pas", "jamais", "rien",
    ]

    /// Auxiliaries between a negation and the money taken ("haven't been charged"), or after it in German
    /// ("abgebucht wurde nichts").
    static let takenAuxiliaries: Set<Substring> = [
        "been", "was", "were", "is", "ete", "wurde", "wurden", "ist", "hat", "ha", "han", "he", "hemos",
    ]
}
