import Wire

/// Explicit requests for a person and capability limits: what the customer
/// says they want, or a matter the bot may not handle.
extension EscalationRules {
    /// A request for a person in the customer's own words: not negated ("no
    /// need to put me through"), not quoted or reported from someone else
    /// ("my friend said just demand a supervisor"), not a look-alike ("human
    /// resources"): a listed phrase, or a clause shaped like a request
    /// (``PersonRequest``: "can one of your people look at this?"); or a
    /// bare "Representative." said to a voice menu.
    func explicitRequest(_ text: String, words: PhraseMatcher.Words, original: String,
                         index: Int, into triggers: inout [Trigger]) {
        var phrases = humanRequest.matches(inNormalized: text, words: words, unlessAfter: Self.negations, window: 3)
        if !phrases.isEmpty {
            // The customer's own clauses, worked out once: the costly part of a long message.
            let clauses = SpeechScope.ownClauses(original)
            let names = SpeechScope.names(in: original)
            phrases = humanRequest.matches(inNormalized: SpeechScope.ownWords(clauses), unlessAfter: Self.negations, window: 3)
                .filter { !SpeechScope.toldAbout($0, inNormalized: text, names: names) }
            // Declined further back in its clause than the negation window reads ("no need to call me back or
            // put me through to an advisor").
            if !phrases.isEmpty {
                phrases = phrases.filter { !PersonRequest.declinedEverywhere(PhraseMatcher.normalize($0), in: clauses) }
            }
        } else if !personWords.matches(inNormalized: text, words: words).isEmpty, PersonRequest.mayHold(inNormalized: text) {
            // Not someone told about ("der Mitarbeiter am Telefon meinte, er würde … eskalieren").
            let names = SpeechScope.names(in: original)
            phrases = PersonRequest.find(in: SpeechScope.ownClauses(original))
                .filter { !SpeechScope.toldAbout($0, inNormalized: text, names: names) }
        }
        if phrases.isEmpty, !bareHumanRequestWords.matches(inNormalized: text, words: words).isEmpty {
            phrases = bareRequest(original)
        }
        guard !phrases.isEmpty else { return }
        triggers.append(Self.trigger(.explicitRequest, "explicit.request_for_human", score: 1, threshold: 1,
                                     messages: [index], phrases: phrases,
                                     explanation: "The customer asked for a person"))
    }

    /// A sentence made only of a request word and fillers ("No. A fee.
    /// Representative."), as callers talk to voice menus.
    func bareRequest(_ original: String) -> [String] {
        for sentence in original.split(whereSeparator: { ".!?¡¿\n;".contains($0) }) {
            let words = PhraseMatcher.normalize(String(sentence)).splitOnSpaces().map(String.init)
            if words.contains(where: bareHumanRequest.contains),
               words.allSatisfy({ bareHumanRequest.contains($0) || bareRequestFiller.contains($0) }) {
                return words.filter(bareHumanRequest.contains)
            }
        }
        return []
    }

    /// Whether every "passed" in `text` is a test passed ("my son (17, just
    /// passed his test)", "she passed her driving exam"), not a death.
    static func passedExam(_ word: String, inNormalized text: String) -> Bool {
        guard word == "passed" else { return false }
        let words = text.splitOnSpaces()
        let occurrences = words.indices.filter { words[$0] == "passed" }
        return !occurrences.isEmpty && occurrences.allSatisfy { index in
            words[(index + 1)...].prefix(3).contains { examWords.contains(String($0)) }
        }
    }

    /// Whether `phrase` disowns damage, not a charge ("me han cobrado un
    /// cargo por daños que no hice": the van was returned unscratched): a
    /// dispute about a damage fee, no fraud.
    static func disownsDamage(_ phrase: String, inNormalized text: String) -> Bool {
        disowningPhrases.contains(phrase) && disownsDamage(inNormalized: text)
    }

    /// Whether `text` disowns damage right after naming it ("por desperfectos que no hice").
    static func disownsDamage(inNormalized text: String) -> Bool {
        damageNouns.contains { noun in disowningPhrases.contains { text.contains(" \(noun) \($0) ") } }
    }

    /// Phrases that disown whatever precedes them (``Lexicons/security``, and ``DisownedAction``'s Spanish denials).
    static let disowningPhrases: Set<String> = [
        "que no hice", "que yo no hice", "que no he hecho", "que je n'ai pas fait", "que je n'ai pas faits",
        "que je n'ai pas faites", "i didn't do", "i didn't cause", "i did not cause",
    ]

