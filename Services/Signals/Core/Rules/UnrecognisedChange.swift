/// A detail of the account changed by someone the customer says was not
/// them: a change told near a detail ("han cambiado el teléfono asociado",
/// "ein neues Gerät angemeldet", "my email was switched") and, anywhere in
/// the message, the customer disowning it ("yo no he tocado nada", "das war
/// nicht ich", "I haven't touched anything"). An account takeover told as
/// a changed e-mail or phone, in words the lists cannot foresee. A change
/// the customer made ("I changed my email and now...") is their own, so the
/// change must have no first-person subject right before it.
enum UnrecognisedChange {
    /// A changed detail stands this far from its change.
    static let window = 6

    /// The evidence ("cambiado … telefono + no he tocado"), or nil.
    static func find(inNormalized text: String, disowning: PhraseMatcher) -> String? {
        // The denial first: one pass of hashes, and the usual message with a change word has none.
        guard let denial = disowning.matches(inNormalized: text).first else { return nil }
        let words = text.splitOnSpaces().map(String.init)
        for (position, word) in words.enumerated() where changes.contains(word) {
            if words[max(0, position - 2)..<position].contains(where: firstPerson.contains) { continue }
            guard let detail = detail(near: position, in: words) else { continue }
            return "\(word) … \(detail) + \(denial)"
        }
        return nil
    }

    /// A detail of the account within ``window`` words of `position`; not
    /// one that names something else ("my phone plan got switched": the
    /// plan, not the phone number).
    static func detail(near position: Int, in words: [String]) -> String? {
        words.indices.clamped(to: max(0, position - window)..<min(words.count, position + window + 1)).first { index in
            details.contains(words[index]) && (index + 1 == words.count || !notDetailsBefore.contains(words[index + 1]))
        }.map { words[$0] }
    }

    /// Whether the customer tells of changing a detail themselves ("I've
    /// just changed my email", "ich habe heute Morgen die E-Mail-Adresse
    /// geändert", "hemos cambiado el número"): a change word after a
    /// first-person subject in the same stretch of words, with nobody else
    /// named between them, a detail within ``window``, and nothing in the
    /// text disowning a change. A tenant's systems report a setting changed
    /// in the customer's session as not changed by the customer, since a
    /// takeover uses that session too: the customer's own words tell.
    static func ownChange(inNormalized text: String, disowning: PhraseMatcher) -> Bool {
        guard disowning.matches(inNormalized: text).isEmpty else { return false }
        let words = text.splitOnSpaces().map(String.init)
        // Opened by saying it is done, as the bot had guided ("Hab ich gemacht, hat geklappt", "c'est fait"), after
        // an acknowledgement ("passt, hat geklappt").
        let rest = words.drop(while: acknowledgements.contains)
        let opening = " " + rest.joined(separator: " ") + " "
        // After an acknowledgement, only when nothing after it questions the change ("Ok, did that. But who changed my
        // phone number??", "Bon, ça marche pas").
        if completions.contains(where: { opening.hasPrefix(" \($0) ") }),
           rest.count == words.count || !rest.contains(where: doubts.contains) {
            return true
        }
        for (position, word) in words.enumerated() where changes.contains(word) || spanishFirstPerson.contains(word) {
            // Spanish says the subject in the verb: "cambié", "puse", or "he" right before a participle ("ya he
            // puesto la cuenta nueva"), never the English "he" ("he changed": no participle in -ado/-ido).
            // "Acabo de cambiar mi número": just done, in the first person.
            if spanishFirstPerson.contains(word) || position > 0 && words[position - 1] == "he" && Self.spanishParticiple(word)
                || position >= 2 && words[position - 2] == "acabo" && words[position - 1] == "de"
                // French, the same: "je viens (moi-même) de changer mon numéro".
                || position >= 2 && words[position - 1] == "de"
                    && words[max(0, position - 4)..<(position - 1)].contains(where: { $0 == "viens" || $0 == "venons" }) {
                if detail(near: position, in: words) != nil { return true }
                // Said with emphasis, the detail named before ("Hecho, ya lo he cambiado yo", "lo cambié yo mismo").
                if words[(position + 1)...].prefix(2).contains(where: { $0 == "yo" || selfWords.contains($0) }) { return true }
                // Or pointed back to ("lo he corregido").
                if position >= 2, words[position - 1] == "he", ["lo", "la"].contains(words[position - 2]) { return true }
                continue
            }
            // Told in telegraph style, a new detail and its change with no subject ("Neues Passwort gesetzt, im
            // Manager gespeichert", "new PIN set"): the customer's own doing; not a passive ("new password was set").
            if position >= 2, newWords.contains(words[position - 2]), details.contains(words[position - 1]) { return true }
            // The subject right before its verb ("I've just changed"); German puts the participle last ("ich habe
            // … die E-Mail-Adresse geändert"). Nobody else, and no passive ("I got a message that my email was
            // changed"), between them.
            let before = words[max(0, position - 16)..<position]
            guard let subject = before.lastIndex(where: ownSubjects.contains),
                  position - subject <= 3 || germanSubjects.contains(words[subject]),
                  !words[(subject + 1)..<position].contains(where: {
                      otherSubjects.contains($0) || passives.contains($0) || negations.contains($0)
                          || reported.contains($0) })
            else { continue }
            if detail(near: position, in: words) != nil { return true }
            // The detail named before and pointed back to ("Hab's korrigiert", "I've fixed it", "je l'ai corrigé").
            if objectPronounsBefore.contains(words[position - 1])
                || position + 1 < words.count && objectPronounsAfter.contains(words[position + 1]) { return true }
            // German sets the detail between the subject and the participle, however long it is ("ich habe heute
            // meine E-Mail-Adresse im Online-Banking auf m.schulz@posteo.de geändert").
            if germanSubjects.contains(words[subject]), words[(subject + 1)..<position].contains(where: details.contains) {
                return true
            }
            // Made by the customer themselves ("ich hatte es gestern selbst geändert"): the detail may be named
            // anywhere in the message ("…füllt noch das alte Passwort aus, ich hatte es gestern selbst geändert").
            if words[subject..<position].contains(where: selfWords.contains), words.contains(where: details.contains) { return true }
        }
        return asksToChange(words)
    }

