/// The customer disowning an action on their account: a denial right
/// before the action ("an order I never placed", "I didn't ask for a new
/// SIM", "a device added while I was asleep") with something of the account
/// nearby. A fraud or account-takeover cue in words the lists cannot
/// foresee. The denial must govern the action ("never would've made this
/// withdrawal" is a regret, "the transactions I tried to make just didn't
/// work" a failure), so only fillers may stand between them.
enum DisownedAction {
    /// Words of the account an action may be disowned on, this far from the action.
    static let window = 8
    /// Money moved stands this far from "asleep" or "not me": the payments are told first, with where and when
    /// ("3 payments on my debit card from some site called 'VLN-Mkt' in Vilnius, £89.99 each … I was asleep").
    static let moneyWindow = 24

    /// The evidence ("never … placed … order"), or nil.
    static func find(inNormalized text: String) -> String? {
        let words = text.splitOnSpaces().map(String.init)
        for (position, word) in words.enumerated() where spanishActs.contains(word) {
            // Spanish puts the denial and a pronoun before the verb ("tres compras en Monterrey … no las hice yo").
            guard let denial = words[max(0, position - 3)..<position].lastIndex(of: "no"),
                  words[(denial + 1)..<position].allSatisfy(spanishFillers.contains),
                  let object = near(words, position, window: moneyWindow).first(where: { objects.contains($0) || moneyMoved.contains($0) })
            else { continue }
            return "no … \(word) … \(object)"
        }
        for (position, word) in words.enumerated() where denials.contains(word) || selfDenials.contains(word) {
            // "Noch nicht gemacht" is not done yet, not disowned.
            if word == "nicht", position > 0, words[position - 1] == "noch" { continue }
            // "3 payments from some site in Vilnius … I was asleep. Not me.": what was done while the customer
            // slept, or said not to be them, is disowned by the words of the account near it.
            if word == "asleep" || deniesSelf(words, at: position),
               let object = near(words, position, window: moneyWindow).first(where: moneyMoved.contains) {
                return "\(word == "asleep" ? word : "not me") … \(object)"
            }
            guard !selfDenials.contains(word) else { continue }
            // "I was asleep" disowns whatever was done on the account meanwhile.
            let action: Int? = word == "asleep"
                ? words.indices.first { abs($0 - position) <= window && actions.contains(words[$0]) }
                : words[(position + 1)...].prefix(3).indices.first { index in
                    actions.contains(words[index]) && words[(position + 1)..<index].allSatisfy(fillers.contains)
                }
            guard let action else { continue }
            // Missing a connection is no act disowned ("my bag didn't make the connection in Frankfurt").
            if Self.caughtInTime(words, action) { continue }
            if let object = near(words, action).first(where: objects.contains)
                // Money moved, told first with where it went ("3 payments to some 'ZX*DIGISTORE' i've never heard
                // of, didnt make any of them").
                ?? near(words, action, window: moneyWindow).first(where: moneyMoved.contains) {
                return "\(word) … \(words[action]) … \(object)"
            }
        }
        return nil
    }

    /// Whether the action at `position` is catching something in time ("didn't make the connection", "never made it"),
    /// not an act on the account.
    static func caughtInTime(_ words: [String], _ position: Int) -> Bool {
        guard ["make", "made"].contains(words[position]), position + 1 < words.count else { return false }
        // "£300 on my card last night, I didn't make it" disowns the payment.
        if words[position + 1] == "it" {
            return !near(words, position, window: moneyWindow).contains { moneyMoved.contains($0) || objects.contains($0) }
        }
        return words[position + 1] == "the" && position + 2 < words.count && caught.contains(words[position + 2])
    }

    /// What one makes or misses in time.
    /// Not "transfer": "I didn't make the transfer" disowns one.
    static let caught: Set<String> = ["connection", "flight", "train", "bus", "deadline", "cut", "ferry"]

    /// Words that deny it was the customer, with those around them (``deniesSelf(_:at:)``).
    static let selfDenials: Set<String> = ["not", "pas", "fui"]

    /// Whether the words at `position` say it was not the customer: "not me", "c'est pas moi", "no fui yo", "das war
    /// nicht ich" / "war ich nicht".
    static func deniesSelf(_ words: [String], at position: Int) -> Bool {
        func word(_ offset: Int) -> String? { words.indices.contains(position + offset) ? words[position + offset] : nil }
        switch words[position] {
        case "not": return word(1) == "me"
        case "pas": return word(1) == "moi"
        // Not "No, fui yo quien hizo la compra" (a "no" answering, then the customer owning it).
        case "fui": return word(-1) == "no" && word(1) == "yo" && !["quien", "el", "la", "que"].contains(word(2) ?? "")
        // "Das war (nicht) ich" / "das war ich nicht"; not "da war ich nicht sicher".
        case "nicht":
            return word(1) == "ich" && word(-1) == "war" && ["das", "es"].contains(word(-2) ?? "")
                || word(-1) == "ich" && word(-2) == "war" && ["das", "es"].contains(word(-3) ?? "")
        default: return false
        }
    }

