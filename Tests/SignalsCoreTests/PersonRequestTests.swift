@testable import SignalsCore
import Testing
import Wire

/// Requests for a person read from the shape of a clause, with their scope,
/// and capability limits read from words that occur together.
@Suite("Person requests and capability pairs")
struct PersonRequestTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var text: String
        var expected: [String]
        var testDescription: String { text }
    }

    @Test("a person word in a request frame asks for a person; declined, reported, past or look-alike ones do not", arguments: [
        Case(text: "I do not understand you, I need help contacting somebody", expected: ["contacting … somebody"]),
        Case(text: "I cannot chat with a person", expected: ["chat … person"]),
        Case(text: "I don't want to talk to a robot anymore, I need someone who can actually change the price.",
             expected: ["someone who can"]),
        Case(text: "Is there anybody at your end who can look at my file?", expected: ["anybody who can"]),
        Case(text: "Honestly, could one of your people look at this?", expected: ["one of your people"]),
        Case(text: "Quiero que esto lo revise una persona de carne y hueso, no un programa.",
             expected: ["persona de carne y hueso"]),
        Case(text: "Est-ce que je peux avoir quelqu'un au bout du fil ?", expected: ["quelqu'un au bout du fil"]),
        Case(text: "Kann sich bitte ein echter Mensch meine Rechnung ansehen?", expected: ["echter mensch"]),
        Case(text: "No need to put me through to an advisor, I just want the opening hours.", expected: []),
        Case(text: "Pas besoin de me passer un conseiller, merci.", expected: []),
        Case(text: "Du brauchst mich nicht an einen Berater weiterleiten, ich will nur den Zählerstand melden.", expected: []),
        Case(text: "Do I need to talk to an adviser to switch tariff?", expected: []),
        Case(text: "Muss ich mit einem Berater sprechen, um den Tarif zu wechseln?", expected: []),
        Case(text: "What do I need to do to contact someone?", expected: ["contact … someone"]),
        Case(text: "My friend said I should just speak to a supervisor, but I'd rather sort it here.", expected: []),
        Case(text: "I spoke to an agent yesterday and she fixed it.", expected: []),
        Case(text: "Ich habe gestern mit einem Mitarbeiter gesprochen, alles erledigt.", expected: []),
        Case(text: "I need payslips for human resources.", expected: []),
        Case(text: "I booked through my travel agent, can I change the seat myself or does it have to go through the agent?",
             expected: []),
        Case(text: "I booked through my travel agent, but now I want to talk to an agent of yours.", expected: ["talk … agent"]),
        Case(text: "Can you tell me if you are a real person?", expected: []),
        Case(text: "You sound like a real person.", expected: []),
        Case(text: "Look, I'd just like a proper person on the line please, it's about my mortgage.",
             expected: ["proper person"]),
        Case(text: "Personne ne répond au téléphone.", expected: []),
        Case(text: "Can I transfer money to someone abroad?", expected: []),
        Case(text: "Let me speak to whoever's in charge of billing.", expected: ["speak … whoever's"]),
        Case(text: "Can you pass this chat to your complaints team?", expected: ["chat … team"]),
        Case(text: "I'll talk to my team and come back to you.", expected: []),
        Case(text: "I need to talk to a living breathing person please.", expected: ["breathing person"]),
        Case(text: "Are cards issued to people living in the US?", expected: []),
        Case(text: "Ich will sofort mit einem Vorgesetzten reden!", expected: ["mit … vorgesetzten reden"]),
        // An article and an adjective between "mit" and the person; not a product named there.
        Case(text: "Könnte ich mit der zuständigen Beraterin sprechen?", expected: ["mit … beraterin sprechen"]),
        Case(text: "Lässt sich die Lampe mit dem Google Assistant verbinden?", expected: []),
        Case(text: "Ich habe gestern mit einem Mitarbeiter gesprochen.", expected: []),
    ])
    func requests(_ test: Case) {
        let normalized = PhraseMatcher.normalize(test.text)
        let found = PersonRequest.find(in: SpeechScope.ownClauses(test.text))
        #expect(found == test.expected)
        // The pass before any scope never rejects a text that holds a request.
        if !found.isEmpty { #expect(PersonRequest.mayHold(inNormalized: normalized)) }
    }

    @Test("someone named right before a reporting verb reports; they are not asked for")
    func reporter() {
        let reported = PhraseMatcher.normalize("A colleague said she got a supervisor on the phone by threatening to cancel.")
        #expect(SpeechScope.isReporter("a colleague", inNormalized: reported))
        let asked = PhraseMatcher.normalize("Can I speak to a colleague of yours? A colleague told me to ask.")
        #expect(!SpeechScope.isReporter("a colleague", inNormalized: asked))
        #expect(!SpeechScope.isReporter("a colleague", inNormalized: PhraseMatcher.normalize("Nobody told me.")))
        // Someone who did something is told about, not asked for.
        #expect(SpeechScope.isPastActor("a colleague", inNormalized: PhraseMatcher.normalize("A colleague stored the login there.")))
        #expect(SpeechScope.isPastActor("your manager", inNormalized: PhraseMatcher.normalize("Your manager approved it.")))
        #expect(!SpeechScope.isPastActor("a colleague", inNormalized: asked))
        #expect(!SpeechScope.isPastActor("a manager", inNormalized: PhraseMatcher.normalize("Get me a manager now.")))
        let rules = EscalationRules(sentiment: SentimentAnalyzer.shared)
        let response = rules.evaluate(.with {
            $0.tenantID = "t"
            $0.conversation = .with {
                $0.conversationID = "c"
                $0.messages = [.with {
                    $0.role = .customer
                    $0.text = "A colleague said she got a supervisor on the phone by threatening to cancel, but I'd rather sort it here. "
                        + "What's the cheapest plan?"
                }]
            }
        }, thresholds: Defaults.thresholds)
        #expect(!response.triggers.contains { $0.category == .explicitRequest })
    }

    @Test("words of every set of a pair within the window make a capability limit", arguments: [
        Case(text: "Es riecht im Keller nach Gas, seit heute Morgen.", expected: ["capability.safety: gas … riecht"]),
        Case(text: "Mi padre falleció la semana pasada.", expected: ["capability.bereavement: padre … fallecio"]),
        Case(text: "If you won't refund it I'll ask my bank to reverse it.", expected: ["capability.chargeback: bank … reverse"]),
        Case(text: "Quelqu'un s'est connecté à mon compte.", expected: ["capability.security: quelqu'un … connecte … compte"]),
        Case(text: "My son has no insulin left, none at all tonight.", expected: ["capability.medical: insulin … left"]),
        Case(text: "Her power was cut off this morning and she's on an oxygen machine.",
             expected: ["capability.medical: oxygen … cut"]),
        Case(text: "Somebody has swapped the email on my account.", expected: ["capability.security: somebody … swapped … email"]),
        Case(text: "The charger got so hot overnight it scorched the carpet.", expected: ["capability.safety: charger … scorched"]),
        Case(text: "He's allergic to nuts and his lips are swelling.", expected: ["capability.medical: allergic … swelling"]),
        Case(text: "I'm speaking to a lawyer on Thursday.", expected: ["capability.legal: lawyer … speaking"]),
        Case(text: "I'm going to the Civil Aviation Authority.", expected: ["capability.regulator: authority … going"]),
        Case(text: "Hi, my mum's just had her new prescription and her lips and tongue are swelling up really fast.",
             expected: ["capability.medical: swelling … lips"]),
        Case(text: "Mi padre tiene una opresión en el pecho desde hace una hora.", expected: ["capability.medical: pecho … opresion"]),
        Case(text: "Er sagt, sein linker Arm ist taub.", expected: ["capability.medical: arm … taub"]),
        Case(text: "Somebody has been using my loyalty points on flights I never booked.",
             expected: ["capability.security: somebody … using … points"]),
        Case(text: "Our solicitor has advised us to write to you.", expected: ["capability.legal: solicitor … advised"]),
        Case(text: "Can I put the chest of drawers on the same delivery?", expected: []),
        Case(text: "The chest of drawers came broken, what a pain.", expected: []),
        Case(text: "He's had chest tightness since about an hour ago.", expected: ["capability.medical: chest … tightness"]),
        Case(text: "How many points do I need for a flight to Rome?", expected: []),
        Case(text: "Where do I send my gas meter reading?", expected: []),
        Case(text: "My father is visiting, can I add him as a driver?", expected: []),
        Case(text: "Can someone help me with my account?", expected: []),
        Case(text: "He's wheezing badly and his lips look a bit blue.", expected: ["capability.medical: lips … blue … look"]),
        Case(text: "Se le están poniendo los labios morados.", expected: ["capability.medical: labios … morados … poniendo"]),
        Case(text: "Also, is it normal to have a bit of a rotten egg smell by the boiler since he left?",
             expected: ["capability.safety: egg … rotten … smell … boiler"]),
        Case(text: "Ça sent l'œuf pourri près de la chaudière.", expected: ["capability.safety: l'oeuf … pourri … sent … chaudiere"]),
        Case(text: "Two of the eggs in my grocery order smell rotten.", expected: []),
        Case(text: "There was a loud bang and a flash behind the fridge and the socket went black.",
             expected: ["capability.safety: flash … socket … was"]),
        Case(text: "Do you sell a socket adapter with a flash of colour?", expected: []),
        Case(text: "Desde la revisión huele muy fuerte a huevo podrido en la cocina.",
             expected: ["capability.safety: huevo … podrido … huele … cocina"]),
        Case(text: "I'd like the blue lip gloss instead of the red one.", expected: []),
    ])
    func pairs(_ test: Case) {
        let found = CapabilityPairs().find(inNormalized: PhraseMatcher.normalize(test.text))
        #expect(found.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" } == test.expected)
    }

    @Test("a medicine taken twice with its symptoms a sentence later is medical urgency; a medicine ordered twice is not")
    func medicineTakenTwice() {
        let spread = CapabilityPairs(Lexicons.spreadCapabilityPairs, window: CapabilityPairs.spreadWindow)
        let taken = PhraseMatcher.normalize(
            "the thing is she's just taken her evening tablets twice I think, she's 84 and she says she feels dizzy and a bit clammy")
        #expect(spread.find(inNormalized: taken)["capability.medical"] == "tablets … twice … dizzy")
        let ordered = PhraseMatcher.normalize("Can I order my tablets twice a month instead of once?")
        #expect(spread.find(inNormalized: ordered)["capability.medical"] == nil)
    }

    @Test("someone asked for is not someone who acted")
    func someoneAskedFor() {
        let asked = PhraseMatcher.normalize("Can someone tell me how many points I used last year?")
        #expect(CapabilityPairs().find(inNormalized: asked)["capability.security"] != nil)
        #expect(EscalationRules.asksForSomeone("someone", inNormalized: asked))
        let told = PhraseMatcher.normalize("Someone has used my points. Can someone look at it?")
        #expect(!EscalationRules.asksForSomeone("someone", inNormalized: told))
        #expect(!EscalationRules.asksForSomeone("points", inNormalized: asked))
    }

    @Test("a denial governing an action on the account disowns it; regrets and failures do not", arguments: [
        Case(text: "I was charged for an order I never placed.", expected: ["never … placed … order"]),
        Case(text: "My number moved to a new SIM and I didn't ask for a new SIM.", expected: ["didn't … ask … sim"]),
        Case(text: "A new device was added to my account at 3am. I was asleep.", expected: ["asleep … added … device"]),
        Case(text: "Trois paiements que je n'ai jamais effectués.", expected: ["jamais … effectues … paiements"]),
        Case(text: "En mi cuenta aparece un préstamo de 3.000 euros que yo nunca he pedido.", expected: ["nunca … pedido … prestamo"]),
        Case(text: "Auf meiner Karte ist eine Zahlung, ich habe nie etwas bestellt.", expected: ["nie … bestellt … zahlung"]),
        Case(text: "Two tickets to Lagos on my card. I never booked them.", expected: ["never … booked … tickets"]),
        Case(text: "I never would've made this withdrawal if I'd known the fee.", expected: []),
        Case(text: "The transactions I tried to make were small and it just didn't work.", expected: []),
        Case(text: "I didn't get my order.", expected: []),
    ])
    func disowned(_ test: Case) {
        #expect(DisownedAction.find(inNormalized: PhraseMatcher.normalize(test.text)).map { [$0] } ?? [] == test.expected)
    }

    @Test("a detail changed that the customer disowns anywhere in the message is a takeover; their own change is not", arguments: [
        Case(text: "Me ha llegado un SMS de que han cambiado el teléfono asociado a la cuenta y yo no he tocado nada.",
             expected: ["cambiado … telefono + no he tocado"]),
        Case(text: "Gestern wurde ein neues Gerät angemeldet. Das war nicht ich.", expected: ["angemeldet … gerat + war nicht ich"]),
        Case(text: "In meinem Kundenkonto ist plötzlich eine fremde Bankverbindung eingetragen. Das war ich nicht.",
             expected: ["eingetragen … bankverbindung + war ich nicht"]),
        Case(text: "I changed my email yesterday and now I haven't touched anything else but it fails.", expected: []),
        Case(text: "My phone number was updated last week, thanks for the quick help.", expected: []),
    ])
    func unrecognisedChange(_ test: Case) {
        let found = UnrecognisedChange.find(inNormalized: PhraseMatcher.normalize(test.text),
                                            disowning: PhraseMatcher(UnrecognisedChange.disowning))
        #expect(found.map { [$0] } ?? [] == test.expected)
    }

    @Test("three sets told across a sentence or two: a medicine running out far from the medicine word", arguments: [
        Case(text: "My husband is diabetic and the insulin delivery you were meant to bring today hasn't come. He has maybe one dose left.",
             expected: ["capability.medical: insulin … dose … left"]),
        Case(text: "My dad's on home dialysis and your engineer has just turned the water off to the whole street.",
             expected: ["capability.medical: dialysis … water … off"]),
        Case(text: "The fridge has water pooling under it and it's running into the extension lead.",
             expected: ["capability.safety: water … pooling … extension"]),
        Case(text: "There's water dripping through the ceiling light, right onto the fuse box.",
             expected: ["capability.safety: water … dripping … fuse"]),
        Case(text: "The dishwasher is leaking water and the red light keeps flashing.", expected: []),
        Case(text: "The last tablet I bought from you had a cracked screen.", expected: []),
        Case(text: "Can I plug the water filter into the socket under the sink?", expected: []),
        Case(text: "Can I collect my prescription on Saturday?", expected: []),
    ])
    func spreadPairs(_ test: Case) {
        let found = CapabilityPairs(Lexicons.spreadCapabilityPairs, window: CapabilityPairs.spreadWindow)
            .find(inNormalized: PhraseMatcher.normalize(test.text))
        #expect(found.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" } == test.expected)
    }

    @Test("a death dated years back is background unless the dead person's affairs are the matter; a threat reported is not made",
          arguments: [
        Case(text: "Mi hermano murió hace cinco años y desde entonces llevo yo la casa. Quiero cambiar la potencia.", expected: []),
        Case(text: "My grandfather passed away peacefully in 2019 and left me his camera. Do you service Leicas?", expected: []),
        Case(text: "My father died two years ago and his account is still open.", expected: ["capability.bereavement"]),
        Case(text: "Mein Mann ist letzte Woche gestorben. Wie kündige ich seinen Handyvertrag?", expected: ["capability.bereavement"]),
        Case(text: "My brother told me to threaten to take you to court, but I just want to know why there's a fee.", expected: []),
        Case(text: "If this isn't fixed I will take you to court.", expected: ["capability.legal"]),
        Case(text: "The letter says \"we will take you to court\" but I only got it today, what is it about?", expected: []),
        Case(text: "I spoke to my solicitor yesterday. I want my deposit back.", expected: []),
    ])
    func scopeOfCapabilities(_ test: Case) {
        var triggers: [EscalationRules.Trigger] = []
        let normalized = PhraseMatcher.normalize(test.text)
        Self.rules.capabilityTriggers(normalized, words: PhraseMatcher.words(inNormalized: normalized), original: test.text,
                                      index: 0, into: &triggers)
        #expect(triggers.map(\.name) == test.expected)
    }

    static let rules = EscalationRules(sentiment: SentimentAnalyzer.shared)

    @Test("only a quote, a reporting verb or a past contact can make words someone else's", arguments: [
        Case(text: "I don't think you've understood: I'll take you to court.", expected: []),
        Case(text: "Mi abogado se pondrá en contacto con ustedes.", expected: []),
        Case(text: "The letter says we owe nothing.", expected: ["others"]),
        Case(text: "He wrote 'see you in court' on the form.", expected: ["others"]),
        Case(text: "« On vous verra au tribunal », m'a écrit votre service.", expected: ["others"]),
        Case(text: "Ich habe mit meinem Anwalt gesprochen.", expected: ["others"]),
    ])
    func othersWords(_ test: Case) {
        let others = SpeechScope.mayHoldOthersWords(test.text, normalized: PhraseMatcher.normalize(test.text))
        #expect(others == !test.expected.isEmpty)
        // Whenever it says none, the scope blanks nothing: the costly pass may be skipped.
        if !others {
            #expect(SpeechScope.ownWords(test.text).split(separator: " ") == PhraseMatcher.normalize(test.text).split(separator: " "))
        }
    }

    @Test("a capability phrase after a condition, in a message about what would happen, is supposed, not told", arguments: [
        Case(text: "How can I set up alerts so I'd know straight away if someone used my card fraudulently?", expected: []),
        Case(text: "What happens if someone used my card abroad?", expected: []),
        Case(text: "Can you check if someone used my card? There's a payment I don't know.", expected: ["someone used my"]),
        Case(text: "Someone used my card and I would like it blocked.", expected: ["someone used my"]),
    ])
    func supposed(_ test: Case) {
        let text = PhraseMatcher.normalize(test.text)
        #expect(PhraseMatcher(["someone used my"]).matches(inNormalized: text)
            .filter { !EscalationRules.hypothetical($0, inNormalized: text) } == test.expected)
    }

    @Test("someone supposed in a case is no one asked for; asking politely with 'if' still is")
    func supposedPerson() {
        #expect(EscalationRules.supposesPerson(inNormalized: " and if somebody pulls out do i get the seat "))
        #expect(EscalationRules.supposesPerson(inNormalized: " wenn jemand absagt bekomme ich den platz "))
        #expect(!EscalationRules.supposesPerson(inNormalized: " if someone could call me back today "))
        #expect(!EscalationRules.supposesPerson(inNormalized: " if someone drops i get in but can i talk to someone "))
        #expect(!EscalationRules.supposesPerson(inNormalized: " can someone look at this "))
        #expect(!EscalationRules.supposesPerson(inNormalized: " si alguien me puede llamar hoy "))
        #expect(!EscalationRules.supposesPerson(inNormalized: " if someone is available i'd like to talk it through "))
    }
}