    /// Damage a hire company may charge for, named before the phrase that disowns it.
    static let damageNouns = [
        "danos", "dano", "desperfectos", "golpe", "golpes", "rayon", "rayones", "aranazo", "aranazos", "degats",
        "degat", "rayure", "rayures", "damage", "dent", "scratch", "scratches",
    ]

    /// Whether every occurrence of `phrase` in `text` is taken back right
    /// after it ("mi abogado, digo mi asesor fiscal", "my lawyer, I mean my
    /// accountant"): a slip of the tongue, corrected.
    static func retracted(_ phrase: String, inNormalized text: String) -> Bool {
        PhraseMatcher.everyOccurrence(of: phrase, inNormalized: text) { words, _, end in
            retractions.contains { words[end...].starts(with: $0) }
        }
    }

    /// Words that take back what was just said.
    static let retractions: [[Substring]] = [
        "digo", "quiero decir", "perdon", "i mean", "sorry i mean", "je veux dire", "pardon", "ich meine",
        "besser gesagt",
    ].map { $0.splitOnSpaces() }

    /// Whether every "swallowed" in `text` is a card a machine kept ("the
    /// cash machine swallowed my card", "my card got swallowed by the ATM"),
    /// not something a person swallowed.
    static func swallowedByMachine(_ word: String, inNormalized text: String) -> Bool {
        guard word == "swallowed" else { return false }
        return PhraseMatcher.everyOccurrence(of: word, inNormalized: text) { words, index, _ in
            let near = words[max(0, index - 4)..<min(words.count, index + 5)]
            return near.contains { cardMachines.contains(String($0)) } && near.contains { cards.contains(String($0)) }
                || index >= 2 && cards.contains(String(words[index - 2])) && ["got", "was", "been"].contains(words[index - 1])
        }
    }

    /// Machines that keep cards; with a card named near, since "a washing machine tablet" can be swallowed too.
    static let cardMachines: Set<String> = ["machine", "atm", "cashpoint", "terminal", "kiosk"]

    /// A card, for ``swallowedByMachine(_:inNormalized:)``.
    static let cards: Set<String> = ["card", "cards"]

    /// What one passes that is no death: tests, exams, checks.
    static let examWords: Set<String> = [
        "test", "tests", "exam", "exams", "driving", "theory", "inspection", "mot", "probation", "interview", "audition",
        "course", "check", "checks", "assessment", "screening",
    ]

    /// Whether a pair of a place never visited and a charge is about
    /// roaming ("a roaming charge of 38 quid from 'Andorra'?? never been
    /// there"): a phone that latched on to a network across a border, a
    /// billing matter, not someone else paying with the customer's card.
    static func roamingCharge(_ pair: String, inNormalized text: String) -> Bool {
        guard let first = pair.splitOnSpaces(maxSplits: 1).first, ["never", "nunca", "jamais", "nie"].contains(first)
        else { return false }
        return text.splitOnSpaces().contains { $0.hasPrefix("roaming") || $0.hasPrefix("itineran") }
    }

    /// Whether every occurrence of a capability `phrase` in `text` names a
    /// product or a precaution: followed by a device or service noun ("fraud
    /// alert", "carbon monoxide detector") or after a verb of detecting or
    /// preventing ("detects carbon monoxide").
    static func namesProduct(_ phrase: String, inNormalized text: String) -> Bool {
        var rest = Substring(text)
        var occurrences = 0
        while let range = rest.range(of: " \(phrase) ") {
            occurrences += 1
            let before = rest[..<range.lowerBound].splitOnSpaces().last.map(String.init) ?? ""
            let after = rest[range.upperBound...].prefix { $0 != " " }
            guard productNouns.contains(String(after)) || precautionVerbs.contains(before) else { return false }
            rest = rest[rest.index(before: range.upperBound)...]
        }
        return occurrences > 0
    }

    /// Every word of the first set of each of `pairs` (a pair is only ever found at one of them, so a message
    /// without one skips the search, however common the words of the other sets: "was", "went"), with its
    /// possessive ("daughter's") and its elided articles ("d'odeur").
    static func cueWords(_ pairs: [(name: String, sets: [Set<String>])]) -> Set<String> {
        Set(pairs.flatMap { $0.sets.first ?? [] }.flatMap { word in
            // With its French elided articles before a vowel ("d'odeur", "l'insuline"), as CapabilityPairs reads them.
            [word, "\(word)'s"] + ("aeiouyh".contains(word.first ?? " ") ? CapabilityPairs.elisions.map { $0 + word } : [])
        })
    }

