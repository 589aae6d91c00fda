/// A complaint told as a bare fact, found by its shape rather than by a
/// negative word: a failure counted ("the third time", "la tercera vez",
/// "zum dritten Mal", "the fourth evening this week" with a failure word), a
/// contact repeated ("I've called four times", "trois fois", "viermal"), a
/// wait measured ("Week three of waiting", "llevo dos semanas sin internet",
/// "Dix jours sans fibre",
/// "for four days now and … hasn't moved", "seit zwei Wochen … nicht"), or
/// someone who never came ("the engineer never turned up", "personne n'est
/// venu", "nobody called", "ist nie gekommen"). Word order is kept: the count
/// must stand next to what it counts, the denial right before the arrival.
/// Such a message reads as dissatisfied for the sentiment rule (two in a row
/// escalate), with this evidence.
enum Grievance {
    /// The evidence ("third time", "week three + waiting", "never … turned"), or nil.
    static func find(inNormalized text: String) -> String? {
        // Every recent message is read, so first a pass over the bytes for an anchor word (a collision of hashes
        // only lets a message through to the exact search): the usual message has none.
        let utf8 = text.utf8
        guard PhraseMatcher.words(inNormalized: text).contains(where: { word in
            anchorHashes.contains(word.hash) || (utf8.distance(from: word.range.lowerBound, to: word.range.upperBound) > 3
                && utf8[word.range].suffix(3).elementsEqual("mal".utf8))
        }) else { return nil }
        // Split on the bytes: splitting a String on a Character walks grapheme clusters, several times slower.
        let words = utf8.split(separator: UInt8(ascii: " ")).map { Substring($0) }
        // Each shape is looked for at its anchor word only.
        for (position, word) in words.enumerated() where anchors.contains(word) || word.utf8.count > 3 && word.hasSuffix("mal") {
            if let found = countedFailure(words, at: position) ?? repeatedContact(words, at: position)
                ?? measuredWait(words, at: position) ?? noShow(words, at: position) {
                return found
            }
        }
        return nil
    }

    /// An ordinal before a repetition ("third time") or before an occasion
    /// with a failure word in the message ("the fourth evening … again"); an
    /// occasion numbered ("week three of waiting"), with a failure word too.
    static func countedFailure(_ words: [Substring], at position: Int) -> String? {
        let word = words[position]
        if ordinals.contains(word) {
            for next in words[(position + 1)...].prefix(2) {
                if repetitions.contains(next) { return "\(word) \(next)" }
                if occasions.contains(next), let failure = failureWord(words) { return "\(word) \(next) + \(failure)" }
                // A failure counted by its own name: "troisième coupure cette semaine", "the third outage".
                if outages.contains(next) { return "\(word) \(next)" }
            }
        }
        // "Week three of waiting", not a date ("el día 3", "am Tag 2").
        if occasions.contains(word), position + 1 < words.count, let count = cardinal(words[position + 1]),
           (2...12).contains(count), position == 0 || !dateArticles.contains(words[position - 1]),
           let failure = failureWord(words) {
            return "\(word) \(words[position + 1]) + \(failure)"
        }
        return nil
    }

    /// Three or more times, not a frequency ("3 times a day"): "I've called
    /// four times", "cuatro veces", "trois fois", "viermal", "4 Mal".
    /// Anchored at the repetition word.
    static func repeatedContact(_ words: [Substring], at position: Int) -> String? {
        let word = words[position]
        if let prefix = germanTimes(word), let count = cardinal(prefix), count >= 3 { return String(word) }
        guard position >= 1, repetitions.contains(word), word != "time", let count = cardinal(words[position - 1]), count >= 3
        else { return nil }
        // Paid in instalments ("j'ai réessayé en trois fois, ça a marché"), not tried again and again.
        if position >= 2, words[position - 2] == "en" { return nil }
        // "3 times a day", "trois fois par jour"; not "trois demandes à la réception".
        if position + 1 < words.count, frequency.contains(words[position + 1]),
           perWords.contains(words[position + 1]) || (position + 2 < words.count && periods.contains(words[position + 2])) {
            return nil
        }
        // Contacts counted need a failure told with them ("three requests … never repaired"), not a list ahead.
        if !timeWords.contains(word), failureWord(words) == nil { return nil }
        return "\(words[position - 1]) \(word)"
    }