    /// Whether the customer asks to change a detail through the chat ("will nur meine neue Bankverbindung für die
    /// Beitragszahlung hinterlegen", "I'd like to update my email"): a want, then within eight words an infinitive
    /// of change, a detail among them or near it, with nobody else and no denial in the way.
    static func asksToChange(_ words: [String]) -> Bool {
        for (position, word) in words.enumerated() where wants.contains(word) {
            if position > 0, otherSubjects.contains(words[position - 1]) { continue }
            // "I don't really want to change my email", "wouldn't want".
            if words[max(0, position - 3)..<position].contains(where: { negations.contains($0) || wantDenials.contains($0) }) {
                continue
            }
            let reach = (position + 1)..<min(words.count, position + 9)
            guard let verb = words[reach].firstIndex(where: infinitives.contains),
                  !words[(position + 1)..<verb].contains(where: { negations.contains($0) || otherSubjects.contains($0) }),
                  words[(position + 1)..<verb].contains(where: details.contains) || detail(near: verb, in: words) != nil
            else { continue }
            return true
        }
        return false
    }

    /// Negations of a want ("don't want", "wouldn't like").
    static let wantDenials: Set<String> = ["don't", "doesn't", "didn't", "won't", "wouldn't", "dont"]

    /// Words of wanting before a change the customer asks for.
    static let wants: Set<String> = [
        "want", "wanna", "need", "like", "will", "mochte", "mochten", "wollte", "quiero", "quisiera", "necesito",
        "veux", "voudrais", "souhaite",
    ]

    /// Infinitives of a change asked for.
    static let infinitives: Set<String> = [
        "change", "update", "switch", "replace", "add", "register", "cambiar", "actualizar", "modificar", "poner",
        "changer", "modifier", "ajouter", "andern", "aktualisieren", "hinterlegen", "eintragen", "umstellen",
    ]

    /// A pronoun for what was changed, right before the change with its auxiliary ("Hab's korrigiert", "je l'ai
    /// corrigé"), or right after it ("I've fixed it"); not a subject ("I noticed it changed").
    static let objectPronounsBefore: Set<String> = ["hab's", "habs", "l'ai", "l'avons"]
    static let objectPronounsAfter: Set<String> = ["it"]

