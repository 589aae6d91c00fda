/// Which words of a customer message are the customer's own request: words
/// inside quotation marks, and what someone else is reported to have said
/// ("my friend said just demand a supervisor", "the agent told me she would
/// escalate"), belong to someone else; "human resources" or "travel agent"
/// only look like a request. Used to scope explicit requests for a person.
enum SpeechScope {
    /// `text` with quoted spans and reported clauses blanked, as a normalised
    /// text (``PhraseMatcher/normalize(_:)``) with look-alike phrases removed.
    static func ownWords(_ text: String) -> String {
        ownWords(ownClauses(text))
    }

    /// ``ownWords(_:)`` of clauses already worked out by ``ownClauses(_:)``.
    static func ownWords(_ clauses: [[String]]) -> String {
        clauses.map { " " + $0.joined(separator: " ") + " " }.joined()
    }

    /// Whether every occurrence of `phrase` in `normalized` names someone the
    /// customer tells about rather than asks for: the one who reports, who
    /// did something, or a role (``isReporter(_:inNormalized:)``,
    /// ``isPastActor(_:inNormalized:names:)``, ``isRole(_:inNormalized:)``);
    /// `names` are the message's ``names(in:)``, which may stand between the
    /// person and what they did.
    static func toldAbout(_ phrase: String, inNormalized normalized: String, names: Set<Substring> = []) -> Bool {
        isReporter(phrase, inNormalized: normalized, names: names) || isPastActor(phrase, inNormalized: normalized, names: names)
            || isRole(phrase, inNormalized: normalized) || isAttribute(phrase, inNormalized: normalized)
    }

    /// The capitalised words of `original` that open no sentence, normalised:
    /// names ("Your manager Sarah confirmed"), not words shouted in capitals.
    static func names(in original: String) -> Set<Substring> {
        var names: Set<Substring> = []
        var opensSentence = true
        for token in original.split(whereSeparator: \.isWhitespace) {
            let word = token.drop(while: { !$0.isLetter })
            // Not "I've", "I'm": a capitalised pronoun names nobody.
            if !opensSentence, let first = word.first, first.isUppercase, word.dropFirst().contains(where: \.isLowercase),
               !word.contains("'"), !word.contains("’") {
                let name = PhraseMatcher.normalize(String(word)).splitOnSpaces().first
                if let name { names.insert(name) }
            }
            opensSentence = token.last.map { ".!?:".contains($0) } ?? false
        }
        return names
    }

    /// Whether every occurrence of `phrase` in `normalized` is the one who
    /// reports, right before a reporting verb ("a colleague told me she got
    /// a manager on the line", "mi jefe me dijo"): someone the customer
    /// quotes, not someone they ask for.
    static func isReporter(_ phrase: String, inNormalized normalized: String, names: Set<Substring> = []) -> Bool {
        PhraseMatcher.everyOccurrence(of: phrase, inNormalized: normalized) { words, _, end in
            let verb = end + appositionLength(words, at: end, names: names)
            return reportingVerbs.contains { words[verb...].starts(with: $0, by: { $0 == $1 }) }
        }
    }

    /// Whether every occurrence of `phrase` in `normalized` is someone who
    /// did something, right before a verb in the past ("a colleague stored
    /// the admin login in our password manager", "your manager approved it"),
    /// or before the auxiliary of a compound past ("votre responsable m'a
    /// confirmé", "Ihr Vorgesetzter hat mir zugesagt", "su encargado me ha
    /// dicho"): someone the customer tells about, not someone they ask for.
    static func isPastActor(_ phrase: String, inNormalized normalized: String, names: Set<Substring> = []) -> Bool {
        PhraseMatcher.everyOccurrence(of: phrase, inNormalized: normalized) { words, _, end in
            let verb = end + appositionLength(words, at: end, names: names)
            return verb < words.count && (isPastVerb(words[verb]) || pastAuxiliaries.contains { words[verb...].starts(with: $0) })
        }
    }

