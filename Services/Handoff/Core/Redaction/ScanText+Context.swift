/// The words in front of a number, which tell an order number from a phone
/// number where the digits alone cannot.
extension ScanText {
    /// Up to three words before `index` (lower case, nearest first), and
    /// whether "#" directly precedes it. The look-back stays in the clause:
    /// it stops at a line break, at , ; ! ?, at a full stop followed by a
    /// capital ("… arrived. Call me"), at another number and after 48 code
    /// units.
    func context(before index: Int) -> NumberContext {
        var words: [String] = []
        var position = index - 1
        while position >= 0, self[position] == 0x20 || self[position] == 0x3A || self[position] == 0x09 { position -= 1 }
        let hash = self[position] == 0x23
        let limit = max(0, index - 48)
        var wordEnd = -1
        while position >= limit - 1, words.count < 3 {
            let unit = self[position]
            if position >= limit, isLetter(position) {
                if wordEnd < 0 { wordEnd = position + 1 }
                position -= 1
                continue
            }
            if wordEnd >= 0 {
                let word = string((position + 1)..<wordEnd)
                // Most words are lower case already and skip the Unicode
                // pass of `lowercased()`.
                let hasCapital = units[(position + 1)..<wordEnd].contains { $0 >= 0x80 || ScanText.isUpper($0) }
                words.append(hasCapital ? word.lowercased() : word)
                wordEnd = -1
            }
            if position < limit || isDigit(position) { break }
            // A placeholder's closing bracket ends the clause too: "[phone]"
            // must not announce the next number when a redacted text is
            // redacted again.
            if unit == 0x0A || unit == 0x0D || unit == 0x2C || unit == 0x3B || unit == 0x21 || unit == 0x3F || unit == 0x5D {
                break
            }
            if unit == 0x2E, self[position + 1] == 0x20, isUpper(position + 2) { break }
            position -= 1
        }
        return NumberContext(words: words, followsHash: hash)
    }
}

/// The words before a number (see `ScanText.context(before:)`).
struct NumberContext: Sendable, Hashable {
    /// Up to three words, nearest first, lower case.
    var words: [String]
    /// True when "#" is right before the number.
    var followsHash: Bool

    /// True when the number is a reference of some kind (order, ticket,
    /// invoice, tracking…) rather than personal data.
    var isReference: Bool {
        followsHash || words.contains { Self.referenceWords.contains($0) }
    }

    /// True when a word announces a phone number ("phone", "Tel.",
    /// "móvil", "Handy"…), which lets national numbers without grouping
    /// through.
    var announcesPhone: Bool { words.contains { Self.phoneWords.contains($0) } }

    /// True when any of `cues` is among the words.
    func contains(any cues: Set<String>) -> Bool { words.contains { cues.contains($0) } }

    /// Words that make the next number a reference, in English, Spanish,
    /// French and German.
    static let referenceWords: Set<String> = [
        "order", "orders", "pedido", "pedidos", "commande", "commandes", "bestellung", "bestellnummer",
        "auftrag", "auftragsnummer", "ticket", "tickets", "invoice", "factura", "facture", "rechnung",
        "rechnungsnummer", "tracking", "seguimiento", "suivi", "sendungsnummer", "sendung", "reference", "ref",
        "referencia", "référence", "referenz", "case", "caso", "dossier", "vorgang", "vorgangsnummer", "parcel",
        "paquete", "colis", "paket", "sku", "article", "artículo", "artikel", "item", "model", "modelo", "modèle",
        "version", "versión", "receipt", "recibo", "reçu", "quittung", "transaction", "transacción",
        "transaktion", "confirmation", "confirmación", "booking", "reserva", "réservation", "buchung", "flight",
        "vuelo", "vol", "flug", "n", "nr", "nº", "serial", "lot", "lote", "kundennummer", "kundennr",
        "vertragsnummer", "contrato", "contrat",
    ]

    /// Words that announce a phone number.
    static let phoneWords: Set<String> = [
        "phone", "tel", "telephone", "mobile", "cell", "cellphone", "call", "text", "whatsapp", "sms", "fax",
        "teléfono", "telefono", "tlf", "tfno", "móvil", "movil", "llamar", "llámame", "llamadme", "llámeme",
        "téléphone", "tél", "portable", "appeler", "appelez", "rappeler", "joindre", "joignable", "telefon",
        "telefonnummer", "handy", "handynummer", "mobil", "mobilnummer", "rufnummer", "anrufen", "erreichbar",
        "festnetz",
    ]
}