    /// The words within ``window`` of `position` either side, numbers not counted: "un préstamo de 3.000
    /// euros que yo nunca he pedido" writes the amount as two of them.
    static func near(_ words: [String], _ position: Int, window: Int = window) -> [String] {
        /// The index `window` words away in the direction of `step`.
        func edge(_ step: Int) -> Int {
            var index = position, counted = 0
            while counted < window, words.indices.contains(index + step) {
                index += step
                if !words[index].allSatisfy(\.isNumber) { counted += 1 }
            }
            return index
        }
        return Array(words[edge(-1)...edge(1)])
    }

    /// What starts the search in a message: a denial, "not me", or a Spanish act a denial may stand before.
    static let cues = denials.union(["not me", "pas moi", "no fui yo"]).union(spanishActs)

    /// Spanish acts in the first person past, disowned with "no" before them ("no las hice yo", "no lo autoricé");
    /// "no" alone is too common a word to start the search.
    static let spanishActs: Set<String> = ["hice", "hicimos", "autorice", "autorizamos", "realice", "realizamos",
                                           "compre", "compramos", "pedi", "pedimos", "solicite"]

    /// What may stand between that "no" and the act: object pronouns and "yo" ("no las hice", "yo no lo pedí").
    static let spanishFillers: Set<String> = ["lo", "la", "los", "las", "le", "les", "yo", "nunca"]

    /// Denials, as normalised (typed without the apostrophe, "didnt" reads "didn't": ``PhraseMatcher/contractions``).
    static let denials: Set<String> = ["didn't", "never", "wasn't", "haven't", "hadn't", "asleep", "nunca", "jamais", "nie",
                                       // German puts it before the participle ("Bestellungen, die ich nicht gemacht hab").
                                       "nicht", "nichts"]

    /// Words that may stand between a denial and its action ("never even asked", "n'ai jamais rien").
    static let fillers: Set<String> = ["ever", "even", "actually", "once", "i", "we", "have", "rien", "je",
                                       // Auxiliaries and objects before a participle ("nunca he pedido", "nie etwas bestellt").
                                       "he", "hemos", "etwas"]

    static let actions: Set<String> = [
        "ask", "asked", "ordered", "place", "placed", "make", "made", "authorise", "authorised", "authorize",
        "authorized", "request", "requested", "sign", "signed", "add", "added", "open", "opened",
        "pedido", "hecho", "realizado", "autorizado", "autorise", "demande", "commande", "faits", "faites", "passe",
        "passes", "passees", "effectue", "effectues",
        "effectuee", "effectuees", "fait", "bestellt", "beantragt", "veranlasst", "gemacht", "getatigt", "autorisiert",
        // Bookings and purchases ("flights … I haven't booked anything").
        "booked", "bought", "purchased", "reservado", "comprado", "reserve", "achete", "gebucht", "gekauft",
    ]

    /// Money moved from the account: what a customer asleep, or saying "not me", disowns without naming the act.
    static let moneyMoved: Set<String> = [
        "transaction", "transactions", "payment", "payments", "charge", "charges", "withdrawal", "withdrawals",
        "transfer", "transfers", "purchase", "purchases", "cargo", "cargos", "pago", "pagos", "compra", "compras",
        "achat", "achats", "paiement", "paiements", "prelevement", "prelevements", "abbuchung", "abbuchungen",
        "zahlung", "zahlungen", "transferencia", "transferencias", "virement", "virements", "uberweisung", "uberweisungen",
    ]

    static let objects: Set<String> = [
        "sim", "transaction", "transactions", "payment", "payments", "charge", "charges", "withdrawal", "transfer",
        "device", "purchase", "purchases", "loan", "order", "subscription", "password", "pin", "cargo", "cargos",
        "pago", "pagos", "compra", "compras", "prestamo", "achat", "achats", "paiement", "paiements", "prelevement",
        "prelevements", "abbuchung", "abbuchungen", "zahlung", "zahlungen", "kauf", "kredit",
        // Money sent away: "a transfer of 900 € I never asked for".
        "transfers", "transferencia", "transferencias", "virement", "virements", "uberweisung", "uberweisungen",
        // Credit taken out and stored value spent.
        "credito", "pret", "credit", "points", "flight", "flights", "booking", "ticket", "tickets",
        "orders", "bestellung", "bestellungen", "pedidos", "commandes",
        // A payee added ("my bank app is asking me to confirm a payee I never added").
        "payee", "payees", "beneficiary", "beneficiario", "beneficiaire", "empfanger", "zahlungsempfanger",
    ]
}