    /// How many words at `index` name the person just named ("your manager, Ms Okafor, phoned"; "mi asesor, el
    /// señor Ruiz, me dijo"): a courtesy title and the name after it, after an article where the language puts one;
    /// or one or two of the message's `names` before an English verb in the past ("your manager Sarah confirmed";
    /// German capitalises every noun, and "Ihr Bot hat" names nobody).
    static func appositionLength(_ words: [Substring], at index: Int, names: Set<Substring> = []) -> Int {
        if index < words.count, names.contains(words[index]) {
            let length = index + 1 < words.count && names.contains(words[index + 1]) ? 2 : 1
            if index + length < words.count, isPastVerb(words[index + length]) { return length }
        }
        let title = index < words.count && titleArticles.contains(words[index]) ? index + 1 : index
        guard title + 1 < words.count, courtesyTitles.contains(words[title]) else { return 0 }
        return title + 2 - index
    }

    /// Titles before a name.
    static let courtesyTitles: Set<Substring> = [
        "mr", "mrs", "ms", "miss", "dr", "mx", "senor", "senora", "senorita", "sr", "sra", "srta", "don", "dona",
        "monsieur", "madame", "mademoiselle", "mme", "mlle", "herr", "frau",
    ]

    /// Articles Spanish puts before a title ("el señor Ruiz").
    static let titleArticles: Set<Substring> = ["el", "la"]

    /// Auxiliaries of a compound past after its subject, with the object pronoun French and Spanish put before
    /// them; not the bare French "a" (Spanish "a" is a preposition: "hablar con su responsable a la brevedad").
    static let pastAuxiliaries: [[Substring]] = [
        "m'a", "m'ont", "nous a", "nous ont", "ont", "hat", "hatte", "hatten", "ha", "han", "me ha", "me han",
        "nos ha", "nos han",
    ].map { $0.splitOnSpaces() }

    /// Whether every occurrence of `phrase` in `normalized` names a role
    /// someone holds ("can someone be both a manager and an agent", "add her
    /// as a supervisor", "make my team lead a manager role"), not someone
    /// asked for.
    static func isRole(_ phrase: String, inNormalized normalized: String) -> Bool {
        PhraseMatcher.everyOccurrence(of: phrase, inNormalized: normalized) { words, start, end in
            start > 0 && roleWords.contains(words[start - 1]) || end < words.count && roleNouns.contains(words[end])
        }
    }

    /// Nouns after a person word that make it a role or a seat in a product ("a manager role", "an agent seat");
    /// not "access", which opens the next sentence as often ("a manager. Access to my account is blocked").
    static let roleNouns: Set<Substring> = ["role", "roles", "seat", "seats", "licence", "license"]

    /// Whether every occurrence of `phrase` in `normalized` is asked of
    /// something named before it ("is the guide an actual human or one of
    /// those audio things?", "are the tutors real people?"): what a thing
    /// is, not someone asked for. Only a noun after "the" or "your" counts:
    /// "is this a real person?" asks about the chat itself.
    static func isAttribute(_ phrase: String, inNormalized normalized: String) -> Bool {
        PhraseMatcher.everyOccurrence(of: phrase, inNormalized: normalized) { words, start, _ in
            var noun = start - 1
            if noun >= 0, ["a", "an"].contains(words[noun]) { noun -= 1 }
            return noun >= 2 && ["the", "your"].contains(words[noun - 1]) && ["is", "are"].contains(words[noun - 2])
        }
    }

    /// Words before a person that make it a role ("be a manager", "both a manager", "as a supervisor").
    static let roleWords: Set<Substring> = ["be", "both", "as", "become", "becomes", "being"]

    /// An English verb in the past: regular ("stored", "approved") or one of the common irregular ones.
    static func isPastVerb(_ word: Substring) -> Bool {
        word.count >= 5 && word.hasSuffix("ed") && !notPastInEd.contains(word) || irregularPasts.contains(word)
    }

    /// Words in -ed that are no verb in the past after a person ("a manager indeed").
    static let notPastInEd: Set<Substring> = ["indeed", "instead", "ahead"]

    /// Common English irregular verbs in the past.
    static let irregularPasts: Set<Substring> = [
        "set", "put", "made", "gave", "sent", "left", "took", "got", "did", "had", "was", "came", "went", "kept",
        "found", "brought", "paid", "sold", "wrote", "built", "bought", "forgot", "lost", "ran", "broke", "saw",
        "knew", "thought", "meant", "showed", "shown", "spent", "understood", "rang", "spoke",
    ]