    /// Capability limits that are the customer's own threats, so only the
    /// customer's own words count (``SpeechScope``); incidents told by
    /// someone else ("the bank said my card was used") are still incidents.
    static let reportable: Set<String> = ["capability.legal", "capability.regulator", "capability.chargeback"]

    /// Whether `text` dates what it tells years back: "years ago", "hace
    /// cinco años", "il y a dix ans", "vor zwei Jahren", "last year", "in 2019".
    static func longAgo(inNormalized text: String) -> Bool {
        let words = text.splitOnSpaces().map(String.init)
        for (position, word) in words.enumerated() {
            if yearUnits.contains(word) {
                if position + 1 < words.count, words[position + 1] == "ago" { return true }
                let before = words[max(0, position - 4)..<position]
                if before.contains(where: agoBefore.contains) || before.starts(with: ["il", "y", "a"]) { return true }
                if position + 1 < words.count, lastAfter.contains(words[position + 1]) { return true }
                if position > 0, lastBefore.contains(words[position - 1]) { return true }
            }
            if word.count == 4, let year = Int(word), (1950...2025).contains(year), position > 0,
               ["in", "en", "im", "since", "seit", "depuis", "desde"].contains(words[position - 1]) {
                return true
            }
        }
        return false
    }

    static let yearUnits: Set<String> = [
        "year", "years", "ano", "anos", "ans", "annees", "l'an", "l'annee", "jahr", "jahren",
    ]
    /// "hace cinco años", "vor zwei Jahren" (and "il y a dix ans").
    static let agoBefore: Set<String> = ["hace", "vor"]
    /// "el año pasado", "l'an dernier", "l'année dernière".
    static let lastAfter: Set<String> = ["pasado", "dernier", "derniere"]
    /// "last year", "letztes Jahr".
    static let lastBefore: Set<String> = ["last", "letztes", "letzten", "vergangenes", "vergangenen"]

    /// Whether every occurrence of a capability `phrase` in `text` is a case
    /// supposed rather than told: right after a condition ("if", "in case",
    /// "au cas où", "falls") in a message that asks about what would happen
    /// ("so I'd know if someone used my card", "what happens if my card is
    /// stolen?"). "Can you check if someone logged in?" supposes nothing: it
    /// has no word of a supposed outcome.
    static func hypothetical(_ phrase: String, inNormalized text: String) -> Bool {
        let words = text.splitOnSpaces()
        guard words.contains(where: { supposedOutcomes.contains(String($0)) }) else { return false }
        let phraseWords = phrase.splitOnSpaces()
        var occurrences = 0
        for start in words.indices where words[start...].starts(with: phraseWords) {
            occurrences += 1
            // "Falls ich irgendwann einmal einen Anwalt bräuchte": the condition may stand a few words back.
            guard words[max(0, start - 6)..<start].contains(where: { conditions.contains(String($0)) }) else { return false }
        }
        return occurrences > 0
    }

    /// Whether "not my account" is followed by whose it is, a relative's
    /// ("It's not my account, it's my son's"): an account the customer
    /// manages for family, not an account taken over.
    static func relativesAccount(_ phrase: String, inNormalized text: String) -> Bool {
        guard phrase == "not my account", let range = text.range(of: " not my account ") else { return false }
        return text[range.upperBound...].splitOnSpaces().prefix(5).contains { word in
            word.hasSuffix("'s") && Lexicons.relatives.contains(String(word.dropLast(2)))
        }
    }

    /// Whether every occurrence of `word`, someone of a security pair, is
    /// asked for rather than told of: right after a modal or "is there"
    /// ("can someone tell me how many points I used?", "¿puede alguien
    /// revisar mi cuenta?"). "Someone has used my points" tells of someone.
    static func asksForSomeone(_ word: String, inNormalized text: String) -> Bool {
        guard askedSomeone.contains(word) else { return false }
        let words = text.splitOnSpaces()
        var occurrences = 0
        for index in words.indices where words[index] == word {
            occurrences += 1
            guard index > 0, askingModals.contains(String(words[index - 1])) else { return false }
        }
        return occurrences > 0
    }

    /// Someone, as the security pairs name them.
    static let askedSomeone: Set<String> = ["someone", "somebody", "alguien", "quelqu'un", "jemand"]