    /// A number of hours, days, weeks or months right after a word of
    /// duration ("for", "llevo", "hace", "depuis", "seit"), with a failure
    /// word in the message: "for four days now and … hasn't moved".
    /// "Ich bin seit 10 Jahren Kunde" has no failure word and years are no wait.
    /// Anchored at the unit.
    static func measuredWait(_ words: [Substring], at position: Int) -> String? {
        guard position >= 1, units.contains(words[position]) else { return nil }
        if position >= 2, let number = cardinal(words[position - 1]), number >= 1,
           !articles.contains(words[position - 1]) || durations.contains(words[position - 2]),
           let since = words[max(0, position - 4)..<(position - 1)].lastIndex(where: durations.contains),
           let failure = failureWord(words) ?? stuckNear(words, since: since, unit: position) {
            return "\(words[since]) \(words[position - 1]) \(words[position]) + \(failure)"
        }
        // Or bare: a count of days and what they were without ("Dix jours sans fibre", "Ten days without power"),
        // not a price's terms ("12 meses sin intereses", "30 days without fees").
        if position + 1 < words.count, withouts.contains(words[position + 1]),
           position + 2 == words.count || !terms.contains(words[position + 2]),
           let number = cardinal(words[position - 1]), number >= 2 {
            return "\(words[position - 1]) \(words[position]) \(words[position + 1])"
        }
        return nil
    }

    /// Someone who never came or answered: a denial right before an arrival
    /// ("never turned up", "n'est jamais venu", "ist nie gekommen"; a plain
    /// "didn't" only with showing up), or nobody as the subject of an arrival
    /// or a contact ("nobody called", "personne n'est venu", "nadie vino").
    /// Not an arrival still awaited ("hasn't arrived yet", "noch nicht").
    static func noShow(_ words: [Substring], at position: Int) -> String? {
        let word = words[position]
        var start = position + 1
        let subject: Bool
        if nobody.contains(word) || nothing.contains(word) {
            // French "personne" and "rien" deny only with "ne" ("une personne est venue" is someone).
            if frenchDenials.contains(word), position + 1 < words.count,
               !(words[position + 1] == "ne" || words[position + 1].hasPrefix("n'")) { return nil }
            subject = nobody.contains(word)
        } else if word == "no", position + 1 < words.count, words[position + 1] == "one" || words[position + 1] == "one's" {
            subject = true
            start += 1
        } else if never.contains(word) || showUpDenials.contains(word) {
            subject = false
        } else {
            return nil
        }
        var index = start
        while index < min(words.count, start + 4), auxiliaries.contains(words[index]) { index += 1 }
        guard index < words.count else { return nil }
        let verb = words[index]
        let showsUp = showUps.contains(verb) && (!phrasalShowUps.contains(verb) || (index + 1 < words.count && words[index + 1] == "up"))
        let found = subject ? arrivals.contains(verb) || contacts.contains(verb)
            : never.contains(word) || nothing.contains(word) ? arrivals.contains(verb) : showsUp
        guard found, !words[max(0, position - 2)..<min(words.count, index + 3)].contains(where: stillAwaited.contains)
        else { return nil }
        return "\(word) … \(verb)"
    }