    /// Whether `original` (and its normalised words, `normalized`) may hold
    /// words that are not the customer's own: a quotation mark opening a
    /// quote, a reporting verb or a contact told in the past. Without any,
    /// ``ownWords(_:)`` blanks nothing but look-alikes, and a caller that
    /// only needs the reported words gone skips it (on a long letter it costs
    /// 150-230 µs, most of the turn).
    static func mayHoldOthersWords(_ original: String, normalized: String) -> Bool {
        var previous: Unicode.Scalar = " "
        for scalar in original.unicodeScalars {
            if scalar == "'" ? !(previous.properties.isAlphabetic || ("0"..."9").contains(previous)) : openingQuotes.contains(scalar) {
                return true
            }
            previous = scalar
        }
        let words = normalized.splitOnSpaces()
        for index in words.indices {
            for sequence in reportingVerbs where words[index...].starts(with: sequence, by: { $0 == $1 }) { return true }
            for sequence in pastContacts where words[index...].starts(with: sequence, by: { $0 == $1 }) { return true }
        }
        return false
    }

    /// The marks that open a quote (the apostrophe only before a word: see `closing(of:at:in:)`).
    private static let openingQuotes: Set<Unicode.Scalar> = ["\"", "“", "„", "«", "‘"]

    /// The clauses of `text` (split at sentence ends, commas, colons and
    /// semicolons) as normalised words, with quoted spans and reported
    /// clauses blanked ("_") and look-alike phrases removed: what
    /// ``PersonRequest`` reads, so a decline in one clause ("no robot, I need
    /// someone who can") does not reach into the next.
    static func ownClauses(_ text: String) -> [[String]] {
        var kept = String.UnicodeScalarView()
        var scalars = Array(text.unicodeScalars)
        scalars.append(" ")
        var index = 0
        while index < scalars.count - 1 {
            if let close = closing(of: scalars[index], at: index, in: scalars),
               let found = matchingClose(close, from: index + 1, in: scalars) {
                kept.append(" ")
                index = found + 1
                continue
            }
            kept.append(scalars[index])
            index += 1
        }
        // Reported clauses end with their sentence (or a contrast word), whatever commas they hold.
        var clauses: [[String]] = []
        // The person words of the look-alikes named so far ("agent" of "travel agent"): "the agent" after them is that one.
        var namedTrades: Set<String> = []
        for sentence in sentences(of: kept) {
            var words: [String] = []
            for part in sentence {
                if !words.isEmpty { words.append(clauseBreak) }
                words += PhraseMatcher.normalize(String(part)).splitOnSpaces().map(String.init)
            }
            blankReportedClauses(&words)
            for clause in words.split(separator: clauseBreak) {
                let blanked = blankPastContacts(Array(clause))
                var normalized = " " + blanked.joined(separator: " ") + " "
                // Blanked word for word, so the words around keep their distances. Only a clause holding the first
                // word of one is searched: a long letter has many clauses, and each search is a substring scan.
                if blanked.contains(where: lookAlikeFirstWords.contains) {
                    // In the list's order, so the same text always blanks the same phrases.
                    let present = Set(blanked)
                    for (phrase, first) in zip(lookAlikes, lookAlikeFirsts)
                    where present.contains(first) && normalized.contains(phrase) {
                        normalized = normalized.replacingOccurrences(
                            of: phrase, with: " " + String(repeating: "_ ", count: phrase.splitOnSpaces().count))
                        namedTrades.formUnion(phrase.splitOnSpaces().map(String.init).filter(PersonRequest.persons.contains))
                    }
                }
                var clauseWords = normalized.splitOnSpaces().map(String.init)
                if !namedTrades.isEmpty { blankDefiniteReferences(to: namedTrades, in: &clauseWords) }
                clauses.append(clauseWords)
            }
        }
        return clauses
    }

