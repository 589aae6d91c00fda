/// A request for a person read from the shape of a clause rather than from a
/// fixed phrase, in English, Spanish, French and German: a word for a person
/// ("someone", "an operator", "un conseiller", "einen Menschen") with
/// something that makes it a request:
///
/// - a contact verb shortly before it ("help me chat with a live agent",
///   "contactar con un asesor", "joindre un conseiller");
/// - a word saying the person is real ("a real human", "una persona de
///   carne y hueso", "ein echter Mensch");
/// - a relative clause on what they can do ("someone who can actually
///   change the price", "anybody at your end who can look at my file");
/// - the company's own people ("one of your people", "someone from your
///   billing team").
///
/// Word sense: the person word must be one ("human resources", "travel
/// agent", "personne ne répond" are not), and a contact verb in the past
/// ("I spoke to an agent") is not a request. Scope: the clauses come from
/// ``SpeechScope/ownClauses(_:)`` (quotes and reported speech blanked), and
/// a clause that declines ("no need to put me through to an advisor", "pas
/// besoin d'un conseiller") asks for nobody; one that says the customer
/// cannot reach anyone ("I can't talk to a person") still asks.
enum PersonRequest {
    /// The evidence of a request in `clauses` (the matched words, as
    /// "verb … person"), or empty.
    static func find(in clauses: [[String]]) -> [String] {
        for words in clauses {
            for (position, word) in words.enumerated() where isPerson(word, at: position, in: words) {
                guard let evidence = frame(of: position, in: words), !declined(before: position, in: words) else { continue }
                return [evidence]
            }
        }
        return []
    }

    /// Whether a normalised text may hold a request: a person word in a
    /// frame, read over the whole text before any scope. Scope only blanks
    /// words in place and cuts clauses, so a text this rejects has no
    /// request, and the usual message costs one pass over its words.
    static func mayHold(inNormalized text: String) -> Bool {
        let words = text.splitOnSpaces().map(String.init)
        return words.indices.contains { isPerson(words[$0], at: $0, in: words) && frame(of: $0, in: words) != nil }
    }

    /// Whether `word` at `position` names a person in the sense of someone to talk to.
    static func isPerson(_ word: String, at position: Int, in words: [String]) -> Bool {
        guard persons.contains(word) else { return false }
        let previous = position > 0 ? words[position - 1] : ""
        let next = position + 1 < words.count ? words[position + 1] : ""
        if notPersonAfter.contains(next) || notPersonBefore.contains(previous) { return false }
        switch word {
        // "I'll talk to my team" is the customer's own.
        case "team", "department": return !words[max(0, position - 2)..<position].contains(where: ownedBy.contains)
        // French "personne" alone is "nobody" ("personne ne répond").
        case "personne": return ["une", "vraie", "la", "autre"].contains(previous)
        // "jemand hat mein Passwort geändert" is someone else acting.
        case "jemand": return !["hat", "hatte", "ist"].contains(next)
        // Spoken German "wer" for "someone" after its object or "mal" ("Kann mich mal wer anrufen?"); elsewhere "who".
        case "wer": return ["mal", "mich", "uns"].contains(previous)
        default: return true
        }
    }