    /// The first word of the message that tells of a failure or a wait.
    /// Stuck where it is, said right beside the wait ("mein Paket hängt seit 8 Tagen im Verteilzentrum",
    /// "stuck at the depot for 6 days"); elsewhere these words tell of traffic, a block of flats, or "hängt …
    /// ab" (depends on).
    static func stuckNear(_ words: [Substring], since: Int, unit: Int) -> Substring? {
        let near = words[max(0, since - 4)..<min(words.count, unit + 4)]
        guard let at = near.firstIndex(where: stuck.contains) else { return nil }
        return words[at] == "hangt" && words[(at + 1)...].prefix(5).contains("ab") ? nil : words[at]
    }

    /// Words of a parcel or a case stuck where it is.
    static let stuck: Set<Substring> = [
        "stuck", "hangt", "steckt", "atascado", "atascada", "bloque", "bloquee", "coince", "coincee",
    ]

    static func failureWord(_ words: [Substring]) -> Substring? {
        words.first { failures.contains($0) || $0.hasSuffix("n't") }
    }

    /// A count written in words or digits.
    static func cardinal(_ word: Substring) -> Int? {
        if let number = Int(word) { return number }
        return cardinals[String(word)]
    }

    /// "viermal" → "vier", "10mal" → "10".
    static func germanTimes(_ word: Substring) -> Substring? {
        word.count > 3 && word.hasSuffix("mal") ? word.dropLast(3) : nil
    }

    /// The words a shape is anchored at (and German counts of times, "viermal").
    static let anchors: Set<Substring> = ordinals.union(occasions).union(repetitions).union(units).union(nobody)
        .union(never).union(showUpDenials).union(nothing)
    /// ``anchors`` as ``PhraseMatcher`` hashes of their bytes.
    static let anchorHashes = Set(anchors.map { PhraseMatcher.hash($0.utf8) })

    static let ordinals: Set<Substring> = [
        "second", "2nd", "third", "3rd", "fourth", "4th", "fifth", "5th", "sixth", "6th", "seventh", "7th", "eighth",
        "8th", "ninth", "9th", "tenth", "10th",
        "segunda", "segundo", "tercera", "tercer", "tercero", "cuarta", "cuarto", "quinta", "quinto", "sexta",
        "sexto", "septima", "septimo", "octava", "octavo", "decima", "decimo",
        "deuxieme", "troisieme", "quatrieme", "cinquieme", "sixieme", "septieme", "huitieme", "dixieme",
        "zweite", "zweiten", "zweites", "zweiter", "dritte", "dritten", "drittes", "dritter", "vierte", "vierten",
        "viertes", "vierter", "funfte", "funften", "funftes", "sechste", "sechsten", "siebte", "siebten", "zehnte",
        "zehnten",
    ]

    /// Repetitions told as times.
    static let timeWords: Set<Substring> = ["time", "times", "vez", "veces", "fois", "mal"]

    /// Repetitions counted ("third time", "tres veces", "trois fois", "dritten Mal"), and contacts counted
    /// ("malgré trois demandes à la réception", "I've sent four emails").
    static let repetitions: Set<Substring> = timeWords.union([
        "calls", "emails", "requests", "complaints", "llamadas",
        "correos", "solicitudes", "reclamaciones", "appels", "demandes", "reclamations", "relances", "anrufe",
        "anfragen", "beschwerden",
    ])

    /// Occasions a failure is counted in ("the fourth evening", "deuxième rendez-vous", "week three").
    static let occasions: Set<Substring> = [
        "evening", "night", "day", "week", "month", "weekend", "attempt", "visit", "call", "appointment", "delivery",
        "noche", "dia", "semana", "mes", "intento", "visita", "llamada", "cita", "entrega",
        "soir", "soiree", "nuit", "jour", "semaine", "mois", "tentative", "visite", "appel", "rendez", "livraison",
        "abend", "nacht", "tag", "woche", "monat", "versuch", "besuch", "anruf", "termin", "lieferung",
        // Updates that broke something ("la troisième mise à jour cette année qui casse quelque chose").
        "update", "upgrade", "release", "actualizacion", "mise", "aktualisierung",
        // Parcels and orders that went wrong ("the third Swiftpost parcel since September … not mine").
        "parcel", "package", "order", "paquete", "pedido", "colis", "commande", "paket", "bestellung",
    ]