    /// A message opening with these tells that the customer did it.
    static let completions = [
        "done", "all done", "did it", "did that", "i did it", "i did that", "i've done it", "i've done that", "just did it",
        "hab ich gemacht", "habe ich gemacht", "hab's gemacht", "habs gemacht", "erledigt", "ist erledigt", "c'est fait",
        "voila c'est fait", "je l'ai fait", "hecho", "ya esta hecho", "ya lo hice", "ya lo he hecho", "lo he hecho",
        // The bot's steps followed and the change made ("Hat geklappt, danke!" after "wie ändere ich das Passwort?").
        "it worked", "that worked", "worked", "hat geklappt", "hat funktioniert", "geklappt", "ha funcionado",
        "funciono", "ca a marche", "ca marche", "ca a fonctionne",
    ]

    /// Acknowledgements that may come before saying it is done ("passt, hat geklappt", "ok, c'est fait").
    static let acknowledgements: Set<String> = [
        "ok", "okay", "great", "perfect", "cool", "passt", "super", "prima", "perfekt", "top", "vale", "genial",
        "perfecto", "parfait", "bon",
    ]

    /// Words after "done" that question the change or deny it worked.
    static let doubts: Set<String> = [
        "but", "aber", "pero", "mais", "pas", "nicht", "no", "not", "who", "wer", "quien", "qui", "why", "warum",
        "porque", "pourquoi",
    ]

    /// "New" before a detail told as set ("Neues Passwort gesetzt").
    static let newWords: Set<String> = ["new", "neues", "neue", "neuen", "nuevo", "nueva", "nouveau", "nouvelle", "nouvel"]
    /// The customer as the one who did it ("selbst geändert", "changed it myself").
    static let selfWords: Set<String> = ["myself", "ourselves", "selbst", "selber", "mismo", "misma", "moi"]

    /// Spanish first-person preterites of a change, which carry their subject ("cambié de banco", "puse el IBAN").
    static let spanishFirstPerson: Set<String> = ["cambie", "actualice", "modifique", "puse", "meti", "anadi", "registre"]

    /// Whether `word` is a Spanish past participle, as after "he" ("he puesto", "he cambiado").
    static func spanishParticiple(_ word: String) -> Bool {
        ["ado", "ada", "ido", "ida"].contains(where: word.hasSuffix) || ["puesto", "hecho", "metido"].contains(word)
    }

    /// The customer as the subject of a change (Spanish "he cambiado" is left out: English "he" is someone else).
    static let ownSubjects: Set<String> = [
        "i", "i've", "i'd", "we", "we've", "yo", "hemos", "j'ai", "je", "nous", "ich", "habe", "hab", "hab's", "wir",
    ]

    /// German first-person subjects and auxiliaries, which may stand far before the participle.
    static let germanSubjects: Set<String> = ["ich", "habe", "hab", "hab's", "wir"]

    /// A change denied ("I haven't updated anything", "ich habe nichts geändert").
    static let negations: Set<String> = [
        "not", "haven't", "hadn't", "didn't", "never", "no", "nunca", "pas", "jamais", "rien", "nicht", "nichts", "nie",
        "nix",
    ]

    /// A change reported in a clause of its own ("ich habe eine Mail bekommen, dass meine Adresse geändert wurde").
    static let reported: Set<String> = ["dass", "that"]
    /// Auxiliaries of the passive: the detail was changed, by whoever.
    static let passives: Set<String> = ["was", "were", "been", "fue", "sido", "ete", "wurde", "wurden", "worden"]

    /// Someone other than the customer as a subject ("I think someone changed my email").
    static let otherSubjects: Set<String> = [
        "someone", "somebody", "they", "he", "she", "alguien", "ellos", "quelqu'un", "ils", "il", "elle", "jemand",
        "er", "unbekannter", "hacker",
    ]