    /// What makes the person word at `position` a request, as evidence; nil if nothing does.
    static func frame(of position: Int, in words: [String]) -> String? {
        let person = words[position]
        let before = words[max(0, position - 4)..<position]
        if let verb = before.indices.last(where: { contactVerbs.contains(words[$0]) }),
           verb == 0 || !pastAuxiliaries.contains(words[verb - 1]),
           // "Put me through to someone", "can't get through to anyone"; not "SSO through Okta is throwing people out".
           words[verb] != "through" || verb > 0 && throughWho.contains(words[verb - 1]) {
            return "\(words[verb]) … \(person)"
        }
        // Asking whether the bot is a person ("are you a real person?") is not asking for one.
        let askingTheBot = before.indices.dropLast().contains { index in
            guard botQuestions.contains("\(words[index]) \(words[index + 1])") else { return false }
            // "You sound like a real person" is about the bot; "I'd just like a proper person" wants one.
            return !(words[index] == "like" && index > 0 && likeWanting.contains(words[index - 1]))
        }
        let adjacent = [position > 0 ? words[position - 1] : "", position + 1 < words.count ? words[position + 1] : ""]
        if !askingTheBot, let real = adjacent.first(where: realModifiers.contains) { return "\(real) \(person)" }
        if !askingTheBot, position > 0, realBefore.contains(words[position - 1]) { return "\(words[position - 1]) \(person)" }
        // German puts the verb last: "mit einem Vorgesetzten reden", "mit jemandem sprechen", "mit einer
        // Mitarbeiterin oder einem Mitarbeiter besprochen", "mit dem zuständigen Sachbearbeiter red" (spoken); or
        // asks with a modal first ("Kann mich mal wer vom Kundenservice anrufen?", "Könnte mich jemand zurückrufen?").
        // The customer calling someone ("Kann ich den Mitarbeiter vom Paketdienst anrufen?") asks for nobody.
        let modalFirst = before.indices.contains { index in
            germanModals.contains(words[index]) && !(words.indices.contains(index + 1) && ["ich", "wir"].contains(words[index + 1]))
        }
        // "mit" right before, one word between, or an article and an adjective between ("mit dem zuständigen
        // Sachbearbeiter"); not a product named between ("mit dem Google Assistant verbinden").
        let with = before.suffix(2).contains("mit") || position >= 3 && words[position - 3] == "mit"
            && germanArticles.contains(words[position - 2]) && words[position - 1].hasSuffix("en")
        if with || modalFirst, let verb = words[(position + 1)..<min(words.count, position + 6)].first(where: {
            contactVerbs.contains($0) || spokenGermanVerbs.contains($0)
        }) {
            return with ? "mit … \(person) \(verb)" : "\(person) … \(verb)"
        }
        if !askingTheBot, let real = realAfter.first(where: { words[(position + 1)...].starts(with: $0) }) {
            return "\(person) \(real.joined(separator: " "))"
        }
        let after = words[(position + 1)..<min(words.count, position + 6)]
        // A relative clause without its pronoun ("a claims handler I could speak to", "someone we can talk to").
        if after.count >= 3, speakers.contains(after[after.startIndex]), abilities.contains(after[after.startIndex + 1]),
           contactVerbs.contains(after[after.startIndex + 2]) {
            return "\(person) \(after.prefix(3).joined(separator: " "))"
        }
        if let relative = after.firstIndex(where: relatives.contains),
           let able = words[(relative + 1)..<min(words.count, relative + 4)].first(where: abilities.contains) {
            return "\(person) \(words[relative]) \(able)"
        }
        // "Could one of your people look at this?", "zu einem Ihrer Kollegen durchstellen"; not one already
        // spoken to ("I spoke to one of your people yesterday").
        for count in [3, 2] where position >= count {
            let own = words[(position - count)..<position].joined(separator: " ")
            if ownPeople.contains(own), !words.contains(where: pastContacts.contains) { return "\(own) \(person)" }
        }
        return nil
    }

    /// Whether the clause declines before the person word ("no need to put
    /// me through to an advisor"), or only asks whether one is needed ("do
    /// I need to talk to an adviser to switch?"), with no robot between ("I
    /// don't want a robot, I want a person" declines the robot).
    static func declined(before position: Int, in words: [String]) -> Bool {
        let before = Array(words[..<position])
        for start in before.indices {
            // "If you don't escalate this to a supervisor today…" threatens; it declines nothing.
            if before[max(0, start - 2)..<start].contains(where: Self.conditionsOfThreat.contains) { continue }
            for cue in declines + whetherNeeded where before[start...].starts(with: cue) {
                // "What do I need to do to contact someone?" asks the way to a person.
                if start > 0, askedWays.contains(before[start - 1]), whetherNeeded.contains(cue) { continue }
                // "No need to get a manager involved": the verb right after the cue is what is declined; a want
                // further on is a new wish ("don't want to wait, I need someone").
                let between = before[(start + cue.count)...].drop(while: { $0 == "to" })
                // A decline reaches further along a list of what is not needed ("pas besoin de me rappeler ni de me
                // mettre en relation avec un conseiller").
                let reach = between.contains(where: negativeCoordinators.contains) ? 12 : 6
                if between.count <= reach, !between.contains(where: machines.contains),
                   !between.dropFirst().contains(where: wants.contains) { return true }
            }
        }
        return false
    }

    /// Words opening a condition, before a decline that is then a threat.
    static let conditionsOfThreat: Set<String> = ["if", "unless", "si", "wenn", "falls"]

