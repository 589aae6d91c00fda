import HandoffCore
import Testing

/// The redaction table: personal data in English, Spanish, French and
/// German that must be masked exactly, and look-alikes that must stay.
@Suite("Redactor table")
struct RedactorTableTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var language: String
        var input: String
        var expected: String
        var kinds: [PersonalDataKind]
        var schemes: [NationalIDScheme] = []
        var testDescription: String { "\(language): \(input)" }
    }

    static let personalData: [Case] = [
        // English
        Case(language: "en", input: "Email me at john.smith@example.com please",
             expected: "Email me at [email] please", kinds: [.email]),
        Case(language: "en", input: "My number is +44 20 7946 0958.", expected: "My number is [phone].", kinds: [.phone]),
        Case(language: "en", input: "Call me on 07700 900123 after 5", expected: "Call me on [phone] after 5", kinds: [.phone]),
        Case(language: "en", input: "Reach me at (415) 555-0132 tonight", expected: "Reach me at [phone] tonight", kinds: [.phone]),
        Case(language: "en", input: "Text me on +1 415-555-0132", expected: "Text me on [phone]", kinds: [.phone]),
        Case(language: "en", input: "My mobile is 07700900123", expected: "My mobile is [phone]", kinds: [.phone]),
        Case(language: "en", input: "Card 4111 1111 1111 1111 was charged twice",
             expected: "Card [card ••••1111] was charged twice", kinds: [.card]),
        Case(language: "en", input: "Use my Amex 3782 822463 10005", expected: "Use my Amex [card ••••0005]", kinds: [.card]),
        Case(language: "en", input: "My SSN is 123-45-6789", expected: "My SSN is [national id]", kinds: [.nationalID],
             schemes: [.usSSN]),
        Case(language: "en", input: "NI number AB 12 34 56 C, thanks", expected: "NI number [national id], thanks",
             kinds: [.nationalID], schemes: [.ukNINO]),
        Case(language: "en", input: "Send it to 221B Baker Street, London NW1 6XE",
             expected: "Send it to [address]", kinds: [.postalAddress]),
        Case(language: "en", input: "I live at 1600 Pennsylvania Avenue NW, Washington, DC 20500.",
             expected: "I live at [address].", kinds: [.postalAddress]),
        Case(language: "en", input: "Ship to 10 Downing St, SW1A 2AA", expected: "Ship to [address]", kinds: [.postalAddress]),
        Case(language: "en", input: "Flat 3, 10 Queen's Road, Manchester M1 1AE", expected: "Flat 3, [address]",
             kinds: [.postalAddress]),
        Case(language: "en", input: "IBAN GB29 NWBK 6016 1331 9268 19 for the refund",
             expected: "IBAN [iban] for the refund", kinds: [.iban]),
        Case(language: "en", input: "Date of birth: 14/03/1985", expected: "Date of birth: [date of birth]",
             kinds: [.dateOfBirth]),
        Case(language: "en", input: "I was born on March 4, 1990 in Leeds", expected: "I was born on [date of birth] in Leeds",
             kinds: [.dateOfBirth]),

        // Spanish
        Case(language: "es", input: "Mi correo es maria.garcia@correo.es", expected: "Mi correo es [email]", kinds: [.email]),
        Case(language: "es", input: "Llámame al 612 345 678", expected: "Llámame al [phone]", kinds: [.phone]),
        Case(language: "es", input: "Mi fijo es 91 123 45 67", expected: "Mi fijo es [phone]", kinds: [.phone]),
        Case(language: "es", input: "Mi teléfono es +34 612 34 56 78", expected: "Mi teléfono es [phone]", kinds: [.phone]),
        Case(language: "es", input: "Mi móvil 699111222 por favor", expected: "Mi móvil [phone] por favor", kinds: [.phone]),
        Case(language: "es", input: "Mi DNI es 12345678Z", expected: "Mi DNI es [national id]", kinds: [.nationalID],
             schemes: [.esDNI]),
        Case(language: "es", input: "DNI 12.345.678-Z", expected: "DNI [national id]", kinds: [.nationalID], schemes: [.esDNI]),
        Case(language: "es", input: "Mi NIE es X1234567L", expected: "Mi NIE es [national id]", kinds: [.nationalID],
             schemes: [.esNIE]),
        Case(language: "es", input: "Mi IBAN es ES91 2100 0418 4502 0005 1332", expected: "Mi IBAN es [iban]", kinds: [.iban]),
        Case(language: "es", input: "Vivo en Calle Mayor 5, 3º B, 28013 Madrid", expected: "Vivo en [address]",
             kinds: [.postalAddress]),
        Case(language: "es", input: "Enviadlo a Avenida de América 12, 28002 Madrid", expected: "Enviadlo a [address]",
             kinds: [.postalAddress]),
        Case(language: "es", input: "Tarjeta 5555-5555-5555-4444 rechazada", expected: "Tarjeta [card ••••4444] rechazada",
             kinds: [.card]),
        Case(language: "es", input: "Fecha de nacimiento: 3 de mayo de 1990", expected: "Fecha de nacimiento: [date of birth]",
             kinds: [.dateOfBirth]),

        // French
        Case(language: "fr", input: "Mon adresse e-mail : claire.dupont@orange.fr.", expected: "Mon adresse e-mail : [email].",
             kinds: [.email]),
        Case(language: "fr", input: "Appelez-moi au 06 12 34 56 78", expected: "Appelez-moi au [phone]", kinds: [.phone]),
        Case(language: "fr", input: "Mon fixe : 01.23.45.67.89", expected: "Mon fixe : [phone]", kinds: [.phone]),
        Case(language: "fr", input: "Joignable au +33 6 12 34 56 78 le soir", expected: "Joignable au [phone] le soir",
             kinds: [.phone]),
        Case(language: "fr", input: "J'habite au 12 rue de la Paix, 75002 Paris", expected: "J'habite au [address]",
             kinds: [.postalAddress]),
        Case(language: "fr", input: "Livrez au 5 bis avenue Victor Hugo 69003 Lyon", expected: "Livrez au [address]",
             kinds: [.postalAddress]),
        Case(language: "fr", input: "Mon numéro de sécu : 1 84 05 76 451 089 31", expected: "Mon numéro de sécu : [national id]",
             kinds: [.nationalID], schemes: [.frNIR]),
        Case(language: "fr", input: "NIR 269022A34173214 (Ajaccio)", expected: "NIR [national id] (Ajaccio)",
             kinds: [.nationalID], schemes: [.frNIR]),
        Case(language: "fr", input: "IBAN FR14 2004 1010 0505 0001 3M02 606", expected: "IBAN [iban]", kinds: [.iban]),
        Case(language: "fr", input: "Carte 4012 8888 8888 1881 refusée", expected: "Carte [card ••••1881] refusée",
             kinds: [.card]),
        Case(language: "fr", input: "Née le 12 mars 1987 à Lyon", expected: "Née le [date of birth] à Lyon",
             kinds: [.dateOfBirth]),

        // German
        Case(language: "de", input: "Meine E-Mail: hans.mueller@beispiel.de", expected: "Meine E-Mail: [email]", kinds: [.email]),
        Case(language: "de", input: "Rufen Sie mich unter 030 12345678 an", expected: "Rufen Sie mich unter [phone] an",
             kinds: [.phone]),
        Case(language: "de", input: "Handy: 0151 23456789", expected: "Handy: [phone]", kinds: [.phone]),
        Case(language: "de", input: "Erreichbar unter +49 (0)30 1234567", expected: "Erreichbar unter [phone]", kinds: [.phone]),
        Case(language: "de", input: "Fax 089/1234567", expected: "Fax [phone]", kinds: [.phone]),
        Case(language: "de", input: "Meine Steuer-ID ist 86 095 742 719", expected: "Meine Steuer-ID ist [national id]",
             kinds: [.nationalID], schemes: [.deTaxID]),
        Case(language: "de", input: "Steuer-ID: 65929970489", expected: "Steuer-ID: [national id]", kinds: [.nationalID],
             schemes: [.deTaxID]),
        Case(language: "de", input: "Ausweisnummer L01X00T471", expected: "Ausweisnummer [national id]", kinds: [.nationalID],
             schemes: [.deIDCard]),
        Case(language: "de", input: "IBAN: DE89 3704 0044 0532 0130 00", expected: "IBAN: [iban]", kinds: [.iban]),
        Case(language: "de", input: "Ich wohne in der Hauptstraße 5, 10115 Berlin", expected: "Ich wohne in der [address]",
             kinds: [.postalAddress]),
        Case(language: "de", input: "Lieferung an Berliner Str. 12a, 80331 München", expected: "Lieferung an [address]",
             kinds: [.postalAddress]),
        Case(language: "de", input: "Kreditkarte 4111-1111-1111-1111", expected: "Kreditkarte [card ••••1111]", kinds: [.card]),
        Case(language: "de", input: "Geboren am 31.12.1985 in Köln", expected: "Geboren am [date of birth] in Köln",
             kinds: [.dateOfBirth]),

        // Other written forms the documentation promises.
        Case(language: "en", input: "Toll free 1-800-555-0199 or 415.555.0132",
             expected: "Toll free [phone] or [phone]", kinds: [.phone, .phone]),
        Case(language: "fr", input: "Mon portable 0612345678", expected: "Mon portable [phone]", kinds: [.phone]),
        Case(language: "de", input: "Büro (030) 12345678, Lindenweg 3-5", expected: "Büro [phone], [address]",
             kinds: [.phone, .postalAddress]),
        Case(language: "es", input: "Cuenta es91 2100 0418 4502 0005 1332", expected: "Cuenta [iban]", kinds: [.iban]),
        Case(language: "de", input: "geb. 01.02.1980", expected: "geb. [date of birth]", kinds: [.dateOfBirth]),

        // Card security codes, multi-line addresses.
        Case(language: "en", input: "4111 1111 1111 1111, exp 12/27, cvv 123",
             expected: "[card ••••1111], exp 12/27, cvv [card code]", kinds: [.card, .card]),
        Case(language: "en", input: "Card 4111 1111 1111 1111 12/27 please", expected: "Card [card ••••1111] 12/27 please",
             kinds: [.card]),
        Case(language: "de", input: "Geboren 1990 4111111111111111", expected: "Geboren 1990 [card ••••1111]", kinds: [.card]),
        Case(language: "es", input: "Código de seguridad: 456", expected: "Código de seguridad: [card code]", kinds: [.card]),
        Case(language: "es", input: "María López\nC/ Gran Vía 28, 2º izq.\n28013 Madrid", expected: "María López\n[address]",
             kinds: [.postalAddress]),
        Case(language: "fr", input: "M. Dupont\n8 avenue des Champs-Élysées\n75008 Paris", expected: "M. Dupont\n[address]",
             kinds: [.postalAddress]),
        Case(language: "de", input: "Hans Müller\nHauptstraße 5\n10115 Berlin\nTel 030 1234567",
             expected: "Hans Müller\n[address]\nTel [phone]", kinds: [.postalAddress, .phone]),

        // Several kinds in one message.
        Case(language: "en", input: "I'm jane@doe.io, +44 7700 900123, card 4111111111111111",
             expected: "I'm [email], [phone], card [card ••••1111]", kinds: [.email, .phone, .card]),
        Case(language: "de", input: "Bestellung 4711: bitte an hans@web.de, Tel. 0171 1234567",
             expected: "Bestellung 4711: bitte an [email], Tel. [phone]", kinds: [.email, .phone]),
    ]

    static let lookAlikes: [(language: String, text: String)] = [
        ("en", "Order 1234567890 has shipped"),
        ("en", "Your order 612 345 678 is on its way"),
        ("en", "Ticket #4155550132 is closed"),
        ("en", "Invoice INV-2024-00123 is attached"),
        ("en", "Tracking 1Z999AA10123456784 shows delivered"),
        ("en", "Delivered on 12/03/2024 at 10:30"),
        ("en", "The package weighs 2.5 kg and costs $49.99"),
        ("en", "Version 2.14.3 fixed it; update to v10.0.19045"),
        ("en", "We have 30000 Customers in Europe"),
        ("en", "IMEI 356938035643809 is locked"),
        ("en", "ISBN 978-3-16-148410-0"),
        ("en", "SKU 5901234123457 is out of stock"),
        ("en", "Card 4111 1111 1111 1112 fails Luhn"),
        ("es", "Pedido 612345678 enviado"),
        ("es", "Seguimiento JD014600006281234567"),
        ("es", "Factura FAC-2023-004512 pagada por 1.234,56 €"),
        ("es", "Entrega el 2024-03-12 a las 14:45"),
        ("es", "Pagué 612 345 678 EUR"),
        ("es", "Te llamo a las 18:30 del 12/05, referencia 612345678"),
        ("es", "Pagué 1.299,00 € el 3 de mayo de 2024"),
        // 12345693's check letter is Y: a lower-case "y" after a space is
        // the word "and".
        ("es", "Entre 12345693 y 12345699 unidades"),
        ("es", "Código postal 28013, versión 3.2.1"),
        ("fr", "Commande n° 06 12 34 56 78 expédiée"),
        ("fr", "Rendez-vous le 12/05 à 14h, facture FA-2024-0042 de 89,90 €"),
        ("fr", "Commande 0612345678 livrée"),
        ("fr", "Livraison le 05.03.2024 à 09h30"),
        ("fr", "Mon colis 6A12345678901 arrive"),
        ("fr", "IBAN FR14 2004 1010 0505 0001 3M02 607"),
        ("de", "Bestellung 0151 23456789 ist unterwegs"),
        ("de", "Sie haben 25000 Meilen gesammelt"),
        ("de", "Die Sendungsnummer ist 00340434161234567890"),
        ("de", "Rechnung Nr. 2024/00123 vom 01.02.2024"),
        ("de", "Steuer-ID 12345678903 ist falsch"),
        ("de", "Termin um 14:30 Uhr, Raum 0815"),
        ("de", "Wir sind 12345 Berlin-Fans"),
        ("de", "Sitzplatz 14 in Wagen 7, Parkplatz 12 ist frei"),
        ("en", "Customer ID 12345 was merged"),
        ("de", "Kundennummer 86095742719"),
        ("en", "Serial AB 12 34 56 C"),
        ("en", "Enter code 123 to confirm"),
        ("fr", "Référence 06 12 34 56 78"),
    ]

    @Test(arguments: personalData)
    func masksPersonalData(_ testCase: Case) {
        let redaction = Redactor().redact(testCase.input)
        #expect(redaction.text == testCase.expected)
        #expect(redaction.spans.map(\.kind) == testCase.kinds)
        if !testCase.schemes.isEmpty {
            #expect(redaction.spans.compactMap(\.scheme) == testCase.schemes)
        }
    }

    @Test(arguments: lookAlikes.map(\.text))
    func leavesLookAlikes(_ text: String) {
        let redaction = Redactor().redact(text)
        #expect(redaction.text == text)
        #expect(redaction.spans.isEmpty)
    }

    @Test func tableIsLargeEnoughInEveryLanguage() {
        for language in ["en", "es", "fr", "de"] {
            #expect(Self.personalData.filter { $0.language == language }.count >= 10, "\(language)")
            #expect(Self.lookAlikes.filter { $0.language == language }.count >= 4, "\(language)")
        }
        #expect(Self.personalData.count >= 40)
        #expect(Self.lookAlikes.count >= 20)
    }
}