    /// Words right before someone that ask for them.
    static let askingModals: Set<String> = [
        "can", "could", "will", "would", "there", "puede", "podria", "pueda", "hay", "peut", "pourrait", "kann",
        "konnte", "konnen",
    ]

    /// Whether a message asks about a supposed case anywhere ("if someone
    /// ever stole my card, how quickly could I freeze it?"): a condition and
    /// a word of what would follow. The learned cues have no phrase to place
    /// after the condition, as ``hypothetical(_:inNormalized:)`` does.
    static func supposes(inNormalized text: String) -> Bool {
        let words = text.splitOnSpaces().map(String.init)
        return words.contains(where: conditions.contains) && words.contains(where: supposedOutcomes.contains)
    }

    /// Whether every person word of a message is the subject of a supposed
    /// case ("so if someone drops I get in automatically?", "si alguien
    /// cancela…"): someone who may act, not someone asked for. Asking
    /// politely is no supposed case ("if someone could call me back", "si
    /// alguien me puede llamar", "wenn jemand mich zurückrufen könnte", "if
    /// someone is available"): a modal within the next four words.
    static func supposesPerson(inNormalized text: String) -> Bool {
        let words = text.splitOnSpaces().map(String.init)
        let persons = words.indices.filter { PersonRequest.persons.contains(words[$0]) }
        return !persons.isEmpty && persons.allSatisfy { index in
            index > 0 && conditions.contains(words[index - 1]) && index + 1 < words.count
                && !words[(index + 1)...].prefix(4).contains(where: politeModals.contains)
        }
    }

    /// The customer asking to be put in a role on the account ("the billing contact is still my old colleague who
    /// left. can that be me"): the person wanted is the customer, not one of the company's.
    static let selfInRole = PhraseMatcher([
        "that be me", "it be me", "be me instead", "be me now", "set me as", "make me the", "make me an", "make me a",
        "put me as", "add me as", "change it to me", "switch it to me", "que sea yo", "ponerme como", "ponedme como",
        "que ce soit moi", "me mettre comme", "mettez moi comme", "mich als", "mich eintragen",
    ])

    /// Words after "if someone" that make it a polite request.
    static let politeModals: Set<String> = [
        "could", "would", "can", "may", "might", "will", "please", "available", "free", "pudiera", "podria", "puede",
        "pueda", "pourrait", "peut", "pouvait", "konnte", "kann", "konnten", "wurde", "mochte", "disponible",
    ]

    /// Words that open a supposed case.
    static let conditions: Set<String> = ["if", "case", "should", "si", "caso", "cas", "falls", "wenn"]

    /// Words of what would follow a supposed case.
    static let supposedOutcomes: Set<String> = [
        "i'd", "would", "could", "happens", "happen", "ever", "alerts", "notified", "pasaria", "pasa", "avisaria",
        "passerait", "passe", "serais", "wurde", "wurden", "passiert", "benachrichtigt", "brauchte", "necesitara",
        "necesitase", "aurais",
        // Whether a cover holds in a supposed case ("gilt der auch, wenn ich mit dem Vermieter vor Gericht lande?").
        "gilt", "greift",
    ]

    /// Nouns that make a hazard or fraud word before them a product or a precaution.
    static let productNouns: Set<String> = [
        "alert", "alerts", "alarm", "alarms", "detector", "detectors", "sensor", "sensors", "protection", "prevention",
        "insurance", "cover", "warning", "warnings", "awareness", "training", "monitoring", "guard", "shield",
        "alarma", "alerte", "alarme", "detecteur", "melder", "warnung", "schutz",
    ]

    /// Verbs that make a hazard or fraud word after them a precaution.
    static let precautionVerbs: Set<String> = [
        "detect", "detects", "detecting", "prevent", "prevents", "preventing", "against", "detecta", "detecte",
        "erkennt",
    ]

    static let negations: Set<String> = [
        "no", "not", "don't", "doesn't", "didn't", "won't", "never", "without", "nicht", "kein", "keinen",
        "ohne", "pas", "jamais", "sans", "nunca", "sin",
    ]

    /// The safety phrases that name an injury, whoever caused it.
    static let injuries: Set<String> = ["injured", "injury"]