    /// Words for a person one can be put through to.
    static let persons: Set<String> = [
        "person", "human", "someone", "somebody", "anyone", "anybody", "agent", "operator", "representative", "rep",
        "assistant", "advisor", "adviser", "supervisor", "manager", "staff", "colleague", "employee", "humans", "people",
        // Whoever handles the customer's case ("a claims handler", "a caseworker", "the loss adjuster").
        "handler", "caseworker", "adjuster",
        "persona", "humano", "alguien", "agente", "operador", "operadora", "representante", "asesor", "asesora",
        "encargado", "responsable", "empleado", "gerente",
        "personne", "humain", "quelqu'un", "conseiller", "conseillere", "operateur", "operatrice", "interlocuteur",
        "superviseur", "collegue",
        "mensch", "menschen", "jemand", "jemanden", "jemandem", "irgendwer", "wer", "mitarbeiter", "mitarbeiterin", "berater",
        "beraterin", "ansprechpartner", "vorgesetzten", "kollegen",
        // Whoever handles the case, in German ("mit dem zuständigen Sachbearbeiter").
        "sachbearbeiter", "sachbearbeiterin",
        // Several of them ("qu'un de vos conseillers me rappelle", "one of the folks in your office").
        "agents", "advisors", "advisers", "representatives", "reps", "operators", "supervisors", "managers",
        "colleagues", "employees", "folks", "asesores", "agentes", "operadores", "representantes", "empleados",
        "conseillers", "conseilleres", "operateurs", "collegues", "mitarbeitern", "beratern",
        // Whoever is behind the service, and its teams ("speak to whoever's in charge", "pass this to your complaints team").
        "whoever", "whoever's", "team", "department",
    ]

    /// Person words that are the customer's own people after these ("my team").
    static let ownedBy: Set<String> = ["my", "our", "his", "her", "their"]

    /// Words after a person word that make it something else ("human resources", "personne ne").
    /// A role in a product is one too ("a manager role": ``SpeechScope/roleNouns``).
    static let notPersonAfter = Set<String>([
        "resources", "error", "rights", "nature", "body", "trafficking", "ne", "n'a", "n'est", "n'y", "humanos",
        "said", "told", "says", "was", "were", "had", "dijo", "hat", "sagte",
    ]).union(SpeechScope.roleNouns.map(String.init))

    /// Words before a person word that make it another trade ("travel agent", "password manager").
    static let notPersonBefore: Set<String> = [
        "travel", "estate", "insurance", "shipping", "booking", "password", "project", "property", "secret",
        "virtual", "digital", "ai", "voice", "free", "sales", "passwort", "listing", "letting", "customs", "ticket", "delivery", "courier", "no", "every", "each",
        "viajes", "seguros", "inmobiliario", "immobilier", "voyage", "voyages", "assurance", "kein", "keinen", "keine",
    ]

    /// German articles and possessives after "mit".
    static let germanArticles: Set<String> = [
        "dem", "der", "den", "einem", "einer", "meinem", "meiner", "unserem", "unserer", "ihrem", "ihrer", "eurem",
        "eurer", "diesem", "dieser",
    ]

    /// Spoken German forms of "reden" and "sprechen" ("dass ich kurz mit dem Sachbearbeiter red"), read only where
    /// German puts its verb last: "red" is English too.
    static let spokenGermanVerbs: Set<String> = ["red", "redn", "rede", "sprech"]

    /// Verbs (base forms, never past ones) that ask to reach a person.
    static let contactVerbs: Set<String> = [
        "talk", "speak", "chat", "contact", "reach", "connect", "through", "escalate", "pass", "hand",
        "talking", "speaking", "chatting", "contacting", "reaching",
        "hablar", "contactar", "comunicar", "comunicarme", "contactarme", "pasarme", "pasame", "paseme",
        "ponme", "pongame", "ponerme", "atienda", "atender", "derivar", "derivarme", "transferir", "transfiera",
        "parler", "contacter", "joindre", "passer", "passez", "passe", "mettre", "mettez", "relation", "transferer",
        "transferez", "echanger", "discuter",
        "sprechen", "reden", "verbinden", "erreichen", "kontaktieren", "durchstellen", "weiterleiten", "verbunden",
        "besprechen", "besprochen",
        // Called back by a person ("Kann mich mal wer vom Kundenservice anrufen, ein Mensch halt").
        "anrufen", "zuruckrufen",
        "chatten",
    ]