    /// Failures that an ordinal counts ("troisième coupure", "the third outage", "la tercera caída", "der dritte Ausfall").
    static let outages: Set<Substring> = [
        "outage", "outages", "cut", "cutout", "breakdown", "failure", "disconnection", "dropout", "corte", "caida",
        "averia", "fallo", "apagon", "coupure", "panne", "interruption", "deconnexion", "ausfall", "storung",
        "unterbrechung", "abbruch",
    ]

    /// Words that make a frequency by themselves ("twice per week", "dreimal pro Tag").
    static let perWords: Set<Substring> = ["per", "each", "por", "par", "pro"]

    /// Periods a frequency is counted in ("a day", "al mes", "la semaine", "im Monat").
    static let periods: Set<Substring> = [
        "day", "week", "month", "year", "night", "dia", "semana", "mes", "ano", "noche", "jour", "semaine", "mois",
        "an", "annee", "nuit", "tag", "woche", "monat", "jahr", "nacht",
    ]

    /// What follows a count of times when it is a frequency, not a repetition ("3 times a day").
    static let frequency: Set<Substring> = ["a", "per", "each", "al", "por", "par", "pro", "am", "la", "le", "im"]

    /// Units a wait is measured in (years are a tenure, not a wait).
    static let units: Set<Substring> = [
        "hour", "hours", "day", "days", "week", "weeks", "month", "months", "hora", "horas", "dia", "dias",
        "semana", "semanas", "mes", "meses", "heure", "heures", "jour", "jours", "semaine", "semaines", "mois",
        "stunde", "stunden", "tag", "tage", "tagen", "woche", "wochen", "monat", "monate", "monaten",
    ]

    /// Words that make the number after them a duration ("for four days", "llevo dos semanas", "ça fait trois jours").
    static let durations: Set<Substring> = [
        "for", "since", "over", "llevo", "llevamos", "lleva", "hace", "desde", "depuis", "fait", "seit", "schon",
    ]

    /// "Without", right after a bare count of time.
    static let withouts: Set<Substring> = ["without", "sin", "sans", "ohne"]

    /// What a count of time goes without in a price's terms, not in a failure.
    static let terms: Set<Substring> = [
        "interest", "fees", "fee", "charge", "charges", "cost", "commitment", "contract", "intereses", "interes",
        "comision", "comisiones", "coste", "costo", "cargo", "cargos", "permanencia", "frais", "interets",
        "engagement", "zinsen", "gebuhr", "gebuhren", "kosten", "aufpreis", "vertragsbindung",
    ]

    /// Articles that count one only after a word of duration ("hace un mes", "depuis une semaine").
    static let articles: Set<Substring> = ["a", "an", "un", "una", "une", "ein", "eine", "einen", "einem"]

    static let cardinals: [String: Int] = [
        "a": 1, "an": 1, "one": 1, "un": 1, "una": 1, "une": 1, "ein": 1, "eine": 1, "einen": 1, "einem": 1,
        "two": 2, "dos": 2, "deux": 2, "zwei": 2, "three": 3, "tres": 3, "trois": 3, "drei": 3,
        "four": 4, "cuatro": 4, "quatre": 4, "vier": 4, "five": 5, "cinco": 5, "cinq": 5, "funf": 5,
        "six": 6, "seis": 6, "sechs": 6, "seven": 7, "siete": 7, "sept": 7, "sieben": 7,
        "eight": 8, "ocho": 8, "huit": 8, "acht": 8, "nine": 9, "nueve": 9, "neuf": 9, "neun": 9,
        "ten": 10, "diez": 10, "dix": 10, "zehn": 10, "eleven": 11, "once": 11, "onze": 11, "elf": 11,
        "twelve": 12, "doce": 12, "douze": 12, "zwolf": 12,
    ]