    /// The capability lists, by trigger name.
    static let capabilityLists: [(name: String, phrases: [String])] = [
        ("capability.legal", Lexicons.legal), ("capability.regulator", Lexicons.regulator),
        ("capability.data_protection", Lexicons.dataProtection), ("capability.safety", Lexicons.safety),
        ("capability.security", Lexicons.security), ("capability.authorisation", Lexicons.authorisation),
        ("capability.chargeback", Lexicons.chargeback), ("capability.bereavement", Lexicons.bereavement),
        ("capability.medical", Lexicons.medical),
    ]

    /// The phrases of every capability list, each once, then the cue words none of them is.
    static let capabilityReaderPhrases: [String] = {
        var seen = Set<String>()
        let phrases = capabilityLists.flatMap(\.phrases).filter { seen.insert($0).inserted }
        return phrases + capabilityCueWords.subtracting(seen).sorted()
    }()

    /// For each capability phrase, the positions of the lists it is in.
    static let capabilityListPositions: [String: [Int]] = capabilityLists.enumerated().reduce(into: [:]) { positions, list in
        for phrase in list.element.phrases where positions[phrase]?.last != list.offset {
            positions[phrase, default: []].append(list.offset)
        }
    }

    /// Any word of a capability pair (or its possessive), a denial of ``DisownedAction`` or a change of
    /// ``UnrecognisedChange``: the usual message has none and skips the searches they start.
    static let capabilityCueWords = cueWords(Lexicons.capabilityPairs).union(cueWords(Lexicons.spreadCapabilityPairs))
        .union(DisownedAction.cues).union(UnrecognisedChange.changes)

    func capabilityTriggers(_ text: String, words: PhraseMatcher.Words, original: String,
                            index: Int, into triggers: inout [Trigger]) {
        // One pass finds the phrases of every list and whether any pair word or denial is there: the usual message
        // has none.
        let found = capabilityReader.matches(inNormalized: text, words: words)
        let cues = found.filter(Self.capabilityCueWords.contains)
        var listed = [[String]](repeating: [], count: capability.count)
        for phrase in found {
            for position in capabilityListsOf[phrase] ?? [] { listed[position].append(phrase) }
        }
        let near = cues.contains(where: capabilityPairWords.contains) ? capabilityPairs.find(inNormalized: text) : [:]
        let spread = cues.contains(where: spreadPairWords.contains) ? spreadCapabilityPairs.find(inNormalized: text) : [:]
        let paired = near.merging(spread) { closer, _ in closer }
            .filter { !$0.value.components(separatedBy: " … ").contains {
                Self.namesProduct($0, inNormalized: text) || Self.hypothetical($0, inNormalized: text)
                    || Self.asksForSomeone($0, inNormalized: text) || Self.passedExam($0, inNormalized: text)
            } && !Self.roamingCharge($0.value, inNormalized: text) }
        // The customer's own words (quotes and reported speech blanked) and the pairs in them.
        var own: (words: String, paired: [String: String])?
        /// "Send the documents to my solicitor" is an errand, not a dispute; a lawyer's occupation is not one either.
        func withoutErrands(_ name: String, _ phrases: [String]) -> [String] {
            guard name == "capability.legal", !phrases.isEmpty else { return phrases }
            var phrases = phrases
            if !legalErrand.matches(inNormalized: text).isEmpty {
                phrases = phrases.filter { !Lexicons.legalRoles.contains($0) }
            }
            if !phrases.isEmpty, !legalOccupation.matches(inNormalized: text).isEmpty {
                phrases = phrases.filter(Lexicons.legalThreats.contains)
            }
            return phrases
        }
        for (position, (name, matcher)) in capability.enumerated() {
            var phrases = withoutErrands(name, listed[position])
            // "A fraud alert", "a smoke detector", "does it detect carbon monoxide": a product, not an incident;
            // "so I'd know if someone used my card": a precaution asked about, not an incident.
            if !phrases.isEmpty {
                phrases = phrases.filter { !Self.namesProduct($0, inNormalized: text) && !Self.hypothetical($0, inNormalized: text)
                    && !Self.relativesAccount($0, inNormalized: text) && !Self.swallowedByMachine($0, inNormalized: text)
                    && !Self.retracted($0, inNormalized: text) && !Self.disownsDamage($0, inNormalized: text) }
            }
            // "I froze my membership for an injury": the customer's own injury told as background (off topic, like
            // an illness) is no hazard of the service's.
            if name == "capability.safety", phrases.contains(where: Self.injuries.contains),
               !offTopic.matches(inNormalized: text, words: words).isEmpty {
                phrases = phrases.filter { !Self.injuries.contains($0) }
            }
            if phrases.isEmpty, let pair = paired[name] { phrases = [pair] }
            // "My brother told me to threaten to take you to court": a threat reported, not made.
            if !phrases.isEmpty, Self.reportable.contains(name), SpeechScope.mayHoldOthersWords(original, normalized: text) {
                // Worked out once per message, and only for a threat that may be someone else's: SpeechScope is the
                // costly part (a solicitor's letter took 400 µs of a turn with it, 170 without).
                if own == nil {
                    let words = SpeechScope.ownWords(original)
                    own = (words, capabilityPairs.find(inNormalized: words))
                }
                phrases = withoutErrands(name, matcher.matches(inNormalized: own!.words) + (own!.paired[name].map { [$0] } ?? []))
            }
            // "My brother died five years ago … I want to change the tariff": a death long past is background.
            if !phrases.isEmpty, name == "capability.bereavement", Self.longAgo(inNormalized: text),
               estate.matches(inNormalized: text).isEmpty {
                phrases = []
            }
            if phrases.isEmpty, name == "capability.security", cues.contains(where: DisownedAction.cues.contains),
               let disowned = DisownedAction.find(inNormalized: text), !Self.disownsDamage(inNormalized: text) {
                phrases = [disowned]
            }
            if phrases.isEmpty, name == "capability.security", cues.contains(where: UnrecognisedChange.changes.contains),
               let changed = UnrecognisedChange.find(inNormalized: text, disowning: disowningChange) {
                phrases = [changed]
            }
            guard !phrases.isEmpty else { continue }
            triggers.append(Self.trigger(.capabilityLimit, name, score: 1, threshold: 1, messages: [index], phrases: phrases,
                                         explanation: "A matter the bot may not handle: \(name.dropFirst("capability.".count))"))
        }
    }