    /// The sentences of `text` (split at ". ! ? ; …" and line breaks), each
    /// as its parts (split at commas and colons), empty ones left out: read
    /// scalar by scalar, as splitting a String on Characters walks grapheme
    /// clusters, several times slower.
    static func sentences(of text: String.UnicodeScalarView) -> [[String.UnicodeScalarView]] {
        var sentences: [[String.UnicodeScalarView]] = []
        var parts: [String.UnicodeScalarView] = []
        var part = String.UnicodeScalarView()
        func endPart() {
            if !part.isEmpty { parts.append(part) }
            part = String.UnicodeScalarView()
        }
        for scalar in text {
            switch scalar {
            case ".", "!", "?", ";", "…", "\n":
                endPart()
                if !parts.isEmpty { sentences.append(parts) }
                parts = []
            case ",", ":":
                endPart()
            default:
                part.append(scalar)
            }
        }
        endPart()
        if !parts.isEmpty { sentences.append(parts) }
        return sentences
    }

    /// Blanks a person word that refers back to a trade named earlier in the
    /// message ("through my travel agent … does it have to go through the
    /// agent?", "el agente de viajes … el agente"): a definite reference to
    /// the one named, not a request for one of ours.
    static func blankDefiniteReferences(to trades: Set<String>, in words: inout [String]) {
        for index in words.indices where index > 0 && trades.contains(words[index]) && definite.contains(words[index - 1]) {
            words[index] = "_"
        }
        // French elides the article: "l'agent".
        for index in words.indices where words[index].hasPrefix("l'") && trades.contains(String(words[index].dropFirst(2))) {
            words[index] = "_"
        }
    }

    /// Determiners of a definite reference to someone already named.
    static let definite: Set<String> = [
        "the", "that", "this", "my", "our", "el", "ese", "este", "mi", "nuestro", "le", "ce", "cet", "mon", "notre",
        "der", "den", "dem", "dieser", "diesem", "diesen", "mein", "meinem", "meinen", "unser", "unserem",
    ]

    /// Stands between the clauses of a sentence while reported clauses are blanked.
    private static let clauseBreak = ","

    /// The closing quotation mark of an opening one at `index`, if it opens a quote there.
    private static func closing(of scalar: Unicode.Scalar, at index: Int, in scalars: [Unicode.Scalar]) -> Unicode.Scalar? {
        switch scalar {
        case "\"": return "\""
        case "“": return "”"
        case "„": return "“"
        case "«": return "»"
        case "‘": return "’"
        case "'":
            // An apostrophe inside a word ("don't") opens nothing.
            let before = index == 0 ? " " : scalars[index - 1]
            return before.properties.isAlphabetic || ("0"..."9").contains(before) ? nil : "'"
        default: return nil
        }
    }

    /// The index of the quote closing at or after `start`: for a straight
    /// single quote, one not followed by a letter (so "you'll" inside the
    /// quote does not close it).
    private static func matchingClose(_ close: Unicode.Scalar, from start: Int, in scalars: [Unicode.Scalar]) -> Int? {
        var index = start
        while index < scalars.count {
            if scalars[index] == close {
                if close != "'" { return index }
                let after = index + 1 < scalars.count ? scalars[index + 1] : " "
                if !after.properties.isAlphabetic { return index }
            }
            index += 1
        }
        return nil
    }

    /// Blanks what follows a reporting verb ("said", "told me", "a dit") up
    /// to the end of its clause: a contrast word ("but") or the end of the
    /// sentence (clause breaks inside are kept).
    private static func blankReportedClauses(_ words: inout [String]) {
        var index = 0
        while index < words.count {
            // Compared in place: copying each candidate span was most of a long message's cost.
            if reportingVerbFirstWords.contains(words[index]), let length = reportingVerbs.first(where: { verb in
                index + verb.count <= words.count && words[index..<index + verb.count].elementsEqual(verb)
            })?.count {
                blankReporter(before: index, in: &words)
                var end = index + length
                while end < words.count, !contrast.contains(words[end]) { end += 1 }
                for position in index..<end where words[position] != clauseBreak { words[position] = "_" }
                index = end
            } else {
                index += 1
            }
        }
    }