    /// Words of a failure or a wait, one of which must be in a message whose count is of occasions or of time.
    static let failures: Set<Substring> = [
        "not", "no", "never", "nothing", "without", "still", "waiting", "wait", "waited", "again", "nobody", "none",
        "sin", "nunca", "nada", "nadie", "sigo", "sigue", "siguen", "seguimos", "esperando", "espera", "otra",
        "sans", "pas", "plus", "aucun", "aucune", "jamais", "rien", "personne", "toujours", "attends", "attente",
        "attendre", "encore",
        "ohne", "nicht", "kein", "keine", "keinen", "nie", "nichts", "niemand", "immer", "warte", "warten", "wieder",
        // Something broken by it.
        "broke", "breaks", "broken", "rompe", "rompio", "roto", "casse", "cassee", "kaputt",
    ]

    /// Articles before an occasion that make the number after it a date.
    static let dateArticles: Set<Substring> = ["the", "el", "le", "la", "am", "der", "den", "dem", "vom", "al", "du"]

    /// French denials that need their "ne" ("personne n'est venu").
    static let frenchDenials: Set<Substring> = ["personne", "rien"]

    /// Nobody, as the subject of an arrival or a contact.
    static let nobody: Set<Substring> = ["nobody", "noone", "nobody's", "noone's", "nadie", "personne", "niemand"]
    /// Nothing, as the subject of an arrival ("nothing has arrived", "rien n'est arrivé").
    static let nothing: Set<Substring> = ["nothing", "nada", "rien", "nichts"]
    /// A denial that governs any arrival.
    static let never: Set<Substring> = ["never", "nunca", "jamais", "nie"]
    /// A plain denial, which governs only showing up ("didn't turn up", "no se presentó", "n'est pas venu", "nicht erschienen").
    static let showUpDenials: Set<Substring> = ["didn't", "no", "pas", "nicht"]
    /// Words that may stand between a denial and its verb ("never even turned up", "n'est jamais venu", "ist nie gekommen").
    static let auxiliaries: Set<Substring> = [
        "even", "ever", "actually", "has", "have", "had", "se", "ha", "han", "me", "nos", "ne", "n'est", "n'a", "est", "a",
        "m'a", "m'ont", "nous", "ist", "sind", "hat", "haben", "bei", "mir", "uns", "sich", "mich",
    ]
    /// Arriving or coming.
    static let arrivals: Set<Substring> = [
        // "Come" after "nobody's" ("nobody's come"), "has" or "never" ("never come round").
        "turned", "showed", "arrived", "came", "come", "appeared", "vino", "venido", "viene", "vienen", "llego", "llegado", "aparecio",
        "aparecido", "presento", "presentado", "presenta", "venu", "venue", "arrive", "arrivee", "passe",
        "gekommen", "kam", "angekommen", "erschienen", "aufgetaucht",
    ]
    /// Showing up, what a plain denial governs.
    static let showUps: Set<Substring> = [
        "turned", "turn", "showed", "show", "presento", "presenta", "presentado", "aparecio", "vino", "venu", "venue",
        "passe", "erschienen", "gekommen", "aufgetaucht",
    ]
    /// Showing up in English needs its "up" ("didn't show the price" is no show).
    static let phrasalShowUps: Set<Substring> = ["turned", "turn", "showed", "show"]
    /// Calling back or answering, what nobody did.
    static let contacts: Set<Substring> = [
        "called", "rang", "replied", "answered", "responded", "contacted", "llamo", "contesto", "respondio",
        "llamado", "contestado", "respondido", "rappele", "repondu", "appele", "angerufen", "geantwortet",
        "zuruckgerufen", "gemeldet",
    ]
    /// An arrival still awaited, not missed ("hasn't arrived yet", "noch nicht gekommen").
    static let stillAwaited: Set<Substring> = ["yet", "noch", "encore", "todavia", "aun"]
}