    /// A request for a person that no listed phrase or clause rule names, as
    /// the learned cues read it in the scored message (`cue`, of `original`,
    /// at `index`), when no listed request fired. A message that may hold
    /// someone else's words ("a colleague told me she got a manager on the
    /// line") is read again by the head (`model`) in the customer's own
    /// words (``SpeechScope/ownWords(_:)``), and counts only if those still
    /// read as a request. Declines ("I don't need to speak to anyone") are
    /// the head's to tell: they are among its training examples of `none`.
    func learnedRequestTrigger(_ cue: LearnedCue, model: IntentModel, text: String, original: String, index: Int,
                               into triggers: inout [Trigger]) {
        guard !triggers.contains(where: { $0.category == .explicitRequest }), !Self.supposesPerson(inNormalized: text),
              Self.selfInRole.matches(inNormalized: text).isEmpty
        else { return }
        if SpeechScope.mayHoldOthersWords(original, normalized: text) {
            let own = SpeechScope.ownWords(original)
            let reread = model.classify(own, head: .escalation)
            guard LearnedCue.read(.person, reread, text: own, model: model, threshold: cue.threshold) != nil else { return }
        }
        triggers.append(Self.trigger(.explicitRequest, "explicit.learned_request", score: 1, threshold: cue.threshold,
                                     messages: [index], phrases: cue.evidence,
                                     measurements: ["probability": cue.probability],
                                     explanation: "Reads like a request for a person (learned cues: \(cue.evidence.joined(separator: ", ")))"))
    }

    /// A matter only a person may handle that no list or pair names, as the
    /// learned cues read it in the scored message (`cue`, of `original`, at
    /// `index`), when no listed capability fired, the words are the
    /// customer's own (no quote or reported speech) and the message supposes
    /// no case (``supposes(inNormalized:)``).
    func learnedCapabilityTrigger(_ cue: LearnedCue?, text: String, original: String, index: Int,
                                  into triggers: inout [Trigger]) {
        guard let cue, !triggers.contains(where: { $0.category == .capabilityLimit }),
              !SpeechScope.mayHoldOthersWords(original, normalized: text), !Self.supposes(inNormalized: text)
        else { return }
        triggers.append(Self.trigger(.capabilityLimit, "capability.learned", score: 1, threshold: cue.threshold,
                                     messages: [index], phrases: cue.evidence,
                                     measurements: ["probability": cue.probability],
                                     explanation: "Reads like a matter the bot may not handle (learned cues: \(cue.evidence.joined(separator: ", ")))"))
    }
}