    /// Changes to a detail, as the customer hears of them.
    static let changes: Set<String> = [
        "changed", "swapped", "switched", "replaced", "altered", "updated", "activated", "added", "registered",
        "reset", "created", "set", "cambiado", "cambiaron", "modificado", "modificaron", "activado", "activaron",
        "anadido", "registrado", "restablecido", "creado", "change", "changee", "modifie", "modifiee", "active",
        "activee", "ajoute", "enregistre", "reinitialise", "cree", "geandert", "aktiviert", "hinzugefugt",
        "angemeldet", "registriert", "ausgetauscht", "zuruckgesetzt", "angelegt", "eingerichtet",
        // A detail entered or linked ("eine fremde Bankverbindung … eingetragen").
        "entered", "linked", "vinculado", "vinculada", "anadida", "associe", "associee", "ajoutee", "eingetragen",
        "hinterlegt",
        // A detail put in ("ya he puesto la cuenta nueva").
        "puesto", "actualizado", "actualizada", "cambiada", "modificada", "metido",
        // A change the customer sets out to make ("ich möchte meine neue Bankverbindung angeben", "I'd like to update").
        "update", "angeben", "andern", "hinterlegen", "eintragen", "aktualisieren", "actualizar", "cambiar", "modifier",
        // French: a change just made or set out to make ("je viens de changer mon numéro", "j'ai mis à jour").
        "changer", "mis", "remplace", "remplacer", "gesetzt",
        // Switched on or off ("I've just turned on 2FA", "someone disabled my two-factor"), and corrected.
        "turned", "enabled", "disabled", "corrected", "fixed", "korrigiert", "corrige", "corregido", "corregida",
        "eingegeben", "introducido", "saisi", "saisie",
        // Moved to a new device ("die Zwei-Faktor-Authentifizierung auf das neue Gerät umgezogen").
        "moved", "transferred", "umgezogen", "umgestellt", "ubertragen", "migrado", "transfere", "transferee",
    ]

    /// Details of the account whose change by someone else is a takeover.
    static let details: Set<String> = [
        "email", "mail", "phone", "number", "password", "pin", "sim", "device", "address", "login", "payee",
        "beneficiary", "mandate", "beneficiario", "beneficiaire", "empfanger", "zahlungsempfanger",
        "telefono", "movil", "numero", "correo", "contrasena", "clave", "dispositivo", "direccion",
        "telephone", "portable", "passe", "appareil", "adresse", "identifiant",
        "handynummer", "telefonnummer", "nummer", "passwort", "gerat", "handy", "emailadresse",
        // The bank account payouts go to.
        "iban", "rib", "bankverbindung", "kontoverbindung", "bankdaten", "cuenta", "compte", "konto",
        // A second factor ("I've just switched on two-factor with my authenticator app").
        "factor", "2fa", "mfa", "authenticator", "factores", "facteurs", "faktor",
    ]

    /// Nouns after a detail word that make it something else ("phone plan", "email newsletter").
    static let notDetailsBefore: Set<String> = [
        "plan", "plans", "bill", "contract", "tariff", "case", "insurance", "newsletter", "newsletters", "preferences",
        "notifications", "tarifa", "contrato", "forfait", "abonnement", "tarif", "vertrag",
    ]

    /// Subjects that make the change the customer's own.
    static let firstPerson: Set<String> = ["i", "i've", "we", "we've", "he", "hemos", "j'ai", "ich", "habe", "wir"]

    /// The customer saying they did not make it, as normalised phrases.
    static let disowning = [
        "not me", "wasn't me", "was not me", "wasn't us", "haven't touched", "hadn't touched", "didn't touch",
        "didn't change", "haven't changed", "never changed", "i've never seen", "i have never seen",
        "didn't reset", "haven't updated", "didn't update", "didn't do anything", "didn't request", "didn't ask", "never asked", "never requested",
        "nothing to do with me", "nada que ver conmigo", "rien a voir avec moi", "nichts damit zu tun",
        "didn't do it", "didn't do that", "no lo he hecho", "no lo hice", "je ne l'ai pas fait", "nicht gemacht", "didn't do this", "no idea who",
        "no he tocado", "no he sido", "no fui yo", "no he cambiado", "no hemos tocado", "yo no he",
        "pas moi", "je n'ai rien touche", "je n'ai rien change", "je n'ai pas change", "je n'ai jamais change",
        "war nicht ich", "war ich nicht", "nicht ich", "habe nichts", "nichts geandert", "nicht von mir",
        // Spoken German ("Ich hab nix geändert").
        "hab nix", "habe nix", "nix geandert", "hab nichts",
    ]
}
