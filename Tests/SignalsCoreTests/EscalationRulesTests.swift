import SignalsCore
import Testing
import Wire

/// The escalation rules as pure logic: a table of conversations and what must fire.
@Suite("Escalation rules")
struct EscalationRulesTests {
    static let rules = EscalationRules(sentiment: try! SentimentAnalyzer())

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var lines: [String]
        var expected: SignalsV1.Recommendation
        var triggers: [String]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "calm question", lines: ["customer: Where is my order?"], expected: .continue, triggers: []),
        Case(name: "thanks", lines: ["customer: Thanks, that solved it, great service!"], expected: .continue, triggers: []),
        Case(name: "explicit, English", lines: ["customer: Can I talk to a human please"], expected: .escalateNow,
             triggers: ["explicit.request_for_human"]),
        Case(name: "explicit, supervisor", lines: ["customer: Get me your supervisor."], expected: .escalateNow,
             triggers: ["explicit.request_for_human"]),
        Case(name: "explicit, agent please", lines: ["customer: agent please"], expected: .escalateNow,
             triggers: ["explicit.request_for_human"]),
        Case(name: "explicit, French with accents", lines: ["customer: Je veux parler à un humain"], expected: .escalateNow,
             triggers: ["explicit.request_for_human"]),
        Case(name: "explicit, German", lines: ["customer: Ich möchte mit einem Menschen sprechen"], expected: .escalateNow,
             triggers: ["explicit.request_for_human"]),
        Case(name: "two negative messages in a row", lines: [
            "customer: This is terrible, the package is broken.",
            "bot: I am sorry to hear that.",
            "customer: Awful. I hate this, it is a horrible experience.",
        ], expected: .escalateNow, triggers: ["sentiment.consecutive_negative"]),
        Case(name: "one negative message only watches at most", lines: [
            "customer: The delivery is late, that is bad.",
        ], expected: .continue, triggers: []),
        Case(name: "legal threat", lines: ["customer: I will sue you in small claims court."], expected: .escalateNow,
             triggers: ["capability.legal"]),
        Case(name: "security incident", lines: ["customer: My account was hacked yesterday"], expected: .escalateNow,
             triggers: ["capability.security"]),
        Case(name: "shouting", lines: ["customer: WHY IS NOBODY ANSWERING MY EMAILS"], expected: .escalateNow,
             triggers: ["behaviour.shouting"]),
        Case(name: "restated question", lines: [
            "customer: How do I change my delivery address for order 1042?",
            "bot: You can change it in your account settings.",
            "customer: How do I change the delivery address for order 1042?",
            "bot: Open settings and choose addresses.",
            "customer: how do i change my delivery address for my order 1042",
        ], expected: .escalateNow, triggers: ["loop.restated_question"]),
        Case(name: "a negated request is not one", lines: ["customer: No need to call me back, the email answered it."],
             expected: .continue, triggers: []),
        Case(name: "a bare request, as said to a voice menu", lines: ["customer: representative"], expected: .escalateNow,
             triggers: ["explicit.request_for_human"]),
        Case(name: "a lawyer who needs an invoice is not a legal threat",
             lines: ["customer: I'm a lawyer and need the invoice made out to my firm."], expected: .continue, triggers: []),
        Case(name: "the bot repeating its answer", lines: [
            "customer: My code SAVE10 is not accepted at checkout",
            "bot: Enter discount codes in the promo box at checkout.",
            "customer: I did, it says invalid",
            "bot: Enter discount codes in the promo box at checkout.",
            "customer: It is invalid, I told you",
            "bot: Enter discount codes in the promo box at checkout.",
            "customer: hello?",
        ], expected: .escalateNow, triggers: ["loop.repeated_bot_answer"]),
        Case(name: "compensation asked for in the customer's words, over the limit",
             lines: ["customer: I want compensation of €250 for the ruined holiday."], expected: .escalateNow,
             triggers: ["policy.requested_amount_over_threshold"]),
        Case(name: "shouted words with a stress word in mixed case",
             lines: ["customer: I said the 14th, NOT the 15th. Can you actually READ what I write?"], expected: .escalateNow,
             triggers: ["behaviour.shouting"]),
        Case(name: "an amount wanted back, over the limit",
             lines: ["customer: The room had no hot water all week. I want the full £310 back."], expected: .escalateNow,
             triggers: ["policy.requested_amount_over_threshold"]),
        Case(name: "a refund spelt in words, over the limit",
             lines: ["customer: Your courier lost a tablet worth three hundred and forty dollars, please reimburse me."],
             expected: .escalateNow, triggers: ["policy.requested_amount_over_threshold"]),
        Case(name: "a fraud alert is a precaution, not an incident",
             lines: ["customer: Can I add a fraud alert before I travel to Brazil?"], expected: .continue, triggers: []),
        Case(name: "an alarm that detects carbon monoxide is a product",
             lines: ["customer: Does the smoke alarm in the bundle also detect carbon monoxide?"], expected: .continue,
             triggers: []),
        Case(name: "a death in the family told with a possessive",
             lines: ["customer: I need to cancel my daughter's course. She died in a car crash last week."],
             expected: .escalateNow, triggers: ["capability.bereavement"]),
        Case(name: "an order the customer never placed",
             lines: ["customer: I was charged for an order I never placed, shipped to Ohio."], expected: .escalateNow,
             triggers: ["capability.security"]),
        Case(name: "a templated answer to each new question is not a loop", lines: [
            "customer: How do I export my invoices to CSV?",
            "bot: Go to Billing > Invoices and click Export, then choose CSV.",
            "customer: Found it. And how do I export my contacts?",
            "bot: Go to Contacts, select all, and click Export, then choose CSV.",
            "customer: And my projects?",
            "bot: Go to Projects > Settings and click Export, then choose CSV.",
            "customer: And my tasks?",
        ], expected: .continue, triggers: []),
        Case(name: "an amount as a bound in a question is not a request",
             lines: ["customer: What is your refund policy for items over €200?"], expected: .continue, triggers: []),
        Case(name: "a repeated answer the customer acknowledges and moves on from is no loop", lines: [
            "customer: When does the spring term start?",
            "bot: The spring term starts on Monday 11 January at 9:00.",
            "customer: so Monday the 11th, not the 4th?",
            "bot: Yes, the spring term starts on Monday 11 January at 9:00.",
            "customer: ok. and parking for students?",
        ], expected: .continue, triggers: []),
        Case(name: "a repeated answer the customer praises and moves on from is no loop", lines: [
            "customer: can I bring my dog on the ferry to Cherbourg?",
            "bot: Dogs travel in the kennels on deck 7; book a kennel with your ticket.",
            "customer: and he stays there the whole crossing?",
            "bot: Yes, dogs travel in the kennels on deck 7 for the whole crossing; book a kennel with your ticket.",
            "customer: brilliant. is there a cafe on board?",
        ], expected: .continue, triggers: []),
        Case(name: "nobody called back, then treated like this after years, in Spanish", lines: [
            "customer: Han pasado dos semanas y nadie me ha llamado por lo de la caldera.",
            "bot: Su aviso está en curso.",
            "customer: Diez años de cliente y así me tratáis.",
        ], expected: .escalateNow, triggers: ["sentiment.consecutive_negative"]),
        Case(name: "a repeated answer the customer comes back from with the same need is a loop", lines: [
            "customer: When does the spring term start?",
            "bot: The spring term starts on Monday 11 January at 9:00.",
            "customer: so Monday the 11th, not the 4th?",
            "bot: Yes, the spring term starts on Monday 11 January at 9:00.",
            "customer: ok. but my timetable says the term starts on the 4th",
        ], expected: .escalateNow, triggers: ["loop.repeated_bot_answer"]),
        Case(name: "a relative in hospital, told to pause a membership, is no hazard",
             lines: ["customer: My dad was taken to hospital on Friday, can I freeze my membership for a month?"],
             expected: .continue, triggers: []),
        Case(name: "hospital after eating what the company sold is a hazard",
             lines: ["customer: My son ended up in hospital after eating the chicken wrap you delivered."],
             expected: .escalateNow, triggers: ["capability.safety"]),
        Case(name: "payments with a card still in the customer's wallet",
             lines: ["customer: There are two payments to a site called GLX on my statement and my card is in my wallet."],
             expected: .escalateNow, triggers: ["capability.security"]),
        Case(name: "a person declined along a list of what is not needed, in French",
             lines: ["customer: Pas besoin de me rappeler ni de me mettre en relation avec un conseiller, un mail suffit."],
             expected: .continue, triggers: []),
        Case(name: "a person asked for after a callback is declined, in French",
             lines: ["customer: Pas besoin de me rappeler. Mettez-moi en relation avec un conseiller."],
             expected: .escalateNow, triggers: ["explicit.request_for_human"]),
        Case(name: "a complaint to the insurance regulator, in Spanish",
             lines: ["customer: Si no recibo respuesta, presentaré una reclamación ante la Dirección General de Seguros."],
             expected: .escalateNow, triggers: ["capability.regulator"]),
        Case(name: "a duplicate payment over the limit wanted back",
             lines: ["customer: I was charged twice for the annual plan, $299 each time. Please return the duplicate payment."],
             expected: .escalateNow, triggers: ["policy.requested_amount_over_threshold"]),
        Case(name: "a swear word masked after its first letter",
             lines: ["customer: ya lo sé, por eso lo digo. es una p*** vergüenza"], expected: .escalateNow,
             triggers: ["sentiment.profanity"]),
        Case(name: "a code masked after its first letter is no swear word",
             lines: ["customer: my card ending x*** was declined, which one should I use?"], expected: .continue,
             triggers: []),
        Case(name: "one of the company's advisers, in the plural, in French",
             lines: ["customer: Je souhaiterais qu'un de vos conseillers me rappelle, le dossier est complexe."],
             expected: .escalateNow, triggers: ["explicit.request_for_human"]),
        Case(name: "two calm complaints in a row: not acceptable, then an answer that tells nothing", lines: [
            "customer: It has said that since October. Six weeks for a windscreen is not acceptable.",
            "bot: Claims are assessed in the order they are received.",
            "customer: That tells me nothing. I've paid you for eleven years without a claim.",
        ], expected: .escalateNow, triggers: ["sentiment.consecutive_negative"]),
        Case(name: "a need stated a third time as a correction ('not a new plan')", lines: [
            "customer: I'm moving on the 20th and want my broadband moved to the new address",
            "bot: You can check availability at a new address with our postcode checker.",
            "customer: I know it's available there. I need my current contract moved so it works on the 20th",
            "bot: Great news! You can order a new broadband plan online in minutes.",
            "customer: not a new plan. same contract, just a different house from the 20th",
        ], expected: .escalateNow, triggers: ["loop.restated_question"]),
        Case(name: "a customer saying how they are treated, in German, after a no-show", lines: [
            "customer: Am Freitag sollte ein Techniker kommen, ich habe den ganzen Tag gewartet und es ist niemand gekommen.",
            "bot: Haben Sie den Router schon neu gestartet?",
            "customer: Das habe ich alles gemacht. So geht man mit Kunden nicht um.",
        ], expected: .escalateNow, triggers: ["sentiment.consecutive_negative"]),
        Case(name: "feeling ill after telling of a flu is not about the service", lines: [
            "customer: I've come down with a horrible flu so I won't make my physio tomorrow. Can I move it?",
            "bot: Sorry you're unwell! Next week we have Tuesday 10:30 or Thursday 15:00.",
            "customer: Thursday please. Feel dreadful, this is awful",
        ], expected: .continue, triggers: []),
        Case(name: "an account the customer manages for a relative is no takeover",
             lines: ["customer: I need to stop the payments for an online course. It's not my account, it's my son's, but it's my card."],
             expected: .continue, triggers: []),
        Case(name: "an amount wanted back as 'that back in full'",
             lines: ["customer: We paid £380 in advance for both nights and I'd like that back in full please."],
             expected: .escalateNow, triggers: ["policy.requested_amount_over_threshold"]),
        Case(name: "a need put a third time by pushing back on two answers in a row, in other words", lines: [
            "customer: tracking says out for delivery since yesterday morning, when will it turn up",
            "bot: Your parcel is in transit. Estimated delivery: 3-5 working days.",
            "customer: ok but is that today? I need to know if I have to stay in",
            "bot: Parcels out for delivery usually arrive by 9pm.",
            "customer: there was no card through the door. i just need to know which day it's actually coming",
        ], expected: .escalateNow, triggers: ["loop.restated_question"]),
        Case(name: "a need put a third time after a bare 'no' twice, in French", lines: [
            "customer: Je voudrais transférer mon abonnement internet à ma nouvelle adresse le mois prochain",
            "bot: Pour connaître les offres fibre disponibles, consultez notre page Offres.",
            "customer: Non, je ne veux pas une nouvelle offre, je garde la mienne dans le nouveau logement",
            "bot: Découvrez nos offres fibre sur la page Offres.",
            "customer: non. le même abonnement, juste une autre adresse, c'est possible oui ou non ?",
        ], expected: .escalateNow, triggers: ["loop.restated_question"]),
        Case(name: "a need put a third time after looking where the bot said, then 'possible or not'", lines: [
            "customer: how do I get last year's invoices as one PDF for my accountant?",
            "bot: You can view each invoice under Billing > History.",
            "customer: I looked there, it only opens them one at a time. I need them all in one file",
            "bot: Invoices can be viewed under Billing > History.",
            "customer: is a combined download possible or not",
        ], expected: .escalateNow, triggers: ["loop.restated_question"]),
        Case(name: "a bare 'no' that declines the bot's offer, then thanks, is no loop", lines: [
            "customer: What time does the Camden store open on Sunday?",
            "bot: It opens at 10am. Would you like directions?",
            "customer: no thanks, I know where it is, do they stock the blue runners in size 9",
            "bot: The Camden store has them in stock in size 9.",
            "customer: no that's all, thanks so much!",
        ], expected: .continue, triggers: []),
        Case(name: "a transfer declined with 'don't bother' is no request", lines: [
            "customer: I'd like to change my seat on tomorrow's flight",
            "bot: I can do that, or transfer you to an agent. Which would you prefer?",
            "customer: No, don't bother putting me through to anyone, you can do it. Booking KX91TP.",
        ], expected: .continue, triggers: []),
        Case(name: "a grumble, then a message saying all is settled, is no run of negatives", lines: [
            "customer: the export button is gone since the update, annoying",
            "bot: It moved to the ... menu at the top right of each report.",
            "customer: found it. nope all good now",
        ], expected: .continue, triggers: []),
        Case(name: "settled in Spanish after a late refund is no second negative", lines: [
            "customer: Devolví un abrigo hace dos semanas y todavía no me ha llegado el dinero",
            "bot: El reembolso se emitió ayer y tardará de 3 a 5 días en aparecer.",
            "customer: Ah vale, pues ya está, no hace falta nada más",
        ], expected: .continue, triggers: []),
        Case(name: "an amount already granted, in German as 'bewilligt'", lines: [
            "customer: Mir wurde am Telefon gesagt, dass die Erstattung von 900 € bewilligt ist. Wann wird sie überwiesen?",
        ], expected: .continue, triggers: []),
        Case(name: "an amount granted, told after it ('the compensation your team approved')", lines: [
            "customer: Hi, the 2,400 EUR payout your team approved on Monday, when will it reach my account?",
        ], expected: .continue, triggers: []),
        Case(name: "someone who did something is not asked for ('a colleague stored the login')", lines: [
            "customer: Our human resources team wants invoices addressed differently. Also a colleague saved the admin "
                + "login in our password manager and it stopped working, how do we reset it?",
        ], expected: .continue, triggers: []),
        Case(name: "a need asked 'so again' a third time, in other words", lines: [
            "customer: how can I export every task in our workspace to a spreadsheet?",
            "bot: You can invite teammates under Settings > Members.",
            "customer: not inviting anyone, I want one file with all the tasks that opens in Excel",
            "bot: To share a board, click Share and type their email address.",
            "customer: ok so again: can I download all of it as CSV from the app",
        ], expected: .escalateNow, triggers: ["loop.restated_question"]),
        Case(name: "the answer seen and not enough, then what it is not about, is the need a third time", lines: [
            "customer: can my new phone be sent to the post office on Mill Lane?",
            "bot: Your phone will be delivered on Friday between 8am and 6pm.",
            "customer: I saw that, but nobody is in on Friday. Can it go to the post office?",
            "bot: You can change your delivery day in the app.",
            "customer: it's not about the day, I want it at the Mill Lane post office",
        ], expected: .escalateNow, triggers: ["loop.restated_question"]),
        Case(name: "a need said to be put another way is a restatement", lines: [
            "customer: Wie kann ich meinen Nachsendeauftrag verlängern?",
            "bot: Einen neuen Nachsendeauftrag können Sie online stellen.",
            "customer: Ich habe schon einen, der läuft Ende Mai aus.",
            "bot: Einen neuen Nachsendeauftrag können Sie online stellen.",
            "customer: Anders formuliert: Ich will den bestehenden Auftrag um drei Monate verlängern.",
        ], expected: .escalateNow, triggers: ["loop.restated_question"]),
        Case(name: "nobody telling the street anything, then the same told twice and not right", lines: [
            "customer: oiga, desde ayer estamos sin agua en el edificio y nadie nos explica qué pasa",
            "bot: Hay una avería en su zona.",
            "customer: eso ya lo sé. tengo dos niños pequeños en casa, no hay derecho",
        ], expected: .escalateNow, triggers: ["sentiment.consecutive_negative"]),
        Case(name: "nobody called back, then the same answer again and not impressed", lines: [
            "customer: nobody has called me back about the leak under the sink",
            "bot: An engineer will contact you within 48 hours.",
            "customer: same answer as last week. honestly not impressed",
        ], expected: .escalateNow, triggers: ["sentiment.consecutive_negative"]),
        Case(name: "a missing item put a third time, pushing back on an answer that does not take it up", lines: [
            "customer: the bag of ice wasn't in my grocery delivery",
            "bot: Sorry about that! Which order was it?",
            "customer: order 88213, the ice",
            "bot: Our drivers keep frozen items in insulated bags.",
            "customer: yes but the ice never came, I want a refund for it",
        ], expected: .escalateNow, triggers: ["loop.restated_question"]),
        Case(name: "a follow-up on the same thing that does not push back is no loop", lines: [
            "customer: the bag of ice wasn't in my grocery delivery",
            "bot: Sorry about that! Which order was it?",
            "customer: order 88213, the ice",
            "bot: I've refunded the ice, £2.10, to your card.",
            "customer: and the ice cream, was that in the same bag?",
        ], expected: .continue, triggers: []),
        Case(name: "a want corrected, then none of the options offered, in Spanish", lines: [
            "customer: hola, quiero pasar la factura a nombre de la empresa",
            "bot: Puedes descargar tus facturas en Mi cuenta > Facturas.",
            "customer: no quiero descargarla, quiero que salga con el CIF de la empresa",
            "bot: Tenemos tarifas para particulares y para empresas. ¿Cuál te interesa?",
            "customer: ninguna, la tarifa está bien. solo necesito que cambie el titular de la factura",
        ], expected: .escalateNow, triggers: ["loop.restated_question"]),
        Case(name: "a want corrected, then asked when it comes 'concretely'", lines: [
            "customer: bonjour, je voudrais connaître la date de mon rendez-vous pour l'installation de la fibre",
            "bot: Vous pouvez suivre votre commande dans l'espace client.",
            "customer: je ne veux pas suivre la commande, je veux le jour où le technicien passe",
            "bot: L'installation a lieu en général sous 15 jours.",
            "customer: d'accord mais concrètement, il vient quel jour, le technicien ?",
        ], expected: .escalateNow, triggers: ["loop.restated_question"]),
        Case(name: "a short question of when, then an impatient wait, is one negative message", lines: [
            "customer: Quand est-ce que ma commande arrive ?",
            "bot: Je vérifie, un instant.",
            "customer: ça fait une semaine que j'attends et toujours rien",
        ], expected: .continue, triggers: []),
        Case(name: "charged for what was already paid, then calling it a rip-off", lines: [
            "customer: al devolver la furgoneta me han cobrado la limpieza que ya habíamos pagado al reservar",
            "bot: La limpieza se cobra si el vehículo se devuelve sucio.",
            "customer: estaba impecable. es un timo, de verdad",
        ], expected: .escalateNow, triggers: ["sentiment.consecutive_negative"]),
        Case(name: "a need pushed back twice, the second time asking when it will 'actually' happen", lines: [
            "customer: two smoothies were missing from my order, can I get my money back for them",
            "bot: Sorry! I've reported the missing items on your order.",
            "customer: ok but will the money for them go back on my card?",
            "bot: I've reported the missing items. The team looks at reports within a day.",
            "customer: right, so when do I actually get the money for the smoothies",
        ], expected: .escalateNow, triggers: ["loop.restated_question"]),
        Case(name: "two complaints told as facts: late and spilled, then not the first time and tiring", lines: [
            "customer: my food came an hour late, it was supposed to be hot and the soup had spilled everywhere",
            "bot: Sorry your order was late! Is there anything else I can help with?",
            "customer: it's not a one-off, the rider has left my last four orders at the wrong door. it's getting really tiring",
        ], expected: .escalateNow, triggers: ["sentiment.consecutive_negative"]),
        Case(name: "charged twice, told as a fact, then nobody called back", lines: [
            "customer: I was charged twice for my electricity bill, 310 left my account two times.",
            "bot: I can see two payments of 310.00. One is being reversed, which takes 3 to 5 working days.",
            "customer: I was told that a week ago. Nobody called me back.",
        ], expected: .escalateNow, triggers: ["sentiment.consecutive_negative"]),
        Case(name: "a role someone holds is no person asked for ('be both a manager and an agent')", lines: [
            "customer: can one user be both a manager and an agent in the ticketing module?",
        ], expected: .continue, triggers: []),
        Case(name: "the data held asked for without naming the law", lines: [
            "customer: I'd like a copy of everything you have stored about me, and who you've shared it with.",
        ], expected: .escalateNow, triggers: ["capability.data_protection"]),
        Case(name: "an amount spelt out in Spanish and wanted back", lines: [
            "customer: quiero que me devuelvan lo cobrado de más, son cuatrocientos euros",
        ], expected: .escalateNow, triggers: ["policy.requested_amount_over_threshold"]),
        Case(name: "an amount claimed as owed ('reclamo')", lines: [
            "customer: según la normativa nos corresponden 400 € a cada uno, así que reclamo 800 €",
        ], expected: .escalateNow, triggers: ["policy.requested_amount_over_threshold"]),
        Case(name: "the papers handed to the customer's lawyer, in German", lines: [
            "customer: Ich habe die Unterlagen meinem Anwalt übergeben, er meldet sich bei Ihnen.",
        ], expected: .escalateNow, triggers: ["capability.legal"]),
        Case(name: "a need put a third time after a German correction ('Keine Packstation bitte') and a bare 'Nein'", lines: [
            "customer: Mein Paket kommt morgen, ich bin nicht da. Kann es zur Nachbarin in Nummer 5?",
            "bot: Du kannst dein Paket an eine Packstation umleiten.",
            "customer: Keine Packstation bitte. Ich möchte es bei der Nachbarin in Nummer 5 haben.",
            "bot: Die Umleitung an eine Packstation ist bis 20 Uhr am Vortag möglich.",
            "customer: Nein. Es soll einfach nebenan bei Nummer 5 abgegeben werden. Geht das oder nicht?",
        ], expected: .escalateNow, triggers: ["loop.restated_question"]),
        Case(name: "charged for what was declined, then brazen, in German", lines: [
            "customer: Am Schalter wurde mir eine Versicherung berechnet, die ich ausdrücklich abgelehnt hatte.",
            "bot: Ich prüfe das. Einen Moment bitte.",
            "customer: Ehrlich gesagt ist das ziemlich dreist. Ich hatte von Ihnen mehr erwartet.",
        ], expected: .escalateNow, triggers: ["sentiment.consecutive_negative"]),
        Case(name: "an amount with its thousands grouped by a space, asked back in French", lines: [
            "customer: J'ai dû payer moi-même le plombier, soit 1 350 € au total. Je vous demande le remboursement de cette somme.",
        ], expected: .escalateNow, triggers: ["policy.requested_amount_over_threshold"]),
        Case(name: "an amount granted in French, its thousands grouped by a space ('a validé', 'm'a confirmé le …')", lines: [
            "customer: Votre service client a validé le remboursement de 1 450 € la semaine dernière. Quand arrivera-t-il ?",
            "bot: Le remboursement est en cours.",
            "customer: Votre collègue m'a confirmé le 3 mars par écrit le remboursement de 1 450 €, je voulais juste le délai.",
        ], expected: .continue, triggers: []),
        Case(name: "an amount granted in German, the participle last ('wurde … bestätigt')", lines: [
            "customer: Mir wurde gestern eine Gutschrift von 650 € für die doppelte Abbuchung bestätigt. Wann kommt die Erstattung?",
        ], expected: .continue, triggers: []),
        Case(name: "an amount granted in German, in the pluperfect ('Ihr Kollege hatte mir … zugesagt')", lines: [
            "customer: Ihr Kollege hatte mir letzte Woche die Gutschrift über 650 € für die defekte Waschmaschine zugesagt. Ist sie schon unterwegs?",
        ], expected: .continue, triggers: []),
        Case(name: "an amount granted in German, in the perfect ('Sie haben mir … bestätigt')", lines: [
            "customer: Sie haben mir am 3.12. per Mail bestätigt, dass ich eine Ausgleichszahlung von 400 € bekomme. Wann kommt sie?",
        ], expected: .continue, triggers: []),
        Case(name: "an amount right before 'returned' is asked back", lines: [
            "customer: There's a £290 charge on my card for damage I didn't do. I'd like that £290 returned please.",
        ], expected: .escalateNow, triggers: ["policy.requested_amount_over_threshold"]),
        Case(name: "a need put a third time after a German correction of the want and 'also nochmal'", lines: [
            "customer: ich möchte die Schuhe in 42 gegen 41 tauschen, Bestellung 5512",
            "bot: Du kannst Artikel innerhalb von 30 Tagen kostenlos zurücksenden.",
            "customer: zurückschicken will ich sie nicht, ich will dieselben Schuhe eine Nummer kleiner",
            "bot: Rücksendungen sind innerhalb von 30 Tagen kostenlos.",
            "customer: also nochmal: geht ein Umtausch 42 gegen 41",
        ], expected: .escalateNow, triggers: ["loop.restated_question"]),
        Case(name: "a need put a third time in French: a bare 'non', then 'justement'", lines: [
            "customer: bonjour, je voudrais recevoir mon colis en point relais plutôt qu'à domicile",
            "bot: Vous pouvez suivre votre colis avec votre numéro de suivi.",
            "customer: non je ne veux pas le suivre, je veux le faire livrer dans un relais",
            "bot: Votre colis est en transit. Il sera livré à l'adresse indiquée.",
            "customer: justement, est-ce que je peux le prendre dans un relais près du bureau ?",
        ], expected: .escalateNow, triggers: ["loop.restated_question"]),
        Case(name: "the same answer again to a customer asking whether it is really happening", lines: [
            "customer: where's my order? #B12-4410",
            "bot: Your order is on its way! Estimated arrival: 20:10.",
            "customer: it's 20:40 now, any idea when it'll get here",
            "bot: Your order is on its way! Estimated arrival: 20:10.",
            "customer: ok so is the rider actually on the way or what's happening with it",
        ], expected: .escalateNow, triggers: ["loop.repeated_bot_answer"]),
        Case(name: "a need put a third time after going where the bot said, then 'what I'm after'", lines: [
            "customer: I need to move my outbound flight from the 3rd to the 9th, booking ref ZX81PQ",
            "bot: You can change your flight in Manage Booking. Fare differences may apply.",
            "customer: I went in there, it only offers me an upgrade, it never lets me pick a date",
            "bot: Change fees depend on your fare type.",
            "customer: fine, but what I'm after is simple: same booking, a week later. how do I do that",
        ], expected: .escalateNow, triggers: ["loop.restated_question"]),
        Case(name: "a staff member who reported an escalation is not asked for, in German", lines: [
            "customer: Der Mitarbeiter am Telefon meinte, er würde meinen Fall weitergeben. Liegt das Gutachten schon vor?",
        ], expected: .continue, triggers: []),
        Case(name: "a stronger dose than the usual taken, and the body telling it, in German", lines: [
            "customer: Auf der Packung steht 20 Milligramm, er bekommt sonst 2 Milligramm, und er hat heute Mittag "
                + "schon eine genommen. Jetzt ist er ganz benommen.",
        ], expected: .escalateNow, triggers: ["capability.medical"]),
        Case(name: "a complaint upheld and the amount told to be refunded is granted", lines: [
            "customer: my complaint about the double charge was upheld last week and I was told the £1,300 would be refunded. when will it land?",
        ], expected: .continue, triggers: []),
        Case(name: "a complaint lodged with the town's consumer office, in Spanish", lines: [
            "customer: Ya he puesto una reclamación en la oficina de consumo de mi ayuntamiento por los cobros.",
        ], expected: .escalateNow, triggers: ["capability.regulator"]),
        Case(name: "a number asked for to reach someone at the station, in German", lines: [
            "customer: Gibt es eine Nummer, unter der ich jemanden von der Station erreiche?",
        ], expected: .escalateNow, triggers: ["explicit.request_for_human"]),
        Case(name: "still the same and paying for what does not work, then a lack of respect, in Spanish", lines: [
            "customer: Ya reiniciaron el router dos veces y sigue igual. Estoy pagando por algo que no funciona.",
            "bot: Puedo programar una visita técnica para el jueves 17.",
            "customer: ¿Dentro de diez días? Me parece una falta de respeto.",
        ], expected: .escalateNow, triggers: ["sentiment.consecutive_negative"]),
        Case(name: "a need put a third time in French: 'oui mais', then asked again with '??'", lines: [
            "customer: mon colis attend au point relais mais le relais a fermé définitivement",
            "bot: Votre colis est disponible au point relais pendant 10 jours.",
            "customer: oui mais le magasin a fermé, il y a un panneau sur la porte",
            "bot: Vous pouvez consulter les horaires du point relais sur notre site.",
            "customer: comment je récupère mon colis si le relais n'existe plus ??",
        ], expected: .escalateNow, triggers: ["loop.restated_question"]),
        Case(name: "an offer declined ('No need, I'll pop in') is no pushing back", lines: [
            "customer: Any chance of a late checkout on Sunday?",
            "bot: I've added a 2pm late checkout to your reservation.",
            "customer: Great. Also, last time I asked about the gym hours - is it open early on Sunday?",
            "bot: The gym opens at 6am on Sundays. Shall I book you a trainer?",
            "customer: No need, I'll just go. Is the garage free for guests?",
        ], expected: .continue, triggers: []),
        Case(name: "a thumbs-up to a confirmation that shares the offer's words is no loop", lines: [
            "customer: can I book tennis court 4 for friday 6pm?",
            "bot: Court 4 is taken at 6pm Friday. Court 5 is free at 6pm, or court 4 at 7pm.",
            "customer: court 5 at 6 then",
            "bot: Booked: Court 5, Friday 6pm.",
            "customer: 👍",
        ], expected: .continue, triggers: []),
        Case(name: "the matter left with the customer's lawyer, in Spanish ('mi abogada')", lines: [
            "customer: Les informo de que he dejado el asunto en manos de mi abogada.",
        ], expected: .escalateNow, triggers: ["capability.legal"]),
        Case(name: "a compensation asked in German ('Ausgleichszahlung'), the amount per person", lines: [
            "customer: Wir kamen 14 Stunden später an. Ich möchte die Ausgleichszahlung, 3x400 Euro",
        ], expected: .escalateNow, triggers: ["policy.requested_amount_over_threshold"]),
        Case(name: "a child who took a double dose by accident, now sleepy and floppy", lines: [
            "customer: my daughter took two of her new tablets by accident, she's 4, now she's very sleepy and floppy",
        ], expected: .escalateNow, triggers: ["capability.medical"]),
        Case(name: "a pressure on the chest and a tingling arm, in German", lines: [
            "customer: Meine Frau klagt über ein starkes Druckgefühl in der Brust, und ihr rechter Arm kribbelt seit dem Frühstück.",
        ], expected: .escalateNow, triggers: ["capability.medical"]),
        Case(name: "a smell of rotten eggs by the boiler, in Spanish", lines: [
            "customer: en la cocina, al lado de la caldera, hay un olor a huevos podridos desde anoche",
        ], expected: .escalateNow, triggers: ["capability.safety"]),
        Case(name: "a joint account named as where a payment comes from is no change of ownership", lines: [
            "customer: paying from the joint account now, the old one is closed",
        ], expected: .continue, triggers: []),
        Case(name: "a chest that feels tight and a breath that will not come", lines: [
            "customer: since his new tablets his chest feels tight and he can't get his breath",
        ], expected: .escalateNow, triggers: ["capability.medical"]),
        Case(name: "a need put a third time after looking where the bot said, then insisting", lines: [
            "customer: the app says my order was delivered but it isn't here, where did the driver leave it?",
            "bot: Drivers sometimes leave orders in a safe place. Could you check your doorstep?",
            "customer: checked the doorstep and the hallway. can you see where the driver actually left it",
            "bot: Orders marked delivered are usually nearby. Please check around the entrance.",
            "customer: I'm telling you it is not here. I paid for food I never got",
        ], expected: .escalateNow, triggers: ["loop.restated_question"]),
        Case(name: "two complaints in Spanish, piled on ('y encima'), then the third time", lines: [
            "customer: llegó todo frío, tardó más de una hora y encima faltaban las bebidas",
            "bot: Lamento lo sucedido. ¿Quieres que te reembolsemos las bebidas?",
            "customer: es la tercera vez este mes que pasa",
        ], expected: .escalateNow, triggers: ["sentiment.consecutive_negative"]),
        Case(name: "the customer's own injury, told calmly, is not about the service", lines: [
            "customer: I sprained my ankle badly and can't drive for a few weeks, awful timing",
            "bot: Sorry to hear that! How can I help?",
            "customer: can I move my driving lesson from Monday to next month? can't do it on crutches",
        ], expected: .continue, triggers: []),
        Case(name: "praise in capitals with '!!' is joy, not shouting", lines: [
            "customer: your courier went ABOVE AND BEYOND today, carried it all upstairs in the storm!!",
        ], expected: .continue, triggers: ["behaviour.repeated_punctuation"]),
        Case(name: "the same answer again after the customer said it did not work is a loop, acknowledged or not", lines: [
            "customer: my order arrived without the drinks",
            "bot: Sorry! For missing items, tap 'Report a problem' on the order and pick what is missing.",
            "customer: I did that, it brought me to this chat",
            "bot: Sorry! For missing items, tap 'Report a problem' on the order and pick what is missing.",
            "customer: yes that's how I ended up here",
        ], expected: .escalateNow, triggers: ["loop.repeated_bot_answer"]),
        Case(name: "payments the customer does not know while the card is in their wallet", lines: [
            "customer: there are two payments on my card to a shop in Leeds this morning, my card's in my wallet",
        ], expected: .escalateNow, triggers: ["capability.security"]),
        Case(name: "a refund asked in French with the feminine 'remboursée', over the limit", lines: [
            "customer: On m'a débité 480 € alors que l'annulation était gratuite. Je voudrais être remboursée de la totalité.",
        ], expected: .escalateNow, triggers: ["policy.requested_amount_over_threshold"]),
        Case(name: "minutes counted in a message saying the fix held are no impatience", lines: [
            "customer: the sync client keeps disconnecting every few minutes",
            "bot: Turn on 'keep alive' in Settings > Connection and restart the client.",
            "customer: done. been running for 40 minutes now, looks like that was it",
        ], expected: .continue, triggers: []),
        Case(name: "two follow-up questions, one pushing back, are no loop", lines: [
            "customer: Does the 5G plan include roaming in Spain?",
            "bot: Yes, roaming in the EU is included at no extra cost.",
            "customer: ok but is there a data cap abroad?",
            "bot: You can use up to 30 GB a month in the EU.",
            "customer: Great. And can I add my daughter to the plan?",
        ], expected: .continue, triggers: []),
        Case(name: "a lawyer in a question about legal cover, supposed in German, is no dispute",
             lines: ["customer: Falls ich irgendwann einmal einen Anwalt bräuchte, z. B. bei einem Streit mit dem Vermieter, würden die Kosten übernommen?"],
             expected: .continue, triggers: []),
        Case(name: "a ventilator whose battery runs down after the power was cut, in German",
             lines: ["customer: Mein Vater hängt nachts an einem Beatmungsgerät. Der Akku hält vielleicht noch drei Stunden."],
             expected: .escalateNow, triggers: ["capability.medical"]),
        Case(name: "one of the company's colleagues asked for with the verb last, in German",
             lines: ["customer: Könnten Sie mich bitte einfach zu einem Ihrer Kollegen durchstellen?"],
             expected: .escalateNow, triggers: ["explicit.request_for_human"]),
        Case(name: "one of the company's people already spoken to is no request",
             lines: ["customer: I spoke to one of your people yesterday and the order is fixed, thanks."],
             expected: .continue, triggers: []),
        Case(name: "orders the customer did not make, in German",
             lines: ["customer: In meinem Konto sind 3 Bestellungen die ich nicht gemacht hab, alle an eine Adresse in Dortmund"],
             expected: .escalateNow, triggers: ["capability.security"]),
        Case(name: "an order not made yet is not disowned, in German",
             lines: ["customer: Ich habe die Bestellung noch nicht gemacht, geht der Rabatt auch morgen?"],
             expected: .continue, triggers: []),
        Case(name: "a refund the customer will ask the bank to take back as an unrecognised charge, in Spanish",
             lines: ["customer: si el viernes no está llamo al banco y que me lo devuelvan ellos como cargo no reconocido"],
             expected: .escalateNow, triggers: ["capability.chargeback"]),
        Case(name: "a smell of gas told with an elided article, in French",
             lines: ["customer: Il y a une drôle d'odeur, comme le gaz, près de la plaque de cuisson."],
             expected: .escalateNow, triggers: ["capability.safety"]),
        Case(name: "a thesis committee is no court, in Spanish",
             lines: ["customer: ¿Cuándo se publica la composición del tribunal para la defensa del TFM?"],
             expected: .continue, triggers: []),
        Case(name: "a refund asked for with the currency code before the amount",
             lines: ["customer: Our renewal was charged twice. Please refund the duplicate charge of USD 1,188.00."],
             expected: .escalateNow, triggers: ["policy.requested_amount_over_threshold"]),
        Case(name: "capitals of joy with a calm question are no shouting",
             lines: ["customer: JUST HIT MY 100TH CLASS!!! the app gave me a badge, do I get anything else for that?"],
             expected: .continue, triggers: ["behaviour.repeated_punctuation"]),
        Case(name: "capitals stressing a denial, in German, are shouting",
             lines: ["customer: NEIN ich will keine Ratenzahlung!!! Der Zählerstand ist FALSCH, wir waren NICHT DA!!!"],
             expected: .escalateNow, triggers: ["behaviour.shouting"]),
        Case(name: "a lawyer's own court hearing, in French, is no dispute",
             lines: ["customer: Je suis avocate et je plaide au tribunal de Bordeaux jeudi. Puis-je récupérer la voiture mercredi ?"],
             expected: .continue, triggers: []),
        Case(name: "a lawyer threatening the company is still a dispute",
             lines: ["customer: I'm a lawyer, and if this isn't fixed by Friday I will sue you."],
             expected: .escalateNow, triggers: ["capability.legal"]),
        Case(name: "a phone plan switched is no phone number taken over",
             lines: ["customer: hi my phone plan got switched to the 40GB one and i never asked for that"],
             expected: .continue, triggers: []),
        Case(name: "the phone number switched, disowned, is a takeover",
             lines: ["customer: my phone number got switched on the account and i never asked for that"],
             expected: .escalateNow, triggers: ["capability.security"]),
        Case(name: "a repeated answer the customer says worked is no loop", lines: [
            "customer: How do I re-run the nightly sync?",
            "bot: Go to Integrations > Nightly Sync and click Run now.",
            "customer: where exactly do I click?",
            "bot: Go to Integrations > Nightly Sync and click Run now.",
            "customer: that worked, the sync finished with 1,204 records",
        ], expected: .continue, triggers: []),
        Case(name: "a repeated answer the customer cannot use is a loop", lines: [
            "customer: How do I re-run the nightly sync?",
            "bot: Go to Integrations > Nightly Sync and click Run now.",
            "customer: where exactly do I click?",
            "bot: Go to Integrations > Nightly Sync and click Run now.",
            "customer: I can't find it anywhere",
        ], expected: .escalateNow, triggers: ["loop.repeated_bot_answer"]),
        Case(name: "a contact person entered on a contract is no request for a person, in German",
             lines: ["customer: Ich möchte für unseren Firmenvertrag einen zweiten Ansprechpartner eintragen lassen."],
             expected: .continue, triggers: []),
        Case(name: "a contact person to talk to is a request, in German",
             lines: ["customer: Ich möchte bitte mit einem Ansprechpartner sprechen, nicht mit dem Chat."],
             expected: .escalateNow, triggers: ["explicit.request_for_human"]),
        Case(name: "an adviser declined after the noun, in Swiss German",
             lines: ["customer: Die Montage brauche ich nicht. Einen Kundenberater brauche ich auch nicht, danke, ist alles klar so."],
             expected: .continue, triggers: []),
        Case(name: "a refused charge and a complaint to the consumer agency, in Mexican Spanish",
             lines: ["customer: Si hoy no me lo regresan le hablo al banco para que me desconozcan el cargo y pongo mi queja en Profeco"],
             expected: .escalateNow, triggers: ["capability.chargeback", "capability.regulator"]),
        Case(name: "an employee to discuss it with, the verb far after, in German",
             lines: ["customer: Die App hat abgelehnt. Ich hätte das gern mit einer Mitarbeiterin oder einem Mitarbeiter besprochen."],
             expected: .escalateNow, triggers: ["explicit.request_for_human"]),
        Case(name: "a payee the customer never added",
             lines: ["customer: my bank app is asking me to confirm a payee I never added"],
             expected: .escalateNow, triggers: ["capability.security"]),
        Case(name: "the data held on the customer asked for in Spanish, without naming the law",
             lines: ["customer: quiero saber que datos mios teneis exactamente y a quien se los habeis pasado"],
             expected: .escalateNow, triggers: ["capability.data_protection"]),
        Case(name: "a request after an ellipsis is the customer's own, not the reported speech before it, in French",
             lines: ["customer: l'opticien m'a dit qu'il faisait le tiers payant… Honnêtement je préférerais en parler avec un conseiller au téléphone"],
             expected: .escalateNow, triggers: ["explicit.request_for_human"]),
        Case(name: "purchases the customer never made, in French",
             lines: ["customer: Il y a trois achats de 29,99 € que je n'ai jamais faits sur ma facture"],
             expected: .escalateNow, triggers: ["capability.security"]),
        Case(name: "a large refund a colleague already confirmed is not a request",
             lines: ["customer: Your colleague confirmed a refund of £1,240 yesterday. When will it reach my account?"],
             expected: .continue, triggers: []),        Case(name: "a need the customer says they will rephrase is a restatement", lines: [
            "customer: can I move my dentist appointment from Tuesday?",
            "bot: You can book a new appointment online.",
            "customer: I don't want a new one, I want the one I have on a different day",
            "bot: New appointments can be booked online.",
            "customer: let me rephrase. my Tuesday 10am slot, same dentist, but on Thursday",
        ], expected: .escalateNow, triggers: ["loop.restated_question"]),
        Case(name: "a refusal after a filler pushes back, twice in a row: the need a third time, in French", lines: [
            "customer: Bonjour, je veux mettre mon abonnement en pause pendant mon séjour à l'étranger",
            "bot: Vous pouvez résilier votre abonnement dans votre espace client.",
            "customer: Non, je ne veux pas résilier, juste suspendre trois mois",
            "bot: La résiliation se fait dans votre espace client.",
            "customer: Bah non. Une pause de trois mois, pas une résiliation, c'est possible ?",
        ], expected: .escalateNow, triggers: ["loop.restated_question"]),
        Case(name: "what the customer is trying to do, said again after wanting just that", lines: [
            "customer: my parking permit still shows my old car, can it be put on my new one?",
            "bot: You can apply for a new permit on the council website.",
            "customer: I don't want a new permit, I just want the reg changed on the one I have",
            "bot: Permits can be bought online for 12 months.",
            "customer: yes, that's what I'm trying to avoid. same permit, new reg plate",
        ], expected: .escalateNow, triggers: ["loop.restated_question"]),
        Case(name: "a week without a landline, then told the same again with scorn, in French", lines: [
            "customer: ça fait une semaine que j'ai plus de ligne fixe à la maison",
            "bot: Un technicien interviendra sous 72 heures.",
            "customer: C'est ce qu'on m'a déjà dit mardi. Vous vous fichez de nous.",
        ], expected: .escalateNow, triggers: ["sentiment.consecutive_negative"]),
        Case(name: "confidence lost, then made to do the company's job", lines: [
            "customer: my neighbour waited three months for a meter reading from you, that doesn't fill me with confidence",
            "bot: You can submit your own readings online each month.",
            "customer: so I get to do your job for you. the more you tell me the worse it gets",
        ], expected: .escalateNow, triggers: ["sentiment.consecutive_negative"]),
        Case(name: "whether a named thing is a real person is asked about it, not a request",
             lines: ["customer: is the tutor a real person or is it all recorded videos?"],
             expected: .continue, triggers: []),
        Case(name: "a refund asked in Swiss francs, over the limit, in French",
             lines: ["customer: Le vélo est arrivé avec le cadre fendu, nous voulons le remboursement de 1 180 francs."],
             expected: .escalateNow, triggers: ["policy.requested_amount_over_threshold"]),
        Case(name: "a duplicate charge asked back in the vosotros form, in Spanish",
             lines: ["customer: me habéis cobrado dos veces 689 € por la nevera, ¿me devolvéis uno de los dos?"],
             expected: .escalateNow, triggers: ["policy.requested_amount_over_threshold"]),
        Case(name: "a large refund confirmed far back in a long German clause is not a request",
             lines: ["customer: Ihr Kollege hat mir letzte Woche Dienstag am Telefon die Erstattung von 1.120 € für die wegen Krankheit abgesagte Rundreise durch Andalusien schon bestätigt. Wann kommt das Geld?"],
             expected: .continue, triggers: []),
        Case(name: "a rotten-egg smell written with the ligature, in French",
             lines: ["customer: Dans le garage ça sent l'Œuf pourri depuis ce matin, près de la chaudière"],
             expected: .escalateNow, triggers: ["capability.safety"]),
        Case(name: "shouted thanks with crying faces is joy",
             lines: ["customer: hi is my passport renewal done?", "bot: Yes, it was posted today.",
                     "customer: YESSS!!! THANK YOU SO MUCH, the honeymoon is saved 😭😭"],
             expected: .continue, triggers: ["behaviour.repeated_punctuation"]),
        Case(name: "payments made overnight that the customer calls not theirs",
             lines: ["customer: two transfers of 450 € left my account at 3am. Not me, I was at home with my phone off."],
             expected: .escalateNow, triggers: ["capability.security"]),
        Case(name: "payments told with where and when, then the customer asleep",
             lines: ["customer: Three card payments from a shop called 'ZX-Trade' in Riga, 120 € each, early this morning around 4. I was asleep."],
             expected: .escalateNow, triggers: ["capability.security"]),
        Case(name: "a refund in Canadian dollars written the French way",
             lines: ["customer: Je demande le remboursement de la nuit sans chauffage, soit 640 $ CA."],
             expected: .escalateNow, triggers: ["policy.requested_amount_over_threshold"]),
        Case(name: "payments named first, then disowned without an apostrophe",
             lines: ["customer: my balance is way down, theres two payments to 'QP*GAMEHUB' i never heard of, didnt make either"],
             expected: .escalateNow, triggers: ["capability.security"]),
        Case(name: "an amount told, then wanted credited back",
             lines: ["customer: The overcharge adds up to £412.50 in total. I'd like it all credited back, thanks."],
             expected: .escalateNow, triggers: ["policy.requested_amount_over_threshold"]),
        Case(name: "a price reduction demanded in German, over the limit",
             lines: ["customer: Das Zimmer lag direkt an der Baustelle. Ich verlange eine Minderung von 450 Euro."],
             expected: .escalateNow, triggers: ["policy.requested_amount_over_threshold"]),
        Case(name: "laughable, then weak and paying more for less, in Austrian German",
             lines: ["customer: Seit dem Tarifwechsel bricht das Internet dauernd ab, das ist lächerlich",
                     "bot: Bitte starten Sie den Router neu.",
                     "customer: Hab ich längst. Ganz schwach von euch, ich zahl mehr und krieg weniger"],
             expected: .escalateNow, triggers: ["sentiment.consecutive_negative"]),
        Case(name: "ridiculous and settling nothing, in Quebec French",
             lines: ["customer: c'est la troisième fois que ma commande arrive froide",
                     "bot: Désolé, voici un crédit de 3 $.",
                     "customer: ça règle rien, c'est vraiment poche, c'est ridicule"],
             expected: .escalateNow, triggers: ["sentiment.consecutive_negative"]),
        Case(name: "shouted praise for the driver is joy",
             lines: ["customer: the parcel came a DAY EARLY and the driver carried it upstairs!!! you lot are LEGENDS"],
             expected: .continue, triggers: ["behaviour.repeated_punctuation"]),
        Case(name: "payments made while the customer slept",
             lines: ["customer: woke up to four card payments to an online casino, I was asleep the whole time"],
             expected: .escalateNow, triggers: ["capability.security"]),
        Case(name: "an adviser declined in spoken German, the verb without its e",
             lines: ["customer: Ich möcht nur meine Adresse ändern. Einen Berater brauch ich dafür nicht."],
             expected: .continue, triggers: []),
        Case(name: "a refund asked back in Argentine Spanish, over the limit",
             lines: ["customer: Pagué 520 USD de más por el equipaje y pido que me los reintegren."],
             expected: .escalateNow, triggers: ["policy.requested_amount_over_threshold"]),
        Case(name: "an amount in dollars named in Spanish",
             lines: ["customer: quiero el reembolso de la excursión cancelada, fueron 295 dólares"],
             expected: .escalateNow, triggers: ["policy.requested_amount_over_threshold"]),
        Case(name: "compensation claimed in German as 'geltend machen'",
             lines: ["customer: Für die Verspätung mache ich hiermit 600 Euro Entschädigung geltend."],
             expected: .escalateNow, triggers: ["policy.requested_amount_over_threshold"]),
        Case(name: "a token credit taken as an insult, after a late meal",
             lines: ["customer: the pizza got here 50 minutes late and stone cold",
                     "bot: Sorry about that, here is a £2 voucher.",
                     "customer: £2. honestly that's a slap in the face"],
             expected: .escalateNow, triggers: ["sentiment.consecutive_negative"]),
        Case(name: "fed up and a poor service, in Quebec French",
             lines: ["customer: Encore une panne d'Internet, c'est pas mal ordinaire votre service",
                     "bot: Un technicien peut passer mardi.",
                     "customer: Mardi? Chu tanné de vous autres pis de vos pannes"],
             expected: .escalateNow, triggers: ["sentiment.consecutive_negative"]),
        Case(name: "paid in three instalments is no complaint, and shouted thanks is joy, in French",
             lines: ["customer: Le paiement de l'inscription a été refusé, je fais comment ?",
                     "bot: Vous pouvez payer en plusieurs fois.",
                     "customer: Payé en trois fois, ça passe !!! MERCI BEAUCOUP"],
             expected: .continue, triggers: ["behaviour.repeated_punctuation"]),
        Case(name: "the bot's answer again, having taken up a word of the question, pushed back on", lines: [
            "customer: my refund for the parcel was approved on Monday. when does the money arrive?",
            "bot: Approved refunds are usually paid within 5 working days.",
            "customer: It's been 6 working days now. Can you see the actual payment date for mine?",
            "bot: Payments go to your original card. Approved refunds are usually paid within 5 working days.",
            "customer: ok but for my refund specifically, what day is it scheduled?",
        ], expected: .escalateNow, triggers: ["loop.repeated_bot_answer"]),
        Case(name: "a fitter who never came, told with nobody's, then useless",
             lines: ["customer: it's gone 5 and nobody's come to fit the boiler",
                     "bot: Your appointment is booked for today.",
                     "customer: I know it is, I stayed home for it. your tracking page is useless"],
             expected: .escalateNow, triggers: ["sentiment.consecutive_negative"]),
        Case(name: "charged double told as a fact, then a disgrace, in Spanish",
             lines: ["customer: otra vez me han cobrado el doble en la factura del gas",
                     "bot: Puede enviarnos una lectura del contador.",
                     "customer: ya la envié el mes pasado y sigue igual, es una vergüenza"],
             expected: .escalateNow, triggers: ["sentiment.consecutive_negative"]),
        Case(name: "a baby breathing very fast, in French",
             lines: ["customer: Mon bébé respire très rapidement depuis une heure, est-ce que le docteur peut nous voir ?"],
             expected: .escalateNow, triggers: ["capability.medical"]),
        Case(name: "erasure asked in the plural second person, in Spanish",
             lines: ["customer: ya no soy clienta, quiero que eliminéis todos mis datos de vuestra base"],
             expected: .escalateNow, triggers: ["capability.data_protection"]),
        Case(name: "every charge disowned at once",
             lines: ["customer: two payments to a gaming site went out overnight and none of them were me"],
             expected: .escalateNow, triggers: ["capability.security"]),
        Case(name: "a repair quote the customer wants covered is a requested amount",
             lines: ["customer: the dishwasher flooded the utility room, the plumber wants £410 for the damage and I want it covered"],
             expected: .escalateNow, triggers: ["policy.requested_amount_over_threshold"]),
        Case(name: "an injury told as the reason for a pause is no safety matter",
             lines: ["customer: I hurt my wrist skiing, can I pause my climbing membership for six weeks?"],
             expected: .continue, triggers: []),
        Case(name: "an injury named as the reason for a cancellation is no safety matter either",
             lines: ["customer: I have to cancel my tennis lessons because of an injury, is there a cancellation fee?"],
             expected: .continue, triggers: []),
        Case(name: "an order reference with digits is no masked swear word",
             lines: ["customer: Is my order (#KX-449120) still eligible for a return? Wrong colour."],
             expected: .continue, triggers: []),
        Case(name: "a hashtag in brackets is no masked swear word",
             lines: ["customer: Loved the hamper, posting it now (#treatyourself)"],
             expected: .continue, triggers: []),
        Case(name: "the need a third time, each message sharing a word with the next, pushing back",
             lines: ["customer: Hi, I ordered a blue kettle and got a red one. Can you swap it?",
                     "bot: Sorry about that! Can you send a photo of the kettle?",
                     "customer: photo attached. please send out the blue kettle I paid for",
                     "bot: Thanks! Did you know you can rate your order in the app?",
                     "customer: I'm asking you to send the right colour, not to rate anything"],
             expected: .escalateNow, triggers: ["loop.restated_question"]),
        Case(name: "the need, a word that the answer missed it, the need again",
             lines: ["customer: I need my broadband moved to my new flat on the 2nd",
                     "bot: Your current plan is Fibre 500.",
                     "customer: that's not what I asked",
                     "bot: Sorry, what can I help with?",
                     "customer: moving my broadband to the new flat on the 2nd"],
             expected: .escalateNow, triggers: ["loop.restated_question"]),
        Case(name: "the same answer again, the customer saying so without the apostrophe",
             lines: ["customer: where's my sofa? it was due monday",
                     "bot: Your order is on its way and will arrive soon.",
                     "customer: it's thursday now, which warehouse is it in",
                     "bot: Your order is on its way and will arrive soon.",
                     "customer: yes. im asking what town the van leaves from"],
             expected: .escalateNow, triggers: ["loop.repeated_bot_answer"]),
        Case(name: "an insurance cover asked about a supposed court case, in German",
             lines: ["customer: Greift die Police auch, wenn mein Nachbar mich irgendwann vor Gericht zerrt? Nur zur Sicherheit."],
             expected: .continue, triggers: []),
        Case(name: "a large refund validated in the passive, in French",
             lines: ["customer: Le remboursement de 2 400 € pour notre croisière a été validé hier, quand arrivera le virement ?"],
             expected: .continue, triggers: []),
        Case(name: "the nights of a stay wanted back, the amount in the next sentence",
             lines: ["customer: The heating never worked in our cabin. I want all three nights back. That comes to $540."],
             expected: .escalateNow, triggers: ["policy.requested_amount_over_threshold"]),
        Case(name: "the need, a correction the next answer ignores, the need again in other words",
             lines: ["customer: My new headphones arrived with the left earbud dead, order 7731",
                     "bot: Sorry! You can return the headphones within 30 days for a refund from My Orders.",
                     "customer: no, I don't want my money back, I'd like a working earbud shipped on its own",
                     "bot: Refunds are issued to your original payment method within 5 days of us receiving the return.",
                     "customer: can you send just the left earbud by post?"],
             expected: .escalateNow, triggers: ["loop.restated_question"]),
        Case(name: "an instruction tried in vain, then a new one, then a question on it, is no loop",
             lines: ["customer: where can I download my March payslip in the portal?",
                     "bot: Go to Pay > Documents and pick March.",
                     "customer: I checked, there's nothing listed for March",
                     "bot: Payslips appear on the 28th; March's was published late, on 2 April.",
                     "customer: so can I download it from the documents page now?"],
             expected: .continue, triggers: []),
        Case(name: "card payments from a city the customer has never been to",
             lines: ["customer: what's this 'ZRN*KIOSK GDANSK 56.10' on my card from Tuesday? never been to Poland"],
             expected: .escalateNow, triggers: ["capability.security"]),
        Case(name: "an allergic reaction described, not named, in Spanish",
             lines: ["customer: mi hija comió el postre y ahora tiene los labios hinchados y le pica todo"],
             expected: .escalateNow, triggers: ["capability.medical"]),
        Case(name: "costs claimed back, the total told after",
             lines: ["customer: The train was cancelled and I had to get a taxi (£95) and a hotel. I'd like to claim back the lot, £310 in total."],
             expected: .escalateNow, triggers: ["policy.requested_amount_over_threshold"]),
        Case(name: "an amount the customer would like back, what it paid for between",
             lines: ["customer: The spa was closed all weekend. I'd like the €420 for the two treatments back."],
             expected: .escalateNow, triggers: ["policy.requested_amount_over_threshold"]),
        Case(name: "looked where the bot said after an ok, then the need again",
             lines: ["customer: my order says delivered but it's not at my door, where is it?",
                     "bot: Your order was delivered at 10:02. Couriers sometimes leave parcels in a safe place.",
                     "customer: ok looked in the garden and the bins, nothing. where exactly was it left?",
                     "bot: Couriers photograph each delivery; the photo shows up in the app within a day.",
                     "customer: I just need to know the exact spot the courier put it"],
             expected: .escalateNow, triggers: ["loop.restated_question"]),
        Case(name: "charges disowned with the denial before the pronoun, in Spanish",
             lines: ["customer: me llegaron dos cargos de una tienda en Valencia y no los hice yo"],
             expected: .escalateNow, triggers: ["capability.security"]),
        Case(name: "a service that gets nothing done, after a complaint, in German",
             lines: ["customer: Die Rechnung ist schon wieder falsch, das ist eine Frechheit.",
                     "bot: Bitte senden Sie uns ein Foto der Rechnung.",
                     "customer: Ihr kriegt echt nix hin."],
             expected: .escalateNow, triggers: ["sentiment.consecutive_negative"]),
        Case(name: "a correction ignored by an answer that offers something else, then the need again",
             lines: ["customer: I need to cancel my gym membership, I'm moving abroad",
                     "bot: We'd hate to see you go! Our Flex plan is half price. Shall I switch you?",
                     "customer: no, not switching plans, I want the membership closed",
                     "bot: Did you know members get a free guest pass each month?",
                     "customer: please just close my membership"],
             expected: .escalateNow, triggers: ["loop.restated_question"]),
        Case(name: "a masked swear word with punctuation after it, in German",
             lines: ["customer: Die Rechnung ist schon wieder falsch, so eine Sch***."],
             expected: .escalateNow, triggers: ["sentiment.profanity"]),
        Case(name: "a solicitor's advice followed is no legal matter",
             lines: ["customer: My solicitor advised me to keep copies of all my statements. How do I download last year's?"],
             expected: .continue, triggers: []),
        Case(name: "an advisor not needed, in Mexican Spanish",
             lines: ["customer: oye no ocupo hablar con un asesor, solo quiero saber cuándo vence mi factura"],
             expected: .continue, triggers: []),
        Case(name: "being taken for a fool after a complaint, in Spanish",
             lines: ["customer: Es la tercera vez que me cobran la cuota de la tarjeta, qué vergüenza.",
                     "bot: Le recordamos que las condiciones están en la web.",
                     "customer: ¿Me están tomando el pelo? Quiero que me devuelvan la cuota."],
             expected: .escalateNow, triggers: ["sentiment.consecutive_negative"]),
        Case(name: "an amount told in answer to the bot's offer of compensation is the amount claimed", lines: [
            "customer: Our train to Milan was cancelled and we had to take a taxi across the border.",
            "bot: I'm sorry. Would you like to apply for compensation?",
            "customer: Yes. The taxi was 380 euros and the hotel another 120 euros, so 500 euros altogether.",
        ], expected: .escalateNow, triggers: ["policy.requested_amount_over_threshold"]),
        Case(name: "an amount told after the customer's own question about a refund, in Spanish", lines: [
            "customer: Me cobraron la cuota anual dos veces. ¿Cómo pido el reembolso?",
            "bot: Lo siento. ¿Qué importe le cobraron de más?",
            "customer: Fueron 290 euros el día 4.",
        ], expected: .escalateNow, triggers: ["policy.requested_amount_over_threshold"]),
        Case(name: "an amount after a refund already granted is no claim", lines: [
            "customer: Your agent confirmed my refund last week, when does it arrive?",
            "bot: Your refund was approved on Monday and is on its way.",
            "customer: Great, it was 420 euros so I'll keep an eye out.",
        ], expected: .continue, triggers: []),
        Case(name: "a French compensation asked after an elided article, over the limit",
             lines: ["customer: Mon train a eu 4 h de retard, j'ai droit à l'indemnisation de 300 € je crois ? Comment faire ?"],
             expected: .escalateNow, triggers: ["policy.requested_amount_over_threshold"]),
        Case(name: "a correction of four words opening the message, then the need a third time", lines: [
            "customer: can my parcel go to the locker at the station instead? I'm out all day",
            "bot: Your parcel is due tomorrow between 9 and 1.",
            "customer: ok. and the station locker, can you send it there?",
            "bot: You can choose a safe place in the app under Preferences.",
            "customer: not a safe place, the station locker. send it there please",
        ], expected: .escalateNow, triggers: ["loop.restated_question"]),
        Case(name: "a roaming charge from a country never visited is a billing matter, not fraud",
             lines: ["customer: why is there a 22 euro roaming charge from Liechtenstein on my bill, never been there"],
             expected: .continue, triggers: []),
        Case(name: "payments to a payee the customer never heard of",
             lines: ["customer: There are two debits on my card to 'fastgamez ltd' this week (£30 and £75). I have never heard of this company."],
             expected: .escalateNow, triggers: ["capability.security"]),
        Case(name: "a card that has not left the customer's wallet, yet paid with",
             lines: ["customer: there's a £212 payment in Leeds on my account this morning and my card hasn't left my bag all day"],
             expected: .escalateNow, triggers: ["capability.security"]),
        Case(name: "the question of before pointed back to is the third statement", lines: [
            "customer: I need the receipt for my stay to show my employer's name for my expense claim",
            "bot: You can download your receipt from My bookings.",
            "customer: it only has my name on it, my employer won't take that",
            "bot: Is there anything else I can help with?",
            "customer: same question lol, how do I get the employer's name on the receipt",
        ], expected: .escalateNow, triggers: ["loop.restated_question"]),
        Case(name: "a manager named as the one who granted, in a French compound past, is not asked for",
             lines: ["customer: Bonjour, votre responsable m'a accordé un geste commercial de 40 € hier au téléphone. Quand sera-t-il versé ?"],
             expected: .continue, triggers: []),
        Case(name: "a daughter who passed her driving test is no bereavement",
             lines: ["customer: My daughter just passed her driving test, how do I add her to my car insurance?"],
             expected: .continue, triggers: []),
        Case(name: "a manager declined with the verb right after the decline",
             lines: ["customer: no need to get a supervisor into this, I only want my direct debit moved to the 3rd"],
             expected: .continue, triggers: []),
        Case(name: "a large refund someone said is approved, told in a contraction, is no request",
             lines: ["customer: hi, where's my £560 refund? the lady on the phone said it's approved"],
             expected: .continue, triggers: []),
        Case(name: "what was paid for wanted back, its amount told in the next sentence",
             lines: ["customer: You cancelled my coach so I took a train instead. I want the ticket back. It cost €310."],
             expected: .escalateNow, triggers: ["policy.requested_amount_over_threshold"]),
        Case(name: "a correction taken up, then 'ta' and a question about the rest, is no loop", lines: [
            "customer: can you cancel the seat upgrade on my booking",
            "bot: Which flight? You have upgrades on the outbound and the return.",
            "customer: sorry I mean only the outbound one, not the return and not the whole booking",
            "bot: Done: the outbound seat is back to standard and £35 is on its way to your card.",
            "customer: ta. return one stays yeah?",
        ], expected: .continue, triggers: []),
        Case(name: "a French grant told with a word between the auxiliary and the participle is no claim",
             lines: ["customer: Bonjour, votre conseillère m'a bien validé avant-hier le remboursement de 980 € pour le séjour annulé. Quand sera-t-il versé ?"],
             expected: .continue, triggers: []),
        Case(name: "the answer granted and set aside, twice, is the need put a third time", lines: [
            "customer: my bike was marked delivered but it's not here, where did they leave it?",
            "bot: Your bike was delivered at 11:05 today.",
            "customer: yes I can see that, but where? it's not in the hall",
            "bot: Your bike was delivered at 11:05 today. Check with neighbours.",
            "customer: I'm saying it never arrived. I need to know where the courier put it",
        ], expected: .escalateNow, triggers: ["loop.restated_question"]),
        Case(name: "thanks in capitals after a curt 'nope' are thanks", lines: [
            "customer: hi, is my bike order 4410 paid yet?",
            "bot: Yes, order 4410 is paid and arrives Friday. Anything else?",
            "customer: nope thats everything, THANK YOU",
        ], expected: .continue, triggers: []),
        Case(name: "'YOU' shouted with no thanks is still stress", lines: [
            "customer: did YOU even READ my message, the box was EMPTY",
        ], expected: .escalateNow, triggers: ["behaviour.shouting"]),
        Case(name: "the need, 'but what about', then 'my question is': put three times", lines: [
            "customer: we were billed for 20 licences in March but only use 15, can you correct the bill?",
            "bot: You can remove licences under Admin > Licences. Changes apply from the next cycle.",
            "customer: done, removed 5. but what about the March bill, we paid for 20",
            "bot: Your licence count is now 15. Your next bill will show 15.",
            "customer: fine for April. My question is about March: we want the 5 unused licences credited",
        ], expected: .escalateNow, triggers: ["loop.restated_question"]),
        Case(name: "what should show still does not, twice after the bot's steps, in Spanish", lines: [
            "customer: Hola, compré el curso de Python y no me aparece en la app.",
            "bot: Cerrá sesión y volvé a entrar, por favor.",
            "customer: Ya lo hice y sigue sin aparecer.",
            "bot: Probá borrar los datos de la app.",
            "customer: Borré todo, nada. El curso no figura en mi perfil.",
        ], expected: .escalateNow, triggers: ["loop.restated_question"]),
        Case(name: "'through' as a preposition asks for nobody",
             lines: ["customer: our VPN login through Azure keeps kicking people out since the update"],
             expected: .continue, triggers: []),
        Case(name: "the one who said it, named before a reporting verb in German, is not asked for", lines: [
            "customer: Der Kundenbetreuer am Telefon sagte gestern, das würde weitergeleitet. Ist mein Ersatzgerät schon unterwegs?",
        ], expected: .continue, triggers: []),
        Case(name: "British understatement and what nobody mentioned, twice in a row", lines: [
            "customer: just got a text saying the table is now 5 weeks. no one mentioned that at checkout",
            "bot: Made-to-order items can take longer.",
            "customer: so the date on the website was a guess. pretty rubbish all round",
        ], expected: .escalateNow, triggers: ["sentiment.consecutive_negative"]),
        Case(name: "food not fit to eat, twice in a row", lines: [
            "customer: the burger is stone cold and the fries never came",
            "bot: Sorry! I can add a £1.50 credit for the fries.",
            "customer: 1.50. the meal was 24 quid and most of it is inedible",
        ], expected: .escalateNow, triggers: ["sentiment.consecutive_negative"]),
        Case(name: "an offer declined and the need put again, then the need a third time", lines: [
            "customer: I want to switch my plan from Family to Solo",
            "bot: Family gives you six screens and offline downloads. Want to hear more?",
            "customer: no thanks, just move me to Solo please",
            "bot: Family includes six screens for the whole household.",
            "customer: I want the single plan. SOLO.",
        ], expected: .escalateNow, triggers: ["loop.restated_question"]),
        Case(name: "delight shouted with thanks, words VADER reads as negative and all", lines: [
            "customer: did my room upgrade for the 14th go through?",
            "bot: It did: you're in the Harbour Suite for three nights.",
            "customer: NO WAY!! THANK YOU SO MUCH, my mum is going to lose it",
        ], expected: .continue, triggers: ["behaviour.repeated_punctuation"]),
        Case(name: "a manager named with a title between commas, before what they did, is not asked for", lines: [
            "customer: Your supervisor, Mr Patel, rang on Monday and agreed to waive the fee. Has it been applied?",
        ], expected: .continue, triggers: []),
        Case(name: "the need a third time, said to be told again", lines: [
            "customer: I need the invoice for March re-issued to my company name",
            "bot: You can download invoices under Billing > Invoices.",
            "customer: the March one, number 5521",
            "bot: Invoices are under Billing > Invoices.",
            "customer: I'm telling you again, the name on it is wrong. can it be changed or not?",
        ], expected: .escalateNow, triggers: ["loop.restated_question"]),
        Case(name: "quebec french: broken, then nonsense, twice in a row", lines: [
            "customer: mon décodeur redémarre tout seul depuis la mise à jour",
            "bot: Avez-vous essayé de le débrancher 30 secondes ?",
            "customer: Ben voyons. C'est la mise à jour qui est tout croche",
            "bot: Vous pouvez aussi le réinitialiser.",
            "customer: franchement c'est n'importe quoi",
        ], expected: .escalateNow, triggers: ["sentiment.consecutive_negative"]),
        Case(name: "what the law grants, the amount between the German verb and its particle", lines: [
            "customer: Unser Zug fiel aus. Nach den Fahrgastrechten stehen uns je 300 € zu, zusammen also 600 €. Wo reiche ich das ein?",
        ], expected: .escalateNow, triggers: ["policy.requested_amount_over_threshold"]),
        Case(name: "the need put a third time because the bot kept asking", lines: [
            "customer: my parcel came without the phone charger, order 55-2210",
            "bot: Sorry to hear that! Which item was missing?",
            "customer: the phone charger. it's on the packing slip",
            "bot: Was everything else in the box?",
            "customer: yes the rest is fine, it's only the phone charger that wasn't there. can you send one?",
        ], expected: .escalateNow, triggers: ["loop.restated_question"]),
        Case(name: "a role in a product is no person asked for", lines: [
            "customer: how can I give my colleague an admin role and myself a supervisor role in the app?",
        ], expected: .continue, triggers: []),
        Case(name: "a complaint threatened at a consumer office, in Argentine Spanish", lines: [
            "customer: si no me devuelven lo cobrado, voy a Defensa del Consumidor el lunes",
        ], expected: .escalateNow, triggers: ["capability.regulator"]),
        Case(name: "a lawyer who needs a copy for a purchase is an errand, not a dispute", lines: [
            "customer: my solicitor needs a copy of the broadband contract for the house sale, where can I download it?",
        ], expected: .continue, triggers: []),
        Case(name: "in German: an outrage, then nobody to rely on", lines: [
            "customer: Meine Reparatur ist seit drei Wochen offen",
            "bot: Ihr Auftrag ist in Bearbeitung.",
            "customer: Seit drei Wochen? Eine Frechheit ist das",
            "bot: Der Techniker meldet sich bei Ihnen.",
            "customer: Tja. Auf euch ist einfach kein Verlass",
        ], expected: .escalateNow, triggers: ["sentiment.consecutive_negative"]),
        Case(name: "a child who swallowed a tablet from the machine is a safety matter; no card was kept", lines: [
            "customer: my toddler just swallowed a washing machine tablet, what do I do",
        ], expected: .escalateNow, triggers: ["capability.safety"]),
        Case(name: "a copy the customer needs, with a solicitor handling a complaint, stays a legal matter", lines: [
            "customer: I need a copy of the call recordings, my solicitor is handling my complaint against you",
        ], expected: .escalateNow, triggers: ["capability.legal"]),
        Case(name: "a paper receipt handed back is no chargeback", lines: [
            "customer: ¿tengo que devolver el recibo firmado a la tienda?",
        ], expected: .continue, triggers: []),
        Case(name: "German entitlement without its particle offers a choice, claims nothing", lines: [
            "customer: Welche Tarife stehen mir bis 900 € im Jahr zur Auswahl?",
        ], expected: .continue, triggers: []),
        Case(name: "the bot asking for what it needs about the need is no loop", lines: [
            "customer: I want to change my delivery address",
            "bot: What's your order number?",
            "customer: order 5521, the delivery address",
            "bot: What's the new delivery address?",
            "customer: new delivery address is 12 High Street",
        ], expected: .continue, triggers: []),
        Case(name: "told not to be passed on to anybody, the customer asks for no one", lines: [
            "customer: do not connect me with anybody please, I only want the opening hours of the Leeds branch",
        ], expected: .continue, triggers: []),
        Case(name: "a card the cash machine kept is no safety matter", lines: [
            "customer: The ATM outside the supermarket swallowed my card an hour ago. How do I get a new one?",
        ], expected: .continue, triggers: []),
        Case(name: "absurd, then a mess, twice in a row", lines: [
            "customer: the report export stops at 100 rows",
            "bot: Exports are limited to 100 rows per file.",
            "customer: that's kind of absurd for a paid plan",
            "bot: You can export each week separately.",
            "customer: honestly the reporting side is a mess",
        ], expected: .escalateNow, triggers: ["sentiment.consecutive_negative"]),
        Case(name: "a direct debit to be sent back through the bank, in Spanish", lines: [
            "customer: si hoy no me devolvéis la cuota, devuelvo el recibo desde mi banco",
        ], expected: .escalateNow, triggers: ["capability.chargeback"]),
        Case(name: "a leg gone dead and words dragged are a stroke's signs, in Spanish", lines: [
            "customer: mi padre no siente la pierna derecha y arrastra las palabras, ¿qué hago?",
        ], expected: .escalateNow, triggers: ["capability.medical"]),
        Case(name: "a hand gone dead and slurred speech are a stroke's signs", lines: [
            "customer: my husband can't feel his left hand and his speech is slurred",
        ], expected: .escalateNow, triggers: ["capability.medical"]),
        Case(name: "a doubled question with a shouted denial is anger, however VADER reads the capitals", lines: [
            "customer: PREMIUM?? I NEVER ASKED FOR PREMIUM. WHY DID YOU UPGRADE ME, I LIKED THE FREE PLAN",
        ], expected: .escalateNow, triggers: ["behaviour.shouting"]),
        Case(name: "a payout a supervisor approved, told after its amount, is followed up", lines: [
            "customer: checking the £900 compensation for the flight, your supervisor approved it on the phone",
        ], expected: .continue, triggers: []),
        Case(name: "a German pronoun taking up the amount granted", lines: [
            "customer: Die Entschädigung für die Verspätung, 450 € – die wurde am Dienstag telefonisch genehmigt. Wann kommt das Geld?",
        ], expected: .continue, triggers: []),
        Case(name: "a German pronoun taking up a delay confirmed grants no money", lines: [
            "customer: Ich will 400 € Entschädigung. Die Verspätung, die wurde vom Zugbegleiter bestätigt.",
        ], expected: .escalateNow, triggers: ["policy.requested_amount_over_threshold"]),
        Case(name: "the amount after what is wanted back", lines: [
            "customer: The upgrade never worked. We expect the overcharge back — €380.",
        ], expected: .escalateNow, triggers: ["policy.requested_amount_over_threshold"]),
        Case(name: "a caseworker one can talk to, asked for without a relative pronoun", lines: [
            "customer: Is there a caseworker we can talk to directly instead of this mailbox?",
        ], expected: .escalateNow, triggers: ["explicit.request_for_human"]),
        Case(name: "planning praised in scorn, then a joke", lines: [
            "customer: the replacement charger came",
            "bot: Great! Is it working?",
            "customer: and of course it has a US plug for my flat in Leeds. great planning",
            "bot: I'm sorry about that.",
            "customer: honestly this whole order has been a joke",
        ], expected: .escalateNow, triggers: ["sentiment.consecutive_negative"]),
        Case(name: "a question marked as asked again, the third time", lines: [
            "customer: my new SIM hasn't arrived, ordered on the 2nd",
            "bot: SIM cards are usually delivered within 3-5 working days.",
            "customer: it's the 12th now. where is it?",
            "bot: SIM cards are dispatched by second class post.",
            "customer: Nothing yet. Again: when does my SIM get here?",
        ], expected: .escalateNow, triggers: ["loop.restated_question"]),
        Case(name: "the answer granted and the need put again, then the need a third time", lines: [
            "customer: can you send my order 4410 to my office at 22 Mill Lane instead? I'm away at the weekend",
            "bot: Your order 4410 will be delivered on Saturday.",
            "customer: yeah i know, that's why i need it sent to the office",
            "bot: You can follow your order in the app.",
            "customer: office. 22 Mill Lane. not my flat. how do I switch the address",
        ], expected: .escalateNow, triggers: ["loop.restated_question"]),
        Case(name: "tried again as told, and it went through", lines: [
            "customer: my gym membership shows as overdue",
            "bot: You can pay the overdue £29 in the app under Billing.",
            "customer: tried to pay it and the card was declined",
            "bot: Some banks block new merchants. Could you try again or use another card?",
            "customer: tried the other card, went through this time",
        ], expected: .continue, triggers: []),
        Case(name: "the customer owning their slip is not against the service", lines: [
            "customer: this is annoying, my account is locked again",
            "bot: It was locked after three wrong password attempts.",
            "customer: oh wait, that was me, I used the old password. my bad",
        ], expected: .continue, triggers: []),
        Case(name: "a supervisor named by first name, told about", lines: [
            "customer: your supervisor Daniel promised a callback about my claim on Monday, is there a time slot yet?",
        ], expected: .continue, triggers: []),
        Case(name: "what the bot offered turned down as no good, the need put a third time", lines: [
            "customer: how do I download all my invoices at once?",
            "bot: You can download an invoice from Billing > Invoices.",
            "customer: found that, but that's one invoice at a time. I have 80",
            "bot: You can also email an invoice from the same page.",
            "customer: email is no good for my accountant. is there a way to get them all in one go",
        ], expected: .escalateNow, triggers: ["loop.restated_question"]),
        Case(name: "Spanish swearing with 'me cago en'", lines: [
            "customer: me cago en todo, tercera vez que me cortan la luz este mes",
        ], expected: .escalateNow, triggers: ["sentiment.profanity"]),
        Case(name: "in German: the same trouble every time, then food gone cold and the service praised in scorn", lines: [
            "customer: meine Pizza ist seit einer Stunde unterwegs",
            "bot: Der Fahrer ist unterwegs.",
            "customer: immer das gleiche Theater mit euch",
            "bot: Das tut mir leid.",
            "customer: die Pizza ist bestimmt schon eiskalt, toller Service wirklich",
        ], expected: .escalateNow, triggers: ["sentiment.consecutive_negative"]),
        Case(name: "in German: called back by someone, asked with a modal and the verb last", lines: [
            "customer: Kann mich irgendwer aus dem Versand anrufen? Ein Mensch, kein Chatfenster.",
        ], expected: .escalateNow, triggers: ["explicit.request_for_human"]),
        Case(name: "a person declined before the bot offers one", lines: [
            "customer: before you offer to connect me to an agent, I only need my account number",
        ], expected: .continue, triggers: []),
        Case(name: "not looking to talk to anyone", lines: [
            "customer: Not looking to speak to an advisor, just resend my policy documents to the new address please",
        ], expected: .continue, triggers: []),
        Case(name: "not looking for excuses, and a person asked for", lines: [
            "customer: I'm not looking for excuses, put me through to a manager",
        ], expected: .escalateNow, triggers: ["explicit.request_for_human"]),
        Case(name: "in Spanish: a botched job, then a shame the company caused", lines: [
            "customer: mi transferencia del lunes, ¿cuándo llega?",
            "bot: Las transferencias tardan hasta 2 días hábiles.",
            "customer: 1.200 euros. Vaya chapuza",
            "bot: Estoy revisando el estado.",
            "customer: mi casero lleva tres días esperando por vuestra culpa",
        ], expected: .escalateNow, triggers: ["sentiment.consecutive_negative"]),
        Case(name: "in Spanish: telling the bot the need a third time", lines: [
            "customer: quiero cancelar la garantía extendida del portátil",
            "bot: La garantía extendida cubre daños por líquidos durante 3 años.",
            "customer: no quiero saber qué cubre, quiero cancelarla",
            "bot: Podés ver la cobertura completa en Mis Productos.",
            "customer: le estoy diciendo que la quiero anular. cancelar la garantía",
        ], expected: .escalateNow, triggers: ["loop.restated_question"]),
        Case(name: "the need put as a task for the bot, after pushing back", lines: [
            "customer: the tracking says my order was delivered but nothing came. order 66120",
            "bot: Order 66120 was delivered at 10:15. Please check with your neighbours.",
            "customer: I've checked with both neighbours and the porch, nothing there",
            "bot: Deliveries are sometimes left in a safe place. Please check around your home.",
            "customer: I need you to find out where it really ended up because it is not at my house",
        ], expected: .escalateNow, triggers: ["loop.restated_question"]),
        Case(name: "hail damage told in a claim is not about the service", lines: [
            "customer: checking on my claim for the hailstorm damage to the roof",
            "bot: Your claim is with the assessor.",
            "customer: ok. the letter said 10 days and that was three weeks ago",
        ], expected: .continue, triggers: []),
        Case(name: "capitals for good news of the customer's own", lines: [
            "customer: MY DRIVING TEST RESULTS ARE IN AND I PASSED!!! where do i get the certificate",
        ], expected: .continue, triggers: ["behaviour.repeated_punctuation"]),
        Case(name: "in Spanish: half the order missing, then a shame", lines: [
            "customer: la compra llegó sin la mitad de los productos",
            "bot: ¿Qué productos faltan?",
            "customer: la leche y el pan. siempre igual con vosotros, es una vergüenza",
        ], expected: .escalateNow, triggers: ["sentiment.consecutive_negative"]),
        Case(name: "a lawyer named by a slip and taken back is no legal matter", lines: [
            "customer: my solicitor, sorry I mean my mortgage broker, is asking why the direct debit bounced",
        ], expected: .continue, triggers: []),
        Case(name: "in German: a payout granted in a clause without its subject", lines: [
            "customer: Wollte nur fragen, ob die Entschädigung von 650 € schon da ist. Wurde am Freitag bewilligt",
        ], expected: .continue, triggers: []),
        Case(name: "a capitalised pronoun after the person names nobody", lines: [
            "customer: Let me speak to someone, I've explained this three times.",
        ], expected: .escalateNow, triggers: ["explicit.request_for_human"]),
        Case(name: "in German: a noun after the person names nobody", lines: [
            "customer: Ich will mit einem Menschen sprechen, Ihr Bot hat keine Ahnung.",
        ], expected: .escalateNow, triggers: ["explicit.request_for_human"]),
        Case(name: "in German: ice cold weather and the same order every time are no complaints", lines: [
            "customer: Ich warte draußen, es ist eiskalt, kann der Fahrer klingeln?",
            "bot: Ich gebe dem Fahrer Bescheid.",
            "customer: Ich bestelle jedes Mal das Gleiche – gibt es eine Favoritenfunktion?",
        ], expected: .continue, triggers: []),
        Case(name: "in Spanish: a question marked as asked again after an opening question mark", lines: [
            "customer: mi pedido 4471 no ha llegado",
            "bot: Los pedidos tardan de 3 a 5 días.",
            "customer: ya van 8 días, ¿dónde está el pedido?",
            "bot: Está en tránsito.",
            "customer: Nada todavía. Otra vez, ¿cuándo llega mi pedido?",
        ], expected: .escalateNow, triggers: ["loop.restated_question"]),
        Case(name: "in Spanish: a farewell after 'de nuevo' asks nothing again", lines: [
            "customer: quería cambiar la dirección de entrega del pedido",
            "bot: Hecho, dirección cambiada.",
            "customer: perfecto, y el horario de entrega del pedido?",
            "bot: Entre 9 y 14 h.",
            "customer: Muchas gracias. De nuevo, que tengan buen día con el pedido.",
        ], expected: .continue, triggers: []),
        Case(name: "money to pay back is not wanted back", lines: [
            "customer: I need to pay the overdraft back, £400 by Friday, can I get more time?",
        ], expected: .continue, triggers: []),
        Case(name: "a device speaking strangely is no stroke", lines: [
            "customer: since the update my smart speaker is speaking strangely",
        ], expected: .continue, triggers: []),
        Case(name: "a payout the customer never approved is asked back", lines: [
            "customer: You charged me $600 and I never approved it last month, I want the $600 back",
        ], expected: .escalateNow, triggers: ["policy.requested_amount_over_threshold"]),
        Case(name: "in German: a date before the pronoun is no amount granted", lines: [
            "customer: Meine Stornierung vom 12.03., die wurde bestätigt. Jetzt will ich meine 650 € zurück.",
        ], expected: .escalateNow, triggers: ["policy.requested_amount_over_threshold"]),
        Case(name: "not looking to cancel, a person asked for", lines: [
            "customer: not looking to cancel, just connect me with an agent",
        ], expected: .escalateNow, triggers: ["explicit.request_for_human"]),
        Case(name: "in German: a callback that should have come is told, not asked", lines: [
            "customer: Eigentlich sollte mich ein Mitarbeiter heute zurückrufen. Wann kommt die Ersatzkarte?",
        ], expected: .continue, triggers: []),
        Case(name: "in German: service praised with thanks is sincere", lines: [
            "customer: Letzte Woche war ich echt enttäuscht von euch",
            "bot: Das tut uns leid.",
            "customer: Aber heute: alles pünktlich da, super Service wirklich, danke!",
        ], expected: .continue, triggers: []),
        Case(name: "a day turned down is an answer, not pushback", lines: [
            "customer: need to rebook my delivery",
            "bot: Which day suits you?",
            "customer: next week, any delivery day",
            "bot: Friday?",
            "customer: Friday is no good for me, delivery Monday?",
        ], expected: .continue, triggers: []),
        Case(name: "in French: a payment the customer says was not them", lines: [
            "customer: je vois un achat de 215 € sur ma carte dans une boutique en ligne, ce n'est pas moi",
        ], expected: .escalateNow, triggers: ["capability.security"]),
        Case(name: "in Spanish: a charge the customer says was not them", lines: [
            "customer: hay un cargo de 90 € en mi tarjeta de una tienda online, no fui yo",
        ], expected: .escalateNow, triggers: ["capability.security"]),
        Case(name: "in German: a debit the customer says was not them", lines: [
            "customer: eine Abbuchung über 60 € von einem Shop, das war nicht ich",
        ], expected: .escalateNow, triggers: ["capability.security"]),
        Case(name: "chest pains in the plural", lines: [
            "customer: my mum has had chest pains for an hour and feels sick",
        ], expected: .escalateNow, triggers: ["capability.medical"]),
        Case(name: "a payout someone named confirmed, in a relative clause", lines: [
            "customer: the €650 refund for the cancelled course that Leila confirmed on the phone, when will I get it?",
        ], expected: .continue, triggers: []),
        Case(name: "a charge nobody approved is asked back", lines: [
            "customer: I want the €650 back, a charge that nobody approved",
        ], expected: .escalateNow, triggers: ["policy.requested_amount_over_threshold"]),
        Case(name: "overcharging named, then disgust at how the customer is treated", lines: [
            "customer: the renewal price went up by 40%, feels like a rip off",
            "bot: Prices are reviewed every year.",
            "customer: 12 years with you and this is how I'm treated",
        ], expected: .escalateNow, triggers: ["sentiment.consecutive_negative"]),
        Case(name: "the time the bot gave, countered, then the need a third time", lines: [
            "customer: my refund for order 5512 hasn't arrived",
            "bot: Refunds take up to 5 working days.",
            "customer: it's been 9 working days now",
            "bot: Refunds are processed within 5 working days.",
            "customer: yes but it's been NINE days, I'm asking where it is",
        ], expected: .escalateNow, triggers: ["loop.restated_question"]),
        Case(name: "in Spanish: money asked back in the past subjunctive", lines: [
            "customer: Pagamos 420 euros de matrícula y quisiéramos que nos los devolvieran, al final no empezó el curso",
        ], expected: .escalateNow, triggers: ["policy.requested_amount_over_threshold"]),
        Case(name: "the chat closed with 'nope, cheers' after all that was needed", lines: [
            "customer: hi, where's my replacement card? ending 4410",
            "bot: It was posted yesterday and should arrive in 2-3 days.",
            "customer: ah great. no need to bother anyone about it then, that's all I needed",
            "bot: Anything else?",
            "customer: nope, cheers",
        ], expected: .continue, triggers: []),
        Case(name: "a routine change of a detail needs no authorisation", lines: [
            "customer: I need to change the billing address on our invoices, we moved offices",
        ], expected: .continue, triggers: []),
        Case(name: "a suitcase that missed its ferry is no act disowned", lines: [
            "customer: my suitcase didn't make the ferry from Dover, booking DV 3166, where is it now?",
        ], expected: .continue, triggers: []),
        Case(name: "a restatement counted, in a message that reads positive without thanks", lines: [
            "customer: hi, can I move my dentist appointment to friday?",
            "bot: Your appointment is on Tuesday at 10:00.",
            "customer: friday afternoon would be great",
            "bot: Appointments can be cancelled up to 24 hours before.",
            "customer: ok great, for the 3rd time lol: can my appointment be moved",
        ], expected: .escalateNow, triggers: ["loop.restated_question"]),
        Case(name: "service praised with 'truly' in scorn, then a shambles", lines: [
            "customer: order says delivered but nothing here",
            "bot: Please check with your neighbours.",
            "customer: so I'm meant to sit here waiting for food that already arrived. brilliant service, truly",
            "bot: I'm sorry for the wait.",
            "customer: this whole thing is a shambles",
        ], expected: .escalateNow, triggers: ["sentiment.consecutive_negative"]),
        Case(name: "a transfer the customer did not make is disowned", lines: [
            "customer: There's a €900 transfer on my account this morning. I didn't make the transfer.",
        ], expected: .escalateNow, triggers: ["capability.security"]),
        Case(name: "a payment the customer didn't make, said with 'it'", lines: [
            "customer: £300 payment on my card last night to some site, I didn't make it",
        ], expected: .escalateNow, triggers: ["capability.security"]),
        Case(name: "in German: not sure whether a payment went through disowns nothing", lines: [
            "customer: Da war ich nicht sicher, ob die Zahlung durchgegangen ist. Können Sie nachsehen?",
        ], expected: .continue, triggers: []),
        Case(name: "in Spanish: the customer owning a purchase after a 'no' disowns nothing", lines: [
            "customer: No, fui yo quien hizo la compra de la tienda online, ¿me confirmas el envío?",
        ], expected: .continue, triggers: []),
        Case(name: "a booking confirmed twice grants no money asked back", lines: [
            "customer: I want my £480 back for the hotel booking that was confirmed twice",
        ], expected: .escalateNow, triggers: ["policy.requested_amount_over_threshold"]),
        Case(name: "how the company handles returns, asked calmly, is no complaint", lines: [
            "customer: the refund is late again, so annoying",
            "bot: Sorry about that.",
            "customer: also, could you tell me how you treat partial returns?",
        ], expected: .continue, triggers: []),
        Case(name: "in German: ordering for the 3rd time counts orders, not a restatement", lines: [
            "customer: Hallo, ich habe eine Frage zum Treueprogramm",
            "bot: Gern!",
            "customer: Wie viele Punkte bekomme ich pro Bestellung?",
            "bot: Einen Punkt pro Euro.",
            "customer: Ich bestelle zum 3. Mal bei euch, gibt es einen Treuerabatt?",
        ], expected: .continue, triggers: []),
        Case(name: "in French: a real surprise is no real person", lines: [
            "customer: Merci pour l'upgrade, une vraie belle surprise, et le petit déjeuner était parfait",
        ], expected: .continue, triggers: []),
        // Session 26, batches 202-210.
        Case(name: "an email signed 'Rob' is not robbery twice over", lines: [
            "customer: Hello,\nCould you send me a copy of the invoice for the office chairs?\nThanks,\nRob Hale",
            "bot: Of course, the invoice is attached to this email.",
            "customer: Got it, much appreciated.\n\nRob",
        ], expected: .continue, triggers: []),
        Case(name: "a parent taken ill is not the service's doing", lines: [
            "customer: We missed the ferry on Friday because my mum was taken ill, she is fine now but it was a horrible, stressful day.",
            "bot: I'm sorry to hear that. How can I help?",
            "customer: Can the unused crossing be moved to next month instead of losing it?",
        ], expected: .continue, triggers: []),
        Case(name: "working at a court threatens nobody", lines: [
            "customer: Je travaille au tribunal de commerce jusqu'à 18h, vous pouvez livrer le samedi ?",
        ], expected: .continue, triggers: []),
        Case(name: "an option the bot's question offered, picked, is no restatement", lines: [
            "customer: how do I stop the weekly digest email without turning off every notification",
            "bot: You can manage notifications under Settings > Notifications.",
            "customer: right but I only want the digest gone, not the alerts",
            "bot: Do you mean the weekly digest or the daily summary email?",
            "customer: weekly digest",
        ], expected: .continue, triggers: []),
        Case(name: "Swiss francs grouped with an apostrophe, wanted back", lines: [
            "customer: Das Ferienhaus hatte zwei Wochen lang keine Heizung. Wir fordern 1'080 Franken zurück.",
        ], expected: .escalateNow, triggers: ["policy.requested_amount_over_threshold"]),
        Case(name: "German: the case handler asked for, the verb spoken", lines: [
            "customer: Wär super, wenn ich mit dem Sachbearbeiter vom Wasserschaden kurz red.",
        ], expected: .escalateNow, triggers: ["explicit.request_for_human"]),
        Case(name: "German: 'mit' three words before the person", lines: [
            "customer: Geht das, dass ich mit der zuständigen Beraterin sprech?",
        ], expected: .escalateNow, triggers: ["explicit.request_for_human"]),
        Case(name: "a password manager to connect with is nobody to talk to", lines: [
            "customer: Lässt sich eure App mit unserem Passwort-Manager verbinden?",
        ], expected: .continue, triggers: []),
        Case(name: "the answer taken with praise, then a new need pushed on twice, is not three statements", lines: [
            "customer: Does the Pro plan include shared calendars?",
            "bot: Yes, Pro includes shared calendars for every member.",
            "customer: Great. Last question: does Pro raise the file upload limit? Our designers hit it daily",
            "bot: Pro includes more storage than Basic.",
            "customer: Right but I mean the upload limit per file, not storage. What's the number?",
        ], expected: .continue, triggers: []),
        Case(name: "praise taken back at once ('super, aber') still restates the need", lines: [
            "customer: Ich möchte die Lieferadresse für Bestellung 4471 ändern, wir sind umgezogen",
            "bot: Ihre Bestellung 4471 wird morgen verschickt.",
            "customer: super, aber die Lieferadresse muss geändert werden, neue Adresse ist Hauptstraße 9",
            "bot: Den Status Ihrer Bestellung sehen Sie unter Meine Bestellungen.",
            "customer: nein, ich will die Adresse ÄNDERN, nicht den Status sehen",
        ], expected: .escalateNow, triggers: ["loop.restated_question"]),
        Case(name: "marks closing a glad sentence are delight, the negative word in another", lines: [
            "customer: Just passed my driving test and your weekend lessons got me there!!! Sadly the car is off the road for a bit, can I pause the insurance for a month?",
        ], expected: .continue, triggers: ["behaviour.repeated_punctuation"]),
        Case(name: "closing one's own account is routine", lines: [
            "customer: I'm moving abroad in March, how do I close my account with you?",
        ], expected: .continue, triggers: []),
        Case(name: "the money asked back in other words opens the claim the amount then states", lines: [
            "customer: Our ferry was cancelled and we had to book another operator. How do we get our money back?",
            "bot: Sorry about that. Could you tell me the booking and the amount?",
            "customer: Booking FR-2231, three tickets at £95, so £285 altogether.",
        ], expected: .escalateNow, triggers: ["policy.requested_amount_over_threshold"]),
        // A review of the session's rules (each case fails without its mend).
        Case(name: "a money-back guarantee opens no claim for the price after it", lines: [
            "customer: Does the Business plan have a trial?",
            "bot: Every annual plan comes with a 30-day money-back guarantee.",
            "customer: OK, I'll take the Business plan then, $399 a year, right?",
        ], expected: .continue, triggers: []),
        Case(name: "a greeting shouted before the complaint still shouts", lines: [
            "customer: Hello!!! The driver dumped my parcel in a puddle and it's ruined.",
        ], expected: .escalateNow, triggers: ["behaviour.shouting"]),
        Case(name: "a word of praise run into what follows ('Top up') takes no answer", lines: [
            "customer: how do I top up my travel card with money",
            "bot: You can buy tickets in the app under Tickets.",
            "customer: Top up the card I mean, not tickets. Where do I add money to the card?",
            "bot: Tickets can be bought for single or return journeys.",
            "customer: ok but I'm asking how to add money to the card, top up",
        ], expected: .escalateNow, triggers: ["loop.restated_question"]),
        Case(name: "a one-word verdict with its full stop is no name signing off", lines: [
            "customer: The flight left three hours late and nobody told us why.",
            "bot: I'm sorry about the delay.",
            "customer: I had booked a window seat and got a middle seat.\n\nAwful.",
        ], expected: .escalateNow, triggers: ["sentiment.consecutive_negative"]),
        Case(name: "working at a law firm and threatening small claims still threatens", lines: [
            "customer: I work at a law firm, and if this isn't fixed by Friday I'm going to small claims.",
        ], expected: .escalateNow, triggers: ["capability.legal"]),
        Case(name: "an illness after eating what the company sold is no background", lines: [
            "customer: My son fell ill after eating the chicken wrap we ordered last night.",
            "bot: I'm sorry to hear that. Is he alright?",
            "customer: He was sick all night. Disgusting.",
        ], expected: .escalateNow, triggers: ["sentiment.consecutive_negative"]),
        Case(name: "a parcel stuck for days, then spoken scorn, in southern German", lines: [
            "customer: Mei Packerl steckt seit 6 Tagen in Linz fest.",
            "bot: Das tut mir leid, es sollte bald weitergehen.",
            "customer: Des is a Witz, ehrlich.",
        ], expected: .escalateNow, triggers: ["sentiment.consecutive_negative"]),
        // Session 27, batches 214-225.
        Case(name: "the water damage a claim is about is no anger at the insurer", lines: [
            "customer: Hello, I need to claim for water damage in our upstairs bedroom, from the tank in the loft.",
            "bot: Thank you. Claims are reviewed within ten working days; you can track yours in the app.",
            "customer: It has been three weeks with no word, which is really disappointing.",
        ], expected: .continue, triggers: []),
        Case(name: "French: smelling gas, an adverb between", lines: [
            "customer: bonjour, ça sent vraiment le gaz près du compteur, je fais quoi ?",
        ], expected: .escalateNow, triggers: ["capability.safety"]),
        Case(name: "the capitals of a sticker's words are not shouting", lines: [
            "customer: hi, I ticked the DO NOT BEND sticker option for my prints, can you check the courier has it?",
        ], expected: .continue, triggers: []),
        Case(name: "French: 'ça marche pas' after the same answer twice settles nothing", lines: [
            "customer: je n'arrive pas à télécharger ma facture de mars",
            "bot: Vous pouvez télécharger vos factures dans Mon Compte > Factures.",
            "customer: j'y suis allée, le lien de mars est grisé",
            "bot: Vous pouvez télécharger vos factures dans Mon Compte > Factures.",
            "customer: oui j'ai compris mais ça marche pas pour mars",
        ], expected: .escalateNow, triggers: ["loop.repeated_bot_answer"]),
        Case(name: "the steps all done, the same answer again, settles nothing", lines: [
            "customer: my certificate won't generate even though I passed the final exam",
            "bot: Certificates are issued once every assessment is marked as passed. Please check your gradebook.",
            "customer: every assessment shows passed in the gradebook, the certificate is still missing",
            "bot: Certificates are issued once every assessment is marked as passed. Please check your gradebook.",
            "customer: i already said they're all done. it still won't generate",
        ], expected: .escalateNow, triggers: ["loop.repeated_bot_answer"]),
        Case(name: "Spanish: another matter announced is a new need, not the first one put again", lines: [
            "customer: buenas, ¿me podéis decir cuándo caduca mi tarjeta?",
            "bot: Su tarjeta terminada en 4410 caduca en septiembre de 2027.",
            "customer: vale. y otra cosa, en la tarjeta me habéis cobrado una cuota anual de 40 euros, quería que me la quitaran",
            "bot: La cuota anual de la tarjeta es de 40 euros según su contrato.",
            "customer: ya, pero me dijeron que el primer año la cuota era gratis",
        ], expected: .continue, triggers: []),
        Case(name: "'fair enough' takes the answer before a narrower question", lines: [
            "customer: when will my new bank card arrive?",
            "bot: Cards are posted within 5 working days of ordering.",
            "customer: it's been 9 days since I ordered it, is that normal?",
            "bot: Postal times can vary. If it hasn't arrived in 10 working days we can reissue it.",
            "customer: fair enough, can you at least tell me the day it was posted?",
        ], expected: .continue, triggers: []),
        // Guards from a review of the above: each must keep its answer.
        Case(name: "capitals before a word that names no label still shout", lines: [
            "customer: STILL NO sign of my refund!!",
        ], expected: .escalateNow, triggers: ["behaviour.shouting"]),
        Case(name: "French: 'ça marche, pas de souci' after the same answer twice settles it", lines: [
            "customer: je n'arrive pas à me connecter à l'appli",
            "bot: Essayez de réinitialiser votre mot de passe depuis l'écran de connexion.",
            "customer: j'ai essayé, toujours rien",
            "bot: Essayez de réinitialiser votre mot de passe depuis l'écran de connexion.",
            "customer: ah ça marche, pas de souci",
        ], expected: .continue, triggers: []),
        Case(name: "water damage the delivery caused is a complaint, not a claim's name", lines: [
            "customer: The parcel came soaked through and the books inside arrived with water damage.",
            "bot: I'm sorry to hear that. Could you send a photo of the books?",
            "customer: They're ruined. This is really poor service.",
        ], expected: .escalateNow, triggers: ["sentiment.consecutive_negative"]),
        // Session 27, batches 226-231.
        Case(name: "the attempts counted mark the need put again", lines: [
            "customer: I'd like to move my dentist appointment from Monday to Wednesday",
            "bot: Your appointment is on Monday at 10:00.",
            "customer: yes, that one, moved to Wednesday please",
            "bot: You can see all upcoming appointments in the app.",
            "customer: third attempt: Wednesday instead of Monday, can you do it",
        ], expected: .escalateNow, triggers: ["loop.restated_question"]),
        Case(name: "French: 'je me répète' marks the need put again", lines: [
            "customer: Bonjour, je voudrais annuler ma commande 5512",
            "bot: Votre commande 5512 sera livrée jeudi.",
            "customer: je ne souhaite plus la recevoir",
            "bot: Vous pouvez suivre votre colis dans l'application.",
            "customer: je me répète, la commande 5512 doit être annulée",
        ], expected: .escalateNow, triggers: ["loop.restated_question"]),
        Case(name: "French (2): 'je me répète' marks the need put again", lines: [
            "customer: Bonjour, pouvez-vous changer l'adresse de livraison de mon colis ?",
            "bot: Votre colis arrivera demain entre 9h et 13h.",
            "customer: d'accord, mais à une autre adresse",
            "bot: Vous pouvez suivre votre colis dans l'application.",
            "customer: je me répète : 12 rue Victor Hugo, Lyon",
        ], expected: .escalateNow, triggers: ["loop.restated_question"]),
        Case(name: "a repair cost the company is asked to bear, over the limit", lines: [
            "customer: Your engineer cracked our bathroom tile during the boiler service. A tiler quoted £420 and I'm asking you to cover that.",
        ], expected: .escalateNow, triggers: ["policy.requested_amount_over_threshold"]),
        Case(name: "a merchant the customer never bought from is fraud", lines: [
            "customer: wait, who are Kestrel Media?? never bought anything from them, I live in Bristol",
        ], expected: .escalateNow, triggers: ["capability.security"]),
        Case(name: "Spanish: damage disowned is a dispute about a fee, not fraud", lines: [
            "customer: me han puesto un cargo por desperfectos que no hice en el coche de alquiler, ¿cómo lo reclamo?",
        ], expected: .continue, triggers: []),
        Case(name: "what the answer asked for, handed over, is no restatement", lines: [
            "customer: can you price match a cheaper tablet I saw online?",
            "bot: Our tablets start at £199. Would you like to see them?",
            "customer: no, I mean match the lower price another store has, same model X10",
            "bot: Yes, we match major retailers. Please send me the link.",
            "customer: here it is: the X10 at the other store",
        ], expected: .continue, triggers: []),
        // Session 27, batches 232-240.
        Case(name: "attempts counted before an em dash mark the need put again", lines: [
            "customer: can the sofa delivery be moved to the afternoon slot on Friday?",
            "bot: Deliveries are made between 7am and 7pm.",
            "customer: yes I know, I'd like the afternoon one please",
            "bot: Your delivery is booked for Friday.",
            "customer: third try — Friday afternoon slot for the sofa please",
        ], expected: .escalateNow, triggers: ["loop.restated_question"]),
        Case(name: "'third time lucky:' marks the need put again", lines: [
            "customer: can I get the gym class moved from 6pm to 7pm on Thursday?",
            "bot: Thursday's classes are listed in the app.",
            "customer: yes, I'm booked on the 6pm, I'd like the 7pm instead",
            "bot: You can see all your bookings under My Classes.",
            "customer: third time lucky: swap me from the 6pm to the 7pm Thursday",
        ], expected: .escalateNow, triggers: ["loop.restated_question"]),
        Case(name: "what the bot pointed to, seen and set aside twice, is the need put a third time", lines: [
            "customer: I need a receipt with my company's name on it for the conference ticket",
            "bot: Your ticket confirmation is in the email we sent you.",
            "customer: that email only has my name, that's why I'm asking",
            "bot: You can download your ticket from your account page.",
            "customer: yes I've seen it. I need a receipt made out to Harlow Design Ltd",
        ], expected: .escalateNow, triggers: ["loop.restated_question"]),
        Case(name: "Spanish: 'la veo, pero' and 'ya sé, por eso' push back twice", lines: [
            "customer: quiero cambiar mi vuelo del viernes al sábado",
            "bot: Puedes ver tu reserva en Mis Viajes.",
            "customer: sí, la veo, pero quiero pasarlo al sábado",
            "bot: Tu vuelo sale el viernes a las 10:00.",
            "customer: ya sé, por eso, ¿se puede cambiar al sábado o no?",
        ], expected: .escalateNow, triggers: ["loop.restated_question"]),
    ]

    static func request(_ lines: [String]) -> SignalsV1.EvaluateRequest {
        .with {
            $0.tenantID = "t"
            $0.conversation = .with {
                $0.conversationID = "c"
                $0.messages = lines.enumerated().map { index, line in
                    let parts = line.split(separator: ":", maxSplits: 1)
                    return .with {
                        $0.role = parts[0] == "bot" ? .bot : .customer
                        $0.text = parts[1].trimmingCharacters(in: .whitespaces)
                    }
                }
            }
        }
    }

    /// ``request(_:)`` with each message sent `seconds` after the first.
    static func request(_ lines: [String], at seconds: [Int]) -> SignalsV1.EvaluateRequest {
        var request = request(lines)
        for (index, offset) in seconds.enumerated() {
            request.conversation!.messages[index].sendTime = .with { $0.seconds = Int64(1_700_000_000 + offset) }
        }
        return request
    }

    @Test("conversations escalate when they should and only then", arguments: cases)
    func table(_ sample: Case) {
        let response = Self.rules.evaluate(Self.request(sample.lines), thresholds: Defaults.thresholds)
        let fired = Set(response.triggers.map(\.name))
        for trigger in sample.triggers {
            #expect(fired.contains(trigger), "\(sample.name): \(trigger) did not fire; fired \(fired)")
        }
        if sample.triggers.isEmpty { #expect(fired.isEmpty, "\(sample.name): unexpected \(fired)") }
        #expect(response.recommendation == sample.expected, "\(sample.name): risk \(response.riskScore), fired \(fired)")
        #expect((0...1).contains(response.riskScore))
    }

    @Test("a restatement in German loops however VADER reads it ('L gegen M' reads glad to its English lexicon)")
    func germanRestatementLoopsWhateverVADERReads() {
        var request = Self.request([
            "customer: ich möchte die Jacke in Größe L gegen M tauschen, Bestellung 90021",
            "bot: Du kannst Artikel innerhalb von 30 Tagen kostenlos zurücksenden.",
            "customer: zurückschicken will ich sie nicht, ich will dieselbe Jacke eine Nummer kleiner",
            "bot: Rücksendungen sind innerhalb von 30 Tagen kostenlos.",
            "customer: also nochmal: geht ein Umtausch L gegen M",
        ])
        for index in request.conversation!.messages.indices { request.conversation!.messages[index].language = "de" }
        let response = Self.rules.evaluate(request, thresholds: Defaults.thresholds)
        #expect(response.triggers.map(\.name).contains("loop.restated_question"), "\(response.triggers.map(\.name))")
        #expect(response.recommendation == .escalateNow)
    }

    @Test("a refund at or over the limit of its currency escalates; under it, or in a currency without a limit, does not")
    func refundLimit() {
        let cases: [(String, Int64, SignalsV1.Recommendation)] = [
            ("EUR", 24_999, .continue), ("EUR", 25_000, .escalateNow), ("USD", 64_000, .escalateNow),
            ("GBP", 24_999, .continue), ("GBP", 30_000, .escalateNow), ("JPY", 9_000_000, .continue),
        ]
        for (currency, amount, expected) in cases {
            var request = Self.request(["customer: I want a refund for my order"])
            request.requestedAction = .with {
                $0.kind = .refund(.with { $0.amount = .with { $0.currencyCode = currency; $0.amountMinor = amount } })
            }
            let response = Self.rules.evaluate(request, thresholds: Defaults.thresholds)
            #expect(response.recommendation == expected, "\(amount) \(currency): \(response.triggers.map(\.name))")
        }
    }

    @Test("a German participle granting nothing to the customer ('der Techniker hat Totalschaden bestätigt') leaves the refund asked")
    func germanConfirmationOfSomethingElse() {
        var request = Self.request(["customer: Der Gutachter hat einen Wasserschaden bestätigt. Ich möchte die 540 € für den Trockner zurück."])
        request.requestedAction = .with {
            $0.kind = .refund(.with { $0.amount = .with { $0.currencyCode = "EUR"; $0.amountMinor = 54_000 } })
        }
        let response = Self.rules.evaluate(request, thresholds: Defaults.thresholds)
        #expect(response.recommendation == .escalateNow, "\(response.triggers.map(\.name))")
    }

    @Test("a refund the customer says was already granted is followed up, not asked, even when the action names it")
    func grantedRefundAction() {
        for (text, currency, amount) in [
            ("Your billing team approved the $640 refund for my cancelled course last Friday, when does it arrive?", "USD", Int64(64_000)),
            ("Bonjour, le remboursement de 450 € est déjà validé d'après votre mail, quand vais-je le recevoir ?", "EUR", 45_000),
        ] {
            var request = Self.request(["customer: \(text)"])
            request.requestedAction = .with {
                $0.kind = .refund(.with { $0.amount = .with { $0.currencyCode = currency; $0.amountMinor = amount } })
            }
            let response = Self.rules.evaluate(request, thresholds: Defaults.thresholds)
            #expect(response.recommendation == .continue, "\(text): \(response.triggers.map(\.name))")
        }
    }

    @Test("a category the tenant switched off does not fire")
    func disabledCategory() {
        var thresholds = Defaults.thresholds
        thresholds.categories = [.with { $0.category = .explicitRequest; $0.enabled = false }]
        let response = Self.rules.evaluate(Self.request(["customer: let me talk to a person"]), thresholds: thresholds)
        #expect(response.triggers.isEmpty)
        #expect(response.recommendation == .continue)
    }

    @Test("low bot confidence and repeated payment failures raise the risk")
    func confidenceAndEvents() {
        var request = Self.request(["customer: my payment did not go through"])
        request.botConfidence = 0.1
        request.events = [.with { $0.kind = .paymentFailed }, .with { $0.kind = .paymentFailed }]
        let response = Self.rules.evaluate(request, thresholds: Defaults.thresholds)
        let fired = Set(response.triggers.map(\.name))
        #expect(fired == ["confidence.bot_low", "technical.repeated_payment_failure"])
        #expect(response.recommendation == .escalateNow, "risk \(response.riskScore)")
    }

    @Test("a second failed payment escalates when the customer says the money was taken or is held, in any wording")
    func failedPaymentsWithMoneyTaken() {
        for (text, expected) in [
            ("tried again, failed again", SignalsV1.Recommendation.watch),
            ("otra vez error, pero en la app del banco me aparecen los 180€ cobrados", .escalateNow),
            ("same message again, but my banking app shows £64.99 pending from you", .escalateNow),
            ("declined again, and my bank shows two holds of 90 from you already", .escalateNow),
            ("failed again but the app shows £31.50 taken both times", .escalateNow),
            ("tried again, failed again. my bank shows £19.99 gone twice now", .escalateNow),
            // The account and the money leaving it, in words of their own.
            ("wieder nicht geklappt, und vom Bankkonto sind trotzdem 54 Euro abgegangen", .escalateNow),
            ("schon wieder Fehler, obwohl die 38 Euro längst vom Konto runter sind", .escalateNow),
            ("Zahlung schon wieder abgelehnt. Vom Konto ist zum Glück noch nichts runter.", .watch),
            ("de nuevo error, y en mi cuenta ya ha salido el dinero", .escalateNow),
            ("encore refusé, pourtant l'argent a disparu de mon compte", .escalateNow),
            ("toujours refusé, mais les 42 € sont sortis de mon compte ce matin", .escalateNow),
            // Seen taken or held at the bank, in so many words.
            ("same error again, and my bank is showing three charges of $12 now", .escalateNow),
            ("wieder abgelehnt, im Banking sind jetzt 2 x 60 € blockiert", .escalateNow),
            // A bank named without money gone is not money taken.
            ("failed again, should I ring my bank?", .watch),
            // Money taken in Spanish with "quitar"; and denied, before the words or, in German, after them.
            ("falla otra vez y el banco ya me ha quitado los 40 euros", .escalateNow),
            ("failed again, though I haven't been charged anything", .watch),
            ("schon wieder abgelehnt, belastet wurde aber nichts", .watch),
            ("declined again, but nothing was debited this time", .watch),
            // A "no" answering the bot, and a "nicht" about what came after, deny nothing; a discount is no money.
            ("No, me cobraron dos veces el mismo importe", .escalateNow),
            ("wieder abgelehnt, 60 € abgebucht und nicht zurückgebucht", .escalateNow),
            ("otra vez falla y la app me ha quitado el descuento", .watch),
            // Taken, in Latin American Spanish ("descontar"); a discount given is no money taken.
            ("rechazado de nuevo y igual el banco me descontaron los 85.000 pesos", .escalateNow),
            // The debit seen at the bank, in Argentine Spanish; a debit card is no money taken.
            ("rechazado otra vez, y el home banking ya muestra un débito de $ 9.800", .escalateNow),
            ("falló de nuevo y ya me debitaron el importe", .escalateNow),
            ("otra vez rechazada la tarjeta de débito, ¿pruebo con otra?", .watch),
            // The debit the bank shows, in German.
            ("erneut abgelehnt, und im Onlinebanking steht eine Abbuchung von 89 €", .escalateNow),
            // Money gone from a named account.
            ("failed again, but £85 has left my current account", .escalateNow),
            // Denied in Spanish with a clitic and an auxiliary.
            ("ya lo intenté dos veces y no me han debitado nada", .watch),
        ] {
            var request = Self.request(["customer: \(text)"])
            request.events = [.with { $0.kind = .paymentFailed }, .with { $0.kind = .paymentFailed }]
            let response = Self.rules.evaluate(request, thresholds: Defaults.thresholds)
            #expect(response.triggers.map(\.name).contains("technical.repeated_payment_failure"))
            #expect(response.recommendation == expected, "\(text): risk \(response.riskScore), \(response.triggers.map(\.name))")
        }
    }

    @Test("thanks settle a troubled history only when nothing says the trouble goes on")
    func contextSettledByThanks() {
        for (text, expected) in [
            ("It's still dropping every evening. I'd appreciate it being sorted this time. Thanks", SignalsV1.Recommendation.escalateNow),
            ("Hi again, it works now. Thanks for your help!", .continue),
            ("I am following up on my claim. Could you please confirm the status? Kind regards, thank you", .escalateNow),
            // A letter's closing thanks for nothing yet; thanks in its body do.
            ("Hi,\n\nPlease send me a copy of my contract and of the letters you sent me.\n\nThanks,\nTom", .escalateNow),
            ("Hi,\n\nIt works now, thanks for sorting it out.\n\nBest,\nTom", .continue),
            // A payment through twice settles nothing.
            ("My payment went through twice and the order still shows cancelled", .escalateNow),
        ] {
            var request = Self.request(["customer: \(text)"])
            request.conversation!.customer = .with { $0.recentActivity = .with { $0.unresolvedContactsLast30Days = 3 } }
            let response = Self.rules.evaluate(request, thresholds: Defaults.thresholds)
            #expect(response.recommendation == expected, "\(text): \(response.triggers.map(\.name))")
            #expect(response.triggers.map(\.name).contains("context.unresolved_history") == (expected == .escalateNow))
        }
    }

    @Test("a VIP at the limit of unresolved contacts escalates unless the matter is said to be settled; settled negated is not")
    func vipHistoryNotSettled() {
        for (text, expected) in [
            ("Vuelvo a escribir por la factura de marzo: mi reclamación anterior aún no se ha resuelto.", SignalsV1.Recommendation.escalateNow),
            ("Je reviens vers vous : mon problème n'est toujours pas résolu.", .escalateNow),
            ("Solo quería deciros que ya está resuelto, gracias.", .continue),
        ] {
            let response = Self.vipEvaluation(text, unresolvedContacts: 2)
            #expect(response.recommendation == expected, "\(text): \(response.triggers.map(\.name))")
        }
    }

    /// `text` from a VIP customer with `unresolvedContacts` unresolved contacts in the last 30 days, evaluated.
    static func vipEvaluation(_ text: String, unresolvedContacts: UInt32) -> SignalsV1.EvaluateResponse {
        var request = Self.request(["customer: \(text)"])
        request.conversation!.customer = .with {
            $0.tier = .vipGold
            $0.recentActivity = .with { $0.unresolvedContactsLast30Days = unresolvedContacts }
        }
        return Self.rules.evaluate(request, thresholds: Defaults.thresholds)
    }

    @Test("a VIP one contact short of the limit, back about the same matter, escalates; one saying the open query is separate does not")
    func repeatContactOrSeparate() {
        for (text, expected) in [
            ("I'm following up on my invoice query, it's still not sorted.", SignalsV1.Recommendation.escalateNow),
            ("I know I still have a query open about an invoice but that's separate. Can I add two lines?", .continue),
            // A plan asked about is no matter going on.
            ("lovely. and is my tennis lesson still on for Sunday?", .continue),
            ("brilliant. is the pool still closed for repairs?", .continue),
            ("Is my travel insurance still active if I add a ski week? Does the cancellation cover still apply?", .continue),
            ("and is the lounge access still included on my fare or has that gone", .continue),
            // A calm follow-up is one earlier contact, which alone is fine.
            ("Wonderful. And the transfer I asked about last time, is that confirmed?", .continue),
            ("Ich hatte letzte Woche bereits angefragt und möchte den Tarif jetzt abschließen.", .continue),
            // Following up on what was granted is progress, not a failed contact.
            ("Just following up: your team approved the refund last week. When will it reach my card?", .continue),
            // Where an earlier request stands, asked calmly.
            ("Thanks, got the statement. Separately, is my loan query from Monday still with the team?", .continue),
            // The place that still has what was planned, asked about.
            ("Could you check the hotel still has the rooftop pool open in March, and add late checkout to booking 7781?", .continue),
            // A place is no state: the trouble goes on.
            ("I changed it last week, why does my bill still have the old address on it?", .escalateNow),
        ] {
            let response = Self.vipEvaluation(text, unresolvedContacts: 1)
            #expect(response.recommendation == expected, "\(text): \(response.triggers.map(\.name))")
            #expect(response.triggers.map(\.name).contains("context.repeat_contact") == (expected == .escalateNow))
        }
    }

    @Test("a burst of quick unanswered messages with a ping, one of them telling the problem at length, is impatience; calm ones are not")
    func burstWithOneLongMessage() {
        let texts = ["hello", "the cash machine outside the co op on high st has kept my card and I need it tonight", "??"]
        let request = Self.request(texts.map { "customer: \($0)" }, at: [0, 15, 30])
        let response = Self.rules.evaluate(request, thresholds: Defaults.thresholds)
        #expect(response.triggers.map(\.name).contains("behaviour.angry_burst"), "\(response.triggers.map(\.name))")
        #expect(response.recommendation == .escalateNow)
        // Calm messages in a row are no burst when spaced as answers to replies the bot did not send; fragments
        // typed seconds apart are, after a greeting opening them.
        let calm = ["hola", "el paquete", "pone entregado", "no ha llegado nada"]
        let spaced = Self.request(calm.map { "customer: \($0)" }, at: [0, 45, 90, 135])
        #expect(!Self.rules.evaluate(spaced, thresholds: Defaults.thresholds).triggers.map(\.name).contains("behaviour.angry_burst"))
        let rapid = Self.request(calm.map { "customer: \($0)" }, at: [0, 8, 14, 19])
        let fired = Self.rules.evaluate(rapid, thresholds: Defaults.thresholds).triggers.map(\.name)
        #expect(fired.contains("behaviour.angry_burst"), "\(fired)")
        // Fragments answering the bot's question are an answer.
        let answering = Self.request(["customer: quiero cambiar la dirección de entrega", "bot: ¿Cuál es la nueva dirección?",
                                      "customer: calle Alfonso 12", "customer: 3º B", "customer: Zaragoza"], at: [0, 4, 20, 25, 31])
        #expect(!Self.rules.evaluate(answering, thresholds: Defaults.thresholds).triggers.map(\.name).contains("behaviour.angry_burst"))
        // The tenant's setting: a fragment gap of 0 turns calm bursts off; a wider one takes slower typing.
        var off = Defaults.thresholds
        off.behaviour!.fragmentGap = .with { $0.seconds = 0 }
        #expect(!Self.rules.evaluate(rapid, thresholds: off).triggers.map(\.name).contains("behaviour.angry_burst"))
        var slower = Defaults.thresholds
        slower.behaviour!.fragmentGap = .with { $0.seconds = 60 }
        #expect(Self.rules.evaluate(spaced, thresholds: slower).triggers.map(\.name).contains("behaviour.angry_burst"))
        let greetingAndTwo = Self.request(calm.prefix(3).map { "customer: \($0)" }, at: [0, 8, 14])
        #expect(!Self.rules.evaluate(greetingAndTwo, thresholds: Defaults.thresholds).triggers.map(\.name).contains("behaviour.angry_burst"))
        // Two long messages are no burst of short ones.
        let twoLong = Self.request((texts.dropLast() + [texts[1]]).map { "customer: \($0)" }, at: [0, 15, 30])
        #expect(!Self.rules.evaluate(twoLong, thresholds: Defaults.thresholds).triggers.map(\.name).contains("behaviour.angry_burst"))
    }

    @Test("bare pings after an answer that missed ('hello', 'anyone') make quick unanswered messages a burst; a greeting opening one does not")
    func pingsMakeABurst() {
        let pinged = Self.request(["customer: no signal since this morning, the phone says SOS only",
                                   "bot: To move your number to us, ask your old provider for a PAC code.",
                                   "customer: no", "customer: thats not it", "customer: hello", "customer: anyone"],
                                  at: [0, 3, 11, 16, 22, 26])
        #expect(Self.rules.evaluate(pinged, thresholds: Defaults.thresholds).triggers.map(\.name).contains("behaviour.angry_burst"))
        let greeted = Self.request(["customer: hello", "customer: my order is late", "customer: order 5521"], at: [0, 5, 10])
        #expect(!Self.rules.evaluate(greeted, thresholds: Defaults.thresholds).triggers.map(\.name).contains("behaviour.angry_burst"))
    }

    @Test("back after a long silence in a chat, the problem told and then a ping nobody answered, makes a burst one message short; quick, or by e-mail, it does not")
    func burstAfterSilence() {
        let lines = ["customer: my tablet order 7731 was due today", "bot: It is out for delivery until 6pm.",
                     "customer: the app now says delivered but there is nothing at the door", "customer: hello?"]
        let returned = Self.request(lines, at: [0, 3, 2_700, 2_720])
        #expect(Self.rules.evaluate(returned, thresholds: Defaults.thresholds).triggers.map(\.name).contains("behaviour.angry_burst"))
        let quick = Self.request(lines, at: [0, 3, 60, 80])
        #expect(!Self.rules.evaluate(quick, thresholds: Defaults.thresholds).triggers.map(\.name).contains("behaviour.angry_burst"))
        var mailed = returned
        mailed.conversation!.channel = .email
        #expect(!Self.rules.evaluate(mailed, thresholds: Defaults.thresholds).triggers.map(\.name).contains("behaviour.angry_burst"))
    }

    @Test("after 40 minutes of silence in a chat, a customer counting the wait comes back impatient; a calm or glad return, or a messaging app, does not escalate")
    func waitCountedAfterSilence() {
        for (text, channel, expected) in [
            ("40 minutos esperando y ni una palabra", CommonV1.Channel.chat, SignalsV1.Recommendation.escalateNow),
            ("Seriously? forty minutes of 'a moment'.", .chat, .escalateNow),
            ("Hallo?? Seit 40 Minuten 'einen Moment'. Ganz toll, wirklich.", .chat, .escalateNow),
            ("perdona, ya estoy. La dirección es Calle Mayor 3", .chat, .continue),
            ("IT CAME!! JUST IN TIME, THANK YOU SO MUCH", .chat, .continue),
            ("Still here. That's the best part of an hour and nothing back.", .chat, .escalateNow),
            ("Bon. Ça fait trois quarts d'heure que j'attends la vérification.", .chat, .escalateNow),
            ("half an hour for 'a moment', really", .chat, .escalateNow),
            ("Seit einer halben Stunde warte ich auf die Prüfung.", .chat, .escalateNow),
            // Scorn with "echt" is no gladness.
            ("So. Seit einer Stunde steh ich hier, keiner kommt. Super Service, echt.", .chat, .escalateNow),
            ("40 minutos esperando y ni una palabra", .messagingApp, .continue),
        ] {
            var request = Self.request(["customer: ¿Dónde está mi pedido?", "bot: Un momento, lo compruebo.", "customer: \(text)"],
                                       at: [0, 3, 2_403])
            request.conversation!.channel = channel
            let response = Self.rules.evaluate(request, thresholds: Defaults.thresholds)
            let fired = response.triggers.map(\.name)
            #expect(fired.contains("behaviour.angry_after_silence") == (expected == .escalateNow), "\(text): \(fired)")
            #expect(response.recommendation == expected, "\(text): \(fired)")
        }
    }

    @Test("a sensitive setting changed in the customer's session is a takeover unless the customer tells of changing it")
    func sensitiveChangeToldAsOwn() {
        for (text, expected) in [
            ("Ich habe heute Morgen in meinem Kundenkonto die E-Mail-Adresse geändert. Geht die Rechnung jetzt dorthin?",
             SignalsV1.Recommendation.continue),
            ("I've just changed my email, will the receipts go to the new one?", .continue),
            ("je viens de changer mon adresse mail dans l'appli, c'est bien pris en compte ?", .continue),
            ("Mein Passwortmanager nimmt noch die alte E-Mail-Adresse, ich hatte sie gestern selbst geändert.", .continue),
            ("Why did I get a message that my email was changed?", .escalateNow),
            ("ya he puesto la cuenta nueva en la app y he pagado", .continue),
            ("Ich möchte meine neue E-Mail-Adresse für Rechnungen angeben.", .continue),
            ("Sí, cambié el correo ayer, ¿llegan ahí las facturas?", .continue),
            ("I think someone changed my email last night, I didn't touch it", .escalateNow),
            ("I got a text that my email had been updated. I haven't updated anything.", .escalateNow),
            // The detail far before the participle, past an address typed out.
            ("Wir haben gestern Abend die Handynummer für das Kundenkonto über die App auf 0171 5550123 geändert, passt das?",
             .continue),
            ("Ich habe eine Nachricht bekommen, dass meine Telefonnummer geändert wurde.", .escalateNow),
            // Told in telegraph style: the new detail and its change, no subject.
            ("ok, new PIN set and saved, the app opens again", .continue),
            // A second factor the customer switched on; a change said to be their own, with emphasis, in Spanish.
            ("I've just turned on 2FA with an authenticator app, should it have signed me out everywhere?", .continue),
            ("listo, lo he actualizado yo mismo", .continue),
            // The detail named before and pointed back to; not a change the customer only noticed.
            ("Oh, da war ein Zahlendreher drin. Hab's korrigiert.", .continue),
            ("ah oui, erreur de frappe, je l'ai corrigé", .continue),
            ("ok I've fixed it now, all good", .continue),
            ("I noticed it changed overnight, weird", .escalateNow),
            // Said to be done, as the bot guided; a detail entered and pointed back to.
            ("Erledigt, der Code kam an und alles läuft 👍", .continue),
            ("c'est fait, merci pour les étapes", .continue),
            ("Hab's eingetragen, sollte jetzt stimmen.", .continue),
            // Spoken German denial; a change just made, in Spanish.
            ("Wieso wurde meine E-Mail-Adresse geändert? Ich hab da nix gemacht und nix geändert.", .escalateNow),
            ("acabo de cambiar el correo de la cuenta, ¿me llegan ahí las facturas?", .continue),
            // Moved to a new device by the customer.
            ("Ich hab gestern die TAN-App auf mein neues Handy umgezogen, passt das so?", .continue),
            // Just made, in French, with emphasis between ("je viens moi-même de changer").
            ("Je viens moi-même de modifier mon adresse e-mail, c'est bien enregistré ?", .continue),
            // The bot's steps worked: the change is the customer's own.
            ("Hat funktioniert, vielen Dank!", .continue),
            ("ça a marché, merci beaucoup", .continue),
            // Said to be done after an acknowledgement.
            ("prima, hat funktioniert", .continue),
            ("ok, c'est fait", .continue),
            // Done, and the change questioned after.
            ("Ok, did that. But who changed my phone number??", .escalateNow),
            // Asked for in the chat before it was made; not when someone else wants it or the customer does not.
            ("I need the phone number on the account changed to my work mobile, can we change it here?", .continue),
            ("Möchte meine neue Bankverbindung für die Lastschrift hinterlegen, bitte.", .continue),
            ("someone wants to change my email, is that you?", .escalateNow),
            ("I don't want to change my email, why did it change?", .escalateNow),
            ("I don't really want to change my email, why was it changed?", .escalateNow),
        ] {
            var request = Self.request(["customer: \(text)"])
            request.events = [.with {
                $0.kind = .settingsChanged
                $0.detail = .settingChange(.with { $0.setting = "email"; $0.changedByCustomer = false })
            }]
            let response = Self.rules.evaluate(request, thresholds: Defaults.thresholds)
            let fired = response.triggers.map(\.name)
            #expect(fired.contains("technical.sensitive_setting_changed") == (expected == .escalateNow), "\(text): \(fired)")
        }
    }

    @Test("signals the policy counts as fine alone (an unsure reply, a routine error, two failed payments) add up to WATCH, however high the risk")
    func weakSignalsWatch() {
        var request = Self.request(["customer: trying to check in online and the page says error E-204"])
        request.botConfidence = 0.46
        request.events = [.with { $0.kind = .errorCode; $0.detail = .errorReport(.with { $0.code = "E-204" }) },
                          .with { $0.kind = .paymentFailed }, .with { $0.kind = .paymentFailed }]
        let response = Self.rules.evaluate(request, thresholds: Defaults.thresholds)
        let fired = Set(response.triggers.map(\.name))
        #expect(fired.isSuperset(of: ["confidence.bot_low", "technical.error_code", "technical.repeated_payment_failure"]),
                "\(fired)")
        #expect(response.riskScore >= Defaults.thresholds.escalateThreshold, "risk \(response.riskScore)")
        #expect(response.recommendation == .watch, "risk \(response.riskScore), \(fired)")
    }

    @Test("an error marked for manual review and a security setting changed by someone else escalate")
    func eventsThatNeedAPerson() {
        let review: CommonV1.TechnicalEvent = .with {
            $0.kind = .errorCode
            $0.detail = .errorReport(.with { $0.code = "W-117" })
        }
        let takeover: CommonV1.TechnicalEvent = .with {
            $0.kind = .settingsChanged
            $0.detail = .settingChange(.with { $0.setting = "two_factor"; $0.changedByCustomer = false })
        }
        let ownChange: CommonV1.TechnicalEvent = .with {
            $0.kind = .settingsChanged
            $0.detail = .settingChange(.with { $0.setting = "two_factor"; $0.changedByCustomer = true })
        }
        for (event, expected) in [(review, SignalsV1.Recommendation.escalateNow), (takeover, .escalateNow), (ownChange, .continue)] {
            var request = Self.request(["customer: something is wrong with my account"])
            request.events = [event]
            var thresholds = Defaults.thresholds
            thresholds.technical!.manualReviewErrorCodes = ["W-117"]
            let response = Self.rules.evaluate(request, thresholds: thresholds)
            #expect(response.recommendation == expected, "\(event): \(response.triggers.map(\.name))")
        }
    }
}