    /// Words before "through" that make it a connection ("put me through", "get through", "be put through").
    static let throughWho: Set<String> = ["me", "us", "him", "her", "them", "this", "it", "put", "get", "getting"]

    /// Words before a contact verb that put it in the past ("I was talking to an agent").
    static let pastAuxiliaries: Set<String> = ["was", "were", "been", "had"]

    /// Contact already had with the company's people: their mention is no request.
    static let pastContacts: Set<String> = [
        "spoke", "talked", "told", "said", "hable", "hablado", "dijo", "dijeron", "gesprochen", "telefoniert", "gesagt",
        "sagte", "meinte",
    ]

    /// German modals opening a request, with its verb last.
    /// Not "konnte" (also the past once accents go) nor "soll" ("Eigentlich sollte mich ein Mitarbeiter heute
    /// zurückrufen" reports a callback missed).
    static let germanModals: Set<String> = ["kann", "konnen"]

    /// Words that say the person is a real one.
    static let realModifiers: Set<String> = [
        "real", "actual", "live", "human", "proper", "verdadero", "verdadera", "vrai", "vraie", "reel", "reelle",
        "echter", "echten", "echte", "echtem", "richtigen", "richtiger", "menschlichen", "menschlicher",
    ]

    /// Words that say the person is real only before it ("a living, breathing
    /// person"; "people living in the US" are residents).
    static let realBefore: Set<String> = ["living", "breathing"]

    /// Words after a person word that say they are real, or on the line.
    static let realAfter: [[String]] = [
        "de carne y hueso", "en chair et en os", "aus fleisch und blut", "au bout du fil", "en ligne", "al telefono",
        "am telefon", "on the line", "in your office", "at your office", "in your offices", "en su oficina",
        "en vuestra oficina", "dans vos bureaux", "a votre agence", "in ihrem buro", "in ihrer filiale",
    ].map { $0.splitOnSpaces().map(String.init) }

    /// Word pairs that ask whether the bot itself is a person.
    static let botQuestions: Set<String> = [
        "are you", "you are", "you're", "if you", "like a", "eres una", "eres un", "es usted", "etes vous",
        "vous etes", "sind sie", "bist du",
    ]

    /// Words before "like a" that make it a wish ("I'd like a", "I would just like a").
    static let likeWanting: Set<String> = ["i'd", "would", "just", "really", "we'd", "i", "we"]

    /// Who would do the talking, opening a relative clause without its pronoun ("someone I can talk to").
    static let speakers: Set<String> = ["i", "we"]

    /// Relative pronouns after a person word.
    static let relatives: Set<String> = ["who", "that", "which", "que", "quien", "qui", "der", "die", "wer"]

    /// What the customer wants the person able to do ("who can", "qui sait").
    static let abilities: Set<String> = [
        "can", "could", "knows", "know", "understands", "understand", "actually", "will",
        "puede", "pueda", "sepa", "sabe", "entienda", "entiende", "tenga", "peut", "puisse", "sait", "sache",
        "comprenne", "comprend", "kann", "konnte", "weiss", "versteht", "sich",
    ]

    /// The company's own people, right before a person word ("one of your people").
    static let ownPeople: Set<String> = [
        "one of your", "someone from your", "from your billing", "from your support", "one of the",
        "uno de sus", "uno de vuestros", "alguien de su", "un de vos", "qu'un de vos", "l'un de vos", "quelqu'un de votre", "einer ihrer",
        "einen ihrer", "einem ihrer",
    ]