    /// Blanks the one who speaks, told before the reporting verb at `verb`
    /// ("der Kundenberater in der Filiale meinte, er gibt das weiter", "the
    /// agent at the desk said"): the clause's subject, opening with a
    /// determiner or with a person word among its first three words, in a
    /// clause of at most seven words before the verb with no wish, contact
    /// verb or first person ("I need a manager who said" asks).
    private static func blankReporter(before verb: Int, in words: inout [String]) {
        let start = (words[..<verb].lastIndex(where: { $0 == clauseBreak || contrast.contains($0) }) ?? -1) + 1
        let subject = words[start..<verb]
        guard !subject.isEmpty, subject.count <= 7,
              reporterDeterminers.contains(subject[start]) || subject.prefix(3).contains(where: PersonRequest.persons.contains),
              !subject.contains(where: { firstPerson.contains($0) || PersonRequest.wants.contains($0)
                  || PersonRequest.contactVerbs.contains($0) })
        else { return }
        for position in subject.indices { words[position] = "_" }
    }

    /// Words that open a noun phrase naming someone ("der Kundenberater", "the guy at the desk", "your colleague").
    static let reporterDeterminers: Set<String> = [
        "the", "a", "an", "your", "that", "this", "el", "la", "un", "una", "su", "le", "une", "votre", "ce", "cette",
        "der", "die", "ein", "eine", "ihr", "ihre", "dieser", "diese",
    ]

    /// The customer as a subject or object: a clause with one of these is not someone else speaking.
    static let firstPerson: Set<String> = [
        "i", "i'd", "i'm", "me", "we", "yo", "je", "j'ai", "moi", "nous", "ich", "mir", "mich", "wir",
    ]

    /// Blanks the words around a contact told in the past ("I spoke to an
    /// agent yesterday", "ich habe mit einem Mitarbeiter gesprochen"): a
    /// report of an earlier contact, not a request. ``pastContactReach``
    /// words either side, so a request later in the clause stays.
    private static func blankPastContacts(_ words: [String]) -> [String] {
        var out = words
        for index in words.indices {
            for marker in pastContacts where words[index...].starts(with: marker) {
                let range = max(0, index - pastContactReach)..<min(words.count, index + marker.count + pastContactReach)
                for position in range { out[position] = "_" }
            }
        }
        return out
    }

    /// Words either side of a past contact that belong to its report.
    static let pastContactReach = 4

    /// A contact told in the past, as normalised word sequences.
    static let pastContacts: [[String]] = [
        "spoke", "talked", "chatted", "spoken", "was transferred", "were transferred", "hable con", "hablado",
        "me atendio", "atendido", "ai parle", "avons parle", "ai eu", "avons eu", "ai ete transfere", "gesprochen",
        "geredet", "telefoniert", "gechattet", "sprach",
    ].map { $0.splitOnSpaces().map(String.init) }

    /// Verbs that introduce someone else's words, as normalised word sequences.
    static let reportingVerbs: [[String]] = [
        "said", "says", "told me", "told us", "told him", "told her", "suggested", "recommended", "advised",
        "reckons", "dijo", "dice que", "me dijo", "me dijeron", "me aconsejo",
        "a dit", "m'a dit", "disait", "m'a conseille", "sagte", "meinte", "hat gesagt", "hat mir gesagt",
        "riet mir",
    ].map { $0.splitOnSpaces().map(String.init) }

    /// The first word of each of ``reportingVerbs``: only a word among these can open one.
    static let reportingVerbFirstWords = Set(reportingVerbs.map { $0[0] })

    /// Words that start the customer's own clause again after a report.
    static let contrast: Set<String> = ["but", "however", "anyway", "pero", "sin", "mais", "aber", "doch", "jedoch"]

    /// Phrases that only look like a request for a person.
    static let lookAlikes = [
        " human resources ", " travel agent ", " estate agent ", " real estate ", " password manager ",
        " property manager ", " project manager ", " insurance agent ", " shipping agent ", " human error ",
        " human readable ", " human rights ", " human nature ", " human body ",
        " recursos humanos ", " agente de viajes ", " ressources humaines ", " agent immobilier ",
        " agence de voyage ", " personalabteilung ", " reiseburo ",
    ]

    /// The first word of each of ``lookAlikes``, in order: a clause is searched only for those whose first word it
    /// holds (each search is a substring scan).
    static let lookAlikeFirsts = lookAlikes.map { String($0.splitOnSpaces().first!) }

    /// ``lookAlikeFirsts`` as a set: a clause without one holds no look-alike.
    static let lookAlikeFirstWords = Set(lookAlikeFirsts)
}
