@testable import SignalsCore
import Testing
import Wire

/// Complaints told as bare facts, read from their shape: a failure counted,
/// a contact repeated, a wait measured, someone who never came.
@Suite("Grievances told as facts")
struct GrievanceTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var text: String
        var expected: String?
        var testDescription: String { text }
    }

    @Test("a counted failure, a repeated contact, a measured wait or a no-show is a grievance, in four languages", arguments: [
        Case(text: "Week three of waiting for the replacement router.", expected: "week three + waiting"),
        Case(text: "I've called four times now.", expected: "four times"),
        Case(text: "Seriously?? Third time the same pizza turns up cold and soggy", expected: "third time"),
        Case(text: "My internet dropped again last night, the fourth evening this week.", expected: "fourth evening + again"),
        Case(text: "You've said that for four days now and the tracking hasn't moved once.", expected: "for four days + hasn't"),
        Case(text: "The engineer booked for Tuesday never turned up either.", expected: "never … turned"),
        Case(text: "Nothing has arrived and I'm working from my phone.", expected: "nothing … arrived"),
        Case(text: "Nobody called to say why.", expected: "nobody … called"),
        Case(text: "Es la tercera vez que el técnico no se presenta.", expected: "tercera vez"),
        Case(text: "Llevo dos semanas sin internet y pagando la factura entera.", expected: "llevo dos semanas + sin"),
        Case(text: "Hace un mes que pedí la baja y me siguen cobrando.", expected: "hace un mes + siguen"),
        Case(text: "He llamado cinco veces.", expected: "cinco veces"),
        Case(text: "Am Freitag sollte ein Techniker kommen, ich habe den ganzen Tag gewartet und es ist niemand gekommen.",
             expected: "niemand … gekommen"),
        Case(text: "La climatisation n'a jamais été réparée malgré trois demandes à la réception.", expected: "trois demandes"),
        Case(text: "Franchement, c'est la troisième mise à jour cette année qui casse quelque chose.",
             expected: "troisieme mise + casse"),
        Case(text: "Le technicien devait passer mardi, personne n'est venu.", expected: "personne … venu"),
        Case(text: "Deuxième rendez-vous manqué, et j'ai posé une journée de congé pour rien.",
             expected: "deuxieme rendez + rien"),
        Case(text: "J'ai appelé trois fois.", expected: "trois fois"),
        Case(text: "Personne ne m'a rappelé.", expected: "personne … rappele"),
        Case(text: "Nadie me ha llamado.", expected: "nadie … llamado"),
        Case(text: "Niemand hat sich bei mir gemeldet.", expected: "niemand … gemeldet"),
        Case(text: "Depuis deux semaines je n'ai pas de connexion.", expected: "depuis deux semaines + pas"),
        Case(text: "Ich rufe jetzt zum dritten Mal an.", expected: "dritten mal"),
        Case(text: "Ich habe schon viermal angerufen.", expected: "viermal"),
        Case(text: "Seit zwei Wochen funktioniert mein Internet nicht.", expected: "seit zwei wochen + nicht"),
        Case(text: "Der Techniker ist nie gekommen.", expected: "nie … gekommen"),
        Case(text: "Bonjour. Dix jours sans fibre.", expected: "dix jours sans"),
        Case(text: "Bonjour, troisième coupure internet cette semaine.", expected: "troisieme coupure"),
        Case(text: "That's the third outage since Monday.", expected: "third outage"),
        Case(text: "Ça fait trois semaines que je n'ai plus de ligne fixe.", expected: "fait trois semaines + plus"),
        Case(text: "Ten days without power and a freezer full of food.", expected: "ten days without"),
        Case(text: "Zwei Wochen ohne Internet.", expected: "zwei wochen ohne"),
        // Stuck, beside the wait.
        Case(text: "Die Sendung hängt seit 5 Tagen beim Zoll.", expected: "seit 5 tagen + hangt"),
        Case(text: "My parcel has been stuck at the depot for 6 days.", expected: "for 6 days + stuck"),
    ])
    func grievances(_ test: Case) {
        #expect(Grievance.find(inNormalized: PhraseMatcher.normalize(test.text)) == test.expected)
    }

    @Test("a frequency, a tenure, a date, an arrival still awaited or someone who came is no grievance", arguments: [
        "I take it 3 times a day.",
        "I have three requests about my booking: a late check-in, a cot and parking.",
        "Ich bin seit 10 Jahren Kunde und sehr zufrieden.",
        "My parcel hasn't arrived yet, when should I expect it?",
        "Das Paket ist noch nicht gekommen, wann kommt es?",
        "Ya la gestioné el día 3.",
        "Meine Rechnung ist diesen Monat 40 € höher als sonst.",
        "Une personne est venue relever le compteur.",
        "This is my second order with you.",
        "The price didn't show on the invoice.",
        "Can I book a third visit for next week?",
        "I have been a customer for four years.",
        "It came two days early, thanks!",
        "Can I pay in 12 meses sin intereses?",
        "The plan gives you 30 days without fees.",
        "Deux mois sans engagement, c'est bien ça ?",
        // Stuck words that tell of something else, or stand away from the wait.
        "We've been stuck in traffic, we'll arrive in 2 hours, will the desk be open?",
        "Ich bin seit 2 Wochen Kunde, hängt der Rabatt davon ab?",
        "Hace dos semanas que vivo en el bloque 4, ¿podéis cambiar la dirección?",
    ])
    func notGrievances(_ text: String) {
        #expect(Grievance.find(inNormalized: PhraseMatcher.normalize(text)) == nil)
    }
}

/// Grievances through the rules: two in a row are two negative messages.
@Suite("Grievances in a conversation")
struct GrievanceConversationTests {
    static let withoutCues = EscalationRules(sentiment: SentimentAnalyzer.shared, intent: IntentModel.shared, cues: nil)

    static func evaluate(_ texts: [String]) -> SignalsV1.EvaluateResponse {
        withoutCues.evaluate(alternating: texts)
    }

    @Test("two grievances in a row escalate on sentiment, without the learned cues, with what was counted as evidence")
    func twoGrievances() throws {
        let texts = ["Week three of waiting for the replacement router.", "Your replacement router has been dispatched.",
                     "I've called four times now."]
        let trigger = try #require(Self.evaluate(texts).triggers.first { $0.name == "sentiment.consecutive_negative" })
        #expect(trigger.evidence?.matchedPhrases == ["week three + waiting", "four times"])
        #expect(trigger.evidence?.measurements["grievances"] == 2)
    }

    @Test("one grievance and then a calm question is not two negative messages")
    func oneGrievance() {
        let texts = ["Week three of waiting for the replacement router.", "It was dispatched today.",
                     "Great, which courier is it?"]
        #expect(!Self.evaluate(texts).triggers.contains { $0.category == .sentiment })
    }
}