    /// Clauses that decline a person, as normalised words.
    static let declines: [[String]] = [
        "no need", "don't need", "do not need", "don't want", "do not want", "don't have to",
        "no thanks", "rather not", "won't need", "needn't", "not necessary", "never mind", "don't bother",
        "do not bother", "no te molestes", "no se moleste", "ne vous embetez pas", "ne te derange pas",
        "no hace falta", "no necesito", "no quiero", "no es necesario", "no hay que",
        // Mexican Spanish needs with "ocupar" ("no ocupo hablar con un asesor").
        "no ocupo", "no ocupamos",
        "pas besoin", "pas la peine", "ne veux pas", "inutile de", "pas necessaire",
        "nicht notig", "brauche keinen", "brauche keine", "brauche nicht", "mussen mich nicht", "muss nicht",
        // Spoken German drops the e ("brauch ich nicht", "ich brauch keinen").
        "brauch keinen", "brauch keine", "brauch nicht",
        // Told to the bot ("Sie brauchen mich nicht mit einem Mitarbeiter verbinden").
        "brauchen mich nicht", "brauchen nicht", "brauchst mich nicht", "brauchst nicht",
        "will nicht", "mochte nicht", "nicht erforderlich",
        // Told not to pass the customer on ("please don't pass me on to anyone, I just need the steps").
        "don't pass", "do not pass", "don't transfer", "do not transfer", "don't connect", "do not connect",
        "don't escalate", "do not escalate", "no me pases", "no me pase", "no me transfieras", "no me transfiera",
        "ne me passez pas", "ne me transferez pas",
        // Declined before it is offered, or not what the customer is after ("before you offer to pass me to a human,
        // don't", "Not looking to chat with a person or anything").
        // The declined verb named: not "not looking for", whose noun may be what is declined ("not looking for excuses,
        // put me through"), nor "not looking to cancel, just connect me with an agent".
        "before you offer to", "before you suggest", "not looking to chat", "not looking to speak", "not looking to talk",
        "antes de que me ofrezcas", "antes de que me ofrezca", "avant que vous me proposiez", "avant de me proposer",
        "bevor sie mir", "bevor du mir",
    ].map { $0.splitOnSpaces().map(String.init) }

    /// "Nor": what follows is declined with what came before it.
    static let negativeCoordinators: Set<String> = ["nor", "ni", "noch"]

    /// Whether a listed request `phrase` (normalised) occurs in `clauses`
    /// and every occurrence is declined earlier in its clause
    /// (``declined(before:in:)``) or right after it (``declinedAfter(_:in:)``:
    /// "Einen Kundenberater brauche ich auch nicht"). A phrase across
    /// clauses is not declined.
    static func declinedEverywhere(_ phrase: String, in clauses: [[String]]) -> Bool {
        let words = phrase.splitOnSpaces().map(String.init)
        var found = false
        for clause in clauses where !words.isEmpty && clause.count >= words.count {
            for start in 0...(clause.count - words.count) where clause[start..<(start + words.count)].elementsEqual(words) {
                let after = clause[(start + words.count)...].prefix(6)
                if !declined(before: start, in: clause) && !declinedAfter(after) { return false }
                found = true
            }
        }
        return found
    }

    /// Whether the words after a person decline them: German puts the verb
    /// and its "nicht" after the object ("brauche ich auch nicht"), and
    /// other languages can say "not needed" after it.
    static func declinedAfter(_ after: ArraySlice<String>) -> Bool {
        if after.contains("nicht"), after.contains(where: needs.contains) { return true }
        return declinesAfter.contains { after.starts(with: $0) }
    }

    /// German verbs of needing, declined with a "nicht" after the object.
    static let needs: Set<String> = ["brauche", "brauch", "brauchen", "benotige", "benotigen", "notig", "erforderlich"]

    /// Declines that follow the person ("an advisor is not needed").
    static let declinesAfter: [[String]] = [
        "not needed", "isn't needed", "is not needed", "no hace falta", "no es necesario", "pas necessaire",
        "n'est pas necessaire", "pas besoin",
    ].map { $0.splitOnSpaces().map(String.init) }

    /// Questions whether a person is needed at all: asking how things are
    /// done, not asking for someone.
    static let whetherNeeded: [[String]] = [
        "do i need to", "do i have to", "do i need an", "do i need a", "is it necessary to", "must i",
        "tengo que", "hace falta", "es necesario", "dois je", "faut il", "est il necessaire", "muss ich",
        "ist es notig",
    ].map { $0.splitOnSpaces().map(String.init) }

    /// Question words before a ``whetherNeeded`` cue that make it ask the way to a person.
    static let askedWays: Set<String> = ["what", "how", "where", "que", "como", "comment", "quoi", "was", "wie"]

    /// Wanting again after a decline ("don't want to wait, I need someone"): the decline is over.
    static let wants: Set<String> = [
        "want", "need", "get", "i'd", "quiero", "necesito", "veux", "voudrais", "faut", "will", "mochte", "brauche",
    ]

    /// Machines: a decline of one of them is not a decline of a person.
    static let machines: Set<String> = [
        "robot", "bot", "machine", "chatbot", "computer", "program", "ai", "maquina", "programa", "roboter",
        "maschine", "automate",
    ]
}
