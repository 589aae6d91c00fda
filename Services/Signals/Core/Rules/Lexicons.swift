/// The phrase lists the rules use. Customers write in many languages; the
/// lists cover English, Spanish, French and German. Phrases are matched on
/// word boundaries after ``PhraseMatcher/normalize(_:)``, so a bare word that
/// is also harmless elsewhere ("court", "fire", "Gericht") is avoided in
/// favour of the phrases that carry the meaning ("take you to court",
/// "caught fire", "vor Gericht").
public enum Lexicons {
    /// Asking for a person, in any common phrasing.
    public static let humanRequest = [
        // English
        "talk to a person", "talk to a human", "speak to a person", "speak to a human", "speak with a person",
        "speak with someone", "speak to someone", "talk to someone", "talk with someone", "chat with a person",
        "real person", "real human", "actual person", "actual human", "human being", "a human i can",
        "is there a human", "is there a person", "is there anyone i can", "human agent", "live agent", "real agent",
        "live person", "agent please", "a representative", "representative please", "customer service rep",
        "operator please", "get me a human", "get me a person", "get me someone", "get me an agent",
        "get me your supervisor", "speak to your supervisor", "talk to your supervisor", "speak to a manager",
        "talk to a manager", "speak to the manager", "get me a manager", "your manager", "a supervisor",
        "transfer me to", "put me through to", "connect me to an agent", "connect me with someone",
        "i want a human", "i want to talk to someone", "stop the bot", "escalate this", "member of staff",
        "carbon based lifeform", "carbon based life form", "carbon-based lifeform", "carbon-based life form",
        "someone from your team", "someone who can actually help", "call me back", "someone call me",
        "ring me back", "be called back", "called back by", "like a callback", "want a callback", "need a callback",
        "request a callback", "callback from", "your supervisor", "the supervisor", "supervisor please", "a manager", "your boss",
        "someone in charge", "someone senior", "one of your staff", "with your staff", "member of your team",
        "someone on your team", "a colleague", "someone who actually knows", "someone who actually understands",
        "someone who can actually", "anyone who can actually", "anyone there who can", "someone who knows what",
        "a person who can", "someone competent", "anyone real", "anybody real", "someone real", "a real one",
        "human please", "a human please", "get a human", "need a human", "want a human", "want a person",
        "need a person", "need someone who", "please escalate", "escalate my", "escalate it",
        "don't want to talk to a robot", "don't want to talk to a bot", "don't want a robot", "don't want a bot",
        "tired of the bot", "tired of talking to a bot",
        "enough of the bot", "talk to a real", "speak to a real",
        // Spanish
        "hablar con una persona", "hablar con un humano", "hablar con un agente", "hablar con alguien",
        "una persona real", "persona de verdad", "un agente por favor", "quiero un agente", "pasame con",
        "pasar con un agente", "pasarme con", "agente humano", "me atienda una persona", "me atienda alguien",
        "hablar con el supervisor", "hablar con un supervisor", "hablar con el gerente", "con un asesor",
        "con un responsable", "con el responsable", "llamenme", "que me llamen", "me pueden llamar",
        "alguien real", "una persona de verdad", "un humano", "con una persona", "con alguien que", "un supervisor",
        "con un encargado", "con el encargado", "con un superior", "no quiero hablar con un robot",
        "no quiero un robot", "no quiero hablar con una maquina", "atencion humana", "pasadme con",
        "paseme con", "ponme con", "pongame con",
        // French
        "parler a un humain", "parler a une personne", "parler a quelqu'un", "parler a un conseiller",
        "parler a un agent", "un vrai humain", "une vraie personne", "un conseiller svp", "votre responsable",
        "parler au responsable", "parler a un superviseur", "passez moi quelqu'un", "passez moi un conseiller",
        "passez moi un responsable", "en relation avec un conseiller", "en relation avec un interlocuteur",
        "interlocuteur humain", "etre humain", "avoir quelqu'un au telephone", "votre superieur", "un superieur",
        "rappelez moi", "me rappeler", "un humain", "quelqu'un de reel",
        "parler a quelqu'un", "parler avec quelqu'un", "parler a une vraie", "parler a un vrai", "un responsable",
        "ne veux pas parler a un robot", "pas un robot", "pas a un robot", "un interlocuteur", "passez moi",
        "mettez moi en relation", "un superviseur",
        // German
        "mit einem menschen sprechen", "mit einem mitarbeiter sprechen", "mit jemandem sprechen",
        "echten menschen", "einen menschen", "kundenberater", "kundenbetreuer", "mit ihrem vorgesetzten",
        // A number to reach someone ("Gibt es eine Nummer, unter der ich jemanden von der Station erreiche?").
        "jemanden erreiche", "jemanden erreichen", "jemanden von der", "a number i can call", "a number to reach",
        "number to call someone", "un numero para hablar con", "un numero pour joindre",
        "mit dem vorgesetzten", "einen mitarbeiter bitte", "mit einer person sprechen", "verbinden sie mich",
        "menschlichen mitarbeiter", "mit einem mitarbeiter", "rufen sie mich", "ruckruf", "ihren vorgesetzten",
        "echte menschen", "echter mensch", "echten mitarbeiter", "einen mitarbeiter", "einem menschen",
        // A contact person asked for, not one entered on a contract ("einen zweiten Ansprechpartner eintragen").
        "personlichen ansprechpartner", "echten ansprechpartner", "einen ansprechpartner bitte",
        "mit einem ansprechpartner", "ihren chef", "keinen roboter", "nicht mit einem roboter", "nicht mit einer maschine",
        "mit jemandem", "verbinden sie mich", "einen echten",
    ]

    /// Words that, said on their own ("agent", "representative please"),
    /// ask for a person: how callers talk to voice menus.
    public static let bareHumanRequest = [
        "agent", "representative", "operator", "human", "person", "someone", "agente", "operador", "humano",
        "conseiller", "mitarbeiter", "mensch", "supervisor", "manager", "humain", "representante", "asesor",
        "superviseur", "operateur",
    ]

    /// Words that may stand next to a bare request without changing it.
    public static let bareRequestFiller = [
        "a", "an", "the", "i", "want", "need", "please", "now", "live", "real", "being", "talk", "speak", "to",
        "por", "favor", "un", "una", "svp", "bitte", "einen",
    ]

    /// Lawyers named as such: a legal cue unless the message is an errand for them.
    public static let legalRoles: Set<String> = [
        "my lawyer", "my lawyers", "our lawyer", "our lawyers", "my attorney", "my solicitor", "mi abogado",
        "un abogado", "mis abogados", "mon avocat", "mein anwalt", "meinen anwalt", "einen anwalt", "rechtsanwalt",
        "meinem anwalt", "meiner anwaltin",
    ]

    /// Errands for a lawyer ("send the signed documents to my solicitor").
    public static let legalErrand = [
        "documents to my", "documents to our", "documents for my", "signed documents", "papers to my",
        "paperwork to my", "documentos a mi", "documentos para mi", "documents a mon", "documents pour mon",
        "unterlagen an meinen", "unterlagen fur meinen", "dokumente an meinen",
        // Advice the customer follows ("mein Anwalt hat mir geraten, alle Kontoauszüge … zu sammeln").
        "advised me to", "told me to get", "hat mir geraten", "riet mir", "me aconsejo", "m'a conseille de",
        // A copy the lawyer needs ("mein Anwalt braucht eine Kopie meines Stromvertrags für den Hauskauf"), said
        // of the lawyer: "I need a copy of the recordings, my solicitor is handling my complaint" stays a dispute.
        "lawyer needs a copy", "solicitor needs a copy", "attorney needs a copy", "anwalt braucht eine kopie",
        "anwaltin braucht eine kopie", "notar braucht eine kopie", "abogado necesita una copia",
        "abogada necesita una copia", "avocat a besoin d'une copie", "notaire a besoin d'une copie",
    ]

    /// The customer's own work in the law ("Je suis avocate et je plaide au tribunal jeudi"): courts and
    /// lawyers then are their job, unless they threaten the company (``legalThreats``).
    public static let legalOccupation = [
        "i'm a lawyer", "i am a lawyer", "i'm a solicitor", "i am a solicitor", "i'm an attorney", "as a lawyer",
        "soy abogado", "soy abogada", "je suis avocat", "je suis avocate", "ich bin anwalt", "ich bin anwaltin",
        "ich bin rechtsanwalt", "ich bin rechtsanwaltin",
        // Working at a court or a law firm ("je suis greffière au tribunal, je finis rarement avant dix-neuf heures").
        "i work at the court", "i work at the courthouse", "i work in a court", "i'm a court clerk", "i'm a paralegal",
        "i am a paralegal", "i work at a law firm", "i work for a law firm", "je suis greffier", "je suis greffiere",
        "je travaille au tribunal", "je travaille dans un cabinet d'avocats", "soy secretario judicial",
        "soy secretaria judicial", "trabajo en el juzgado", "trabajo en los juzgados", "trabajo en un bufete",
        "ich arbeite am gericht", "ich arbeite beim gericht", "ich arbeite bei gericht", "ich arbeite in einer kanzlei",
        "ich bin justizangestellte", "ich bin justizangestellter",
    ]

    /// Legal phrases that threaten the company whoever says them.
    public static let legalThreats: Set<String> = [
        "sue you", "suing", "take you to court", "taking you to court", "see you in court", "legal action",
        "legal proceedings", "letter before action", "demandar", "demandare", "poursuites", "action en justice",
        "verklagen", "klage einreichen", "rechtliche schritte",
        // Courts the company is taken to, whoever works at one ("Je travaille au tribunal ; on se verra devant le
        // tribunal").
        "small claims", "go to court", "devant le tribunal", "saisir le tribunal", "vor gericht", "a los tribunales",
        "ante el tribunal", "al juzgado",
    ]

    /// Legal action and lawyers.
    public static let legal = [
        "my lawyer", "my lawyers", "our lawyer", "our lawyers", "get a lawyer", "contact a lawyer",
        "consult a lawyer", "hire a lawyer", "my attorney", "my solicitor", "instructed a solicitor",
        "our solicitor", "our solicitors", "letter before action", "letter before claim",
        "legal action", "legal proceedings", "sue you", "suing", "lawsuit", "class action", "take you to court",
        "taking you to court", "see you in court", "go to court", "court action", "small claims",
        "mi abogado", "un abogado", "mis abogados", "demandar", "demandare", "acciones legales", "via judicial",
        // A court to take the company to, not a thesis committee ("la composición del tribunal para la defensa").
        "mon avocat", "poursuites", "porter plainte", "au tribunal", "devant le tribunal", "saisir le tribunal",
        "tribunal judiciaire", "tribunal de commerce", "ante el tribunal", "a los tribunales", "los tribunales",
        "al juzgado", "action en justice",
        "mein anwalt", "meinen anwalt", "einen anwalt", "rechtsanwalt", "vor gericht", "klage einreichen",
        "meinem anwalt", "meiner anwaltin",
        // The matter left with the customer's own lawyer ("he dejado el asunto en manos de mi abogada").
        "mi abogada", "mon avocate", "meine anwaltin",
        "verklagen", "rechtliche schritte", "legal advice", "asesoramiento legal", "asesoramiento juridico",
        "conseil juridique", "rechtsberatung", "rechtlichen rat",
    ]

    /// Regulators, ombudsmen and consumer bodies.
    public static let regulator = [
        "regulator", "ombudsman", "consumer protection", "trading standards", "better business bureau", "bbb",
        "ftc", "cfpb", "fca", "attorney general", "report you to", "defensor del cliente", "oficina del consumidor",
        "oficina de consumo", "oficina municipal de consumo", "omic", "hoja de reclamaciones",
        // Argentina's consumer office and central bank ("hago la denuncia en Defensa del Consumidor y presento el
        // reclamo ante el BCRA").
        "defensa del consumidor", "bcra",
        "mediateur", "dgccrf", "verbraucherzentrale", "schlichtungsstelle", "bafin",
        // Sector regulators customers name: telecom, energy, water, aviation, data protection.
        "ofcom", "ofgem", "ofwat", "civil aviation authority", "caa", "fcc", "public utilities commission",
        "information commissioner", "cnil", "arcep", "facua", "bundesnetzagentur", "luftfahrt bundesamt",
        // Insurance, banking and consumer bodies in Spain, France and Germany, and their complaint books.
        "direccion general de seguros", "dgsfp", "banco de espana", "cnmv", "junta arbitral", "arbitraje de consumo",
        "hoja de reclamaciones", "hojas de reclamaciones", "libro de reclamaciones", "acpr", "signalconso",
        "ufc que choisir", "profeco", "condusef", "verbraucherschutz", "ombudsmann", "versicherungsombudsmann", "financial ombudsman",
    ]

    /// Data-protection requests.
    public static let dataProtection = [
        "gdpr", "rgpd", "dsgvo", "data protection", "delete my data", "delete my account and data",
        "delete all my data", "erase my data", "erase all", "right to be forgotten", "subject access request",
        "my personal data", "personal data you hold", "data you hold about me", "information you have on me",
        "stored about me", "you have on me", "you hold on me", "who you have shared it with", "who you've shared it with",
        "guardado sobre mi", "guardados sobre mi", "teneis sobre mi", "vous avez sur moi",
        "stockees sur moi", "uber mich gespeichert", "mit wem sie sie geteilt",
        "data you have on me", "ccpa", "privacy complaint",
        // Everything held on the customer, erased, in the other languages.
        "everything you have on me", "everything you hold on me", "effaciez", "effacer mes donnees",
        "effacer toutes mes donnees", "tout ce que vous avez sur moi", "supprimer mes donnees", "borren mis datos",
        "borrar mis datos", "todo lo que teneis sobre mi", "todo lo que tienen sobre mi", "meine daten loschen",
        "loschen sie meine daten", "alles was sie uber mich", "effacement de mes donnees", "tout supprimer",
        "que vous conserviez", "delete everything you", "borrar todo lo", "loschen sie alles",
        "donnees que vous detenez", "informations vous conservez", "conservez a mon sujet", "tout soit efface",
        "datos mios", "que datos teneis", "que datos tienen de mi", "what data you have", "what data do you have",
        "what data you hold", "quelles donnees vous", "welche daten sie uber mich", "mis datos personales", "los datos personales", "mes donnees personnelles", "meine personlichen daten",
        "meine personenbezogenen daten", "borren mis datos", "supresion de mis datos", "supresion de datos",
        // Erasure asked in the second person plural ("quiero que borréis todos mis datos", "que eliminéis mis datos").
        "borreis todos mis datos", "borreis mis datos", "borren todos mis datos", "elimineis mis datos",
        "elimineis todos mis datos", "eliminen mis datos", "eliminen todos mis datos", "eliminar mis datos",
        "supprimiez mes donnees", "supprimiez toutes mes donnees", "loscht meine daten", "loschen sie alle meine daten",
        "delete all of my data", "wipe my data", "remove all my data", "remove my data",
    ]

    /// Safety hazards.
    public static let safety = [
        "smell gas", "smell of gas", "smells of gas", "smelling gas", "gas smell", "leaking gas", "burning smell",
        "smell of burning", "sparks", "melted", "melting", "electrocuted", "glass in", "piece of glass", "swallowed",
        "choked", "fumes", "smoke coming", "smoke from", "full of smoke", "smell smoke", "smelled smoke",
        "smell of smoke", "sent fort le gaz", "sentait le gaz", "pue le gaz", "huele mucho a gas", "huele fuerte a gas",
        "riecht stark nach gas", "riecht es nach gas", "smells strongly of gas", "strong smell of gas", "huele a gas", "olor a gas", "fuga de gas", "sale humo", "olor a humo", "chispas", "incendio",
        "se quemo", "quemadura", "descarga electrica", "cristal en", "vidrio en", "intoxicacion", "odeur de gaz",
        "sent le gaz", "fuite de gaz",
        // Smelling gas with an adverb between ("ça sent drôlement le gaz"), or in the first person.
        "sent vraiment le gaz", "sent drolement le gaz", "sent beaucoup le gaz", "sent encore le gaz",
        "sent un peu le gaz", "sent tres fort le gaz", "sentait vraiment le gaz", "sentait drolement le gaz",
        "sens le gaz", "sens une odeur de gaz", "senti le gaz", "sentais le gaz", "de la fumee", "odeur de fumee", "etincelles", "incendie", "a pris feu", "brulure",
        "decharge electrique", "verre dans", "intoxication", "gasgeruch", "riecht nach gas", "gasleck", "qualmt",
        "raucht", "rauch aus", "funken", "feuer gefangen", "verbrannt", "stromschlag", "glas im", "glassplitter", "vergiftung",
        "caught fire", "on fire", "fire hazard", "started a fire", "started smoking", "was smoking",
        "smoke coming", "smoking and", "overheated", "sparking", "sparked", "burned my", "burnt my",
        "burns on", "injured", "injury", "electric shock", "exploded", "explosion", "choking",
        "poisoning", "allergic reaction", "anaphylactic", "epipen", "gas leak", "carbon monoxide", "dangerous",
        "unsafe",
        "catch fire", "catching fire", "set alight", "scorched", "scorch marks", "singed", "charred", "rotten eggs",
        "faulen eiern", "faule eier", "huevos podridos", "huevo podrido", "oeufs pourris", "oeuf pourri",
        "odeur de brule", "sent le brule", "huele a quemado", "a avale", "ont avale", "se ha tragado", "se trago",
        "hat verschluckt", "verschluckt", "trips the electrics", "tripped the electrics",
        "tripping the electrics", "salta el diferencial", "fait sauter le disjoncteur", "fliegt die sicherung",
    ]

    /// Security incidents.
    public static let security = [
        "hacked", "unauthorized", "unauthorised", "fraud", "fraudulent", "stolen card", "identity theft",
        "someone logged in", "someone changed my", "someone has access", "someone used my", "used my card", "phishing", "compromised",
        "i didn't place", "i did not place", "i didn't make", "i didn't authorise", "i didn't authorize",
        "password was changed", "charges i don't recognise", "charges i don't recognize", "not my account",
        "robado la cuenta", "han robado", "alguien ha cambiado", "hackeado", "hackeada", "fraude", "ete pirate", "piratage",
        "quelqu'un a change", "gehackt", "betrug", "jemand hat mein", "nicht autorisiert",
        "i did not make", "i never made", "i never authorised", "i never authorized", "wasn't me", "was not me",
        // A merchant disowned ("I've never bought anything from them").
        "never bought anything from", "never ordered anything from", "never bought from them", "never shopped with them",
        "nunca he comprado nada", "nunca les he comprado", "nunca compre nada", "jamais rien achete", "rien achete chez",
        "nie etwas bei", "nie was bei",
        "someone opened", "someone took", "someone accessed", "account takeover", "taken over my account",
        "don't recognise", "don't recognize", "do not recognise", "do not recognize", "scammed", "scammer",
        "yo no hice", "no he hecho", "no reconozco", "no autorice", "alguien abrio", "alguien ha abierto",
        "alguien ha usado", "suplantacion", "je n'ai pas fait", "je n'ai jamais fait", "je ne reconnais pas",
        "pas autorise", "usurpation", "quelqu'un a ouvert", "quelqu'un a utilise", "fraude", "frauduleux",
        "frauduleuse", "a mon insu", "nicht von mir", "habe ich nicht gemacht", "nicht getatigt",
        "nicht veranlasst", "kenne ich nicht", "unbekannte abbuchung", "jemand hat sich", "jemand hat ein",
        "missbrauch", "betruger", "identitatsdiebstahl", "ohne mein wissen",
        // Disowning what was done, and impersonation.
        // Bookings and purchases disowned, and a card still in hand ("yo no he reservado nada … la tarjeta la tengo aquí").
        "no he alquilado", "i haven't rented", "i didn't rent", "je n'ai rien loue", "habe nichts gemietet",
        "ich nicht gemacht", "ich nicht bestellt", "nicht von mir bestellt", "que je n'ai pas passe",
        "que je n'ai pas faites", "que je n'ai pas faits", "que no he hecho", "que yo no hice", "que no hice",
        "no he reservado", "no he comprado nada", "no he pedido nada", "je n'ai rien reserve", "je n'ai rien commande",
        "habe nichts gebucht", "habe nichts bestellt", "i haven't booked", "i didn't book", "la tarjeta la tengo aqui",
        "tengo la tarjeta aqui", "la tarjeta la tengo en la mano", "tengo la tarjeta en la mano", "card is in my hand",
        "card's in my hand", "ma carte en main", "karte in der hand", "card's right here", "card is right here", "card's here with me", "ma carte est ici",
        "die karte habe ich hier",
        "that wasn't me", "they're not me", "that's not me", "it's not me", "yo no he sido", "no he sido yo", "pretending to be", "claiming to be from", "saying they were from",
        "said they were from", "posing as", "sim swap",
        // Payees and shops the customer does not know at all.
        "que no conozco", "je ne connais pas", "die ich nicht kenne",
        // A card still in the customer's hands, yet paid with.
        "card is in my wallet", "card is still in my wallet", "card was in my wallet", "card never left my",
        "card is in my purse", "card is still in my purse", "card has been with me", "card was with me the whole",
        "card has been in my wallet", "card's in my wallet", "card's been in my wallet", "card has been in my purse",
        "card's in my purse", "card is right here", "card's right here", "card has never left",
        "card has not left my", "card hasn't left my", "card had not left my", "card hadn't left my",
        "tarjeta no ha salido de mi", "carte n'a pas quitte mon", "karte war nie weg",
        "la tarjeta la tengo yo", "tengo la tarjeta conmigo", "la tarjeta esta en mi cartera",
        "ma carte est dans mon portefeuille", "ma carte ne m'a jamais quitte", "j'ai ma carte sur moi",
        "karte ist in meinem portemonnaie", "karte habe ich bei mir", "die karte ist bei mir",
        "literally in my wallet", "literally in my purse", "literally in my hand",
        // Every charge disowned at once ("3 card payments … none of them are me").
        "none of them are me", "none of them were me", "none of them was me", "none of these are me", "none of those are me",
        "none of them are mine", "none of these are mine", "none of them were mine", "ninguno soy yo", "ninguno es mio",
        "ninguna es mia", "ninguno lo he hecho yo", "aucun n'est de moi", "aucune n'est de moi", "aucun ne vient de moi",
        "aucune ne vient de moi", "keine davon ist von mir", "keiner davon ist von mir", "keine davon war ich",
    ]

    /// Capability limits told in words the lists cannot foresee, as sets of
    /// words that must all occur within ``CapabilityPairs/window`` words
    /// of a word of the first: a hazard and a sense of it ("es riecht im
    /// Keller nach Gas"), a relative and a death ("mi padre falleció la semana
    /// pasada"), the customer's bank and a reversal ("I'll ask my bank to
    /// reverse it"), someone else acting on the account ("quelqu'un s'est
    /// connecté à mon compte"), a vital medicine (insulin, an inhaler, oxygen)
    /// running out.
    public static let capabilityPairs: [(name: String, sets: [Set<String>])] = [
        ("capability.safety", [
         ["gas", "gaz", "smoke", "humo", "fumee", "rauch", "fumes", "carbon", "burning", "burnt", "quemado", "quemada",
          "brule", "brulee", "verbrannt", "verschmort", "plastic"],
         ["smell", "smells", "smelled", "smelling", "leak", "leaking", "leaks", "odeur", "huele", "olor",
          "oler", "fuga", "fuite", "riecht", "rieche", "geruch", "leck", "monoxide"]]),
        // An electrical fault told by what was seen and heard at the socket ("a loud crack and a blue flash from
        // behind it and now the socket's gone black"), not named: a flash or a bang, a socket, and a happening.
        ("capability.safety", [
         ["flash", "bang", "sparked", "sparking", "fizzing", "fizzed", "crackling", "blackened", "destello", "fogonazo",
          "chispazo", "etincelle", "eclair", "knall", "funken", "lichtblitz"],
         ["socket", "sockets", "outlet", "enchufe", "prise", "steckdose", "fusebox", "fuses"],
         // Something that happened, not a product's look ("a socket adapter with a flash of colour").
         ["was", "were", "went", "gone", "tripped", "heard", "came", "saw", "hubo", "salto", "saltaron", "eu",
          "gab", "kam", "war"]]),
        ("capability.bereavement", [
         relatives.union(["holder", "policyholder", "titular", "titulaire", "inhaber", "kontoinhaber"]),
         ["died", "passed", "death", "murio", "fallecio", "fallecido", "fallecida", "muerto", "muerta", "muerte",
          "decede", "decedee", "morte", "deces", "gestorben", "verstorben", "tod", "todes"]]),
        ("capability.chargeback", [
         ["bank", "banco", "banque", "card", "tarjeta", "carte", "kreditkarte", "karte", "amex", "visa", "mastercard",
          "issuer", "paypal"],
         ["reverse", "reversed", "reversal", "dispute", "disputing", "opposition", "contester", "conteste", "reclamar",
          "reclamare", "anular", "zuruckbuchen", "zuruckholen", "zuruckbuchung", "ruckbuchung", "widerspruch",
          "widersprechen", "stornieren", "anule", "anulen", "retroceda", "retrocedan", "pulled", "claw",
          "clawback", "devuelvan", "devuelva", "devolverlo", "rembourser", "rembourse", "zuruckgeben"]]),
        ("capability.security", [
         ["someone", "somebody", "stranger", "alguien", "quelqu'un", "jemand", "unbekannter", "fremder"],
         ["using", "used", "logged", "accessed", "entered", "changed", "hacked", "entrado", "cambiado", "usado",
          "accedido", "utilizado", "connecte", "change", "utilise", "modifie", "accede", "eingeloggt", "angemeldet",
          "geandert", "benutzt", "verwendet", "zugegriffen", "sacado", "retirado", "retire", "abgehoben",
          // Swapping a detail for their own ("somebody has swapped the email on my account").
          "swapped", "switched", "replaced", "altered", "reset", "sustituido", "reemplazado", "remplace",
          "ausgetauscht", "ersetzt",
          // Someone else on the customer's number ("someone else is answering my number").
          "answering", "answered", "contesta", "contestando", "repond", "antwortet"],
         ["account", "password", "email", "login", "card", "cuenta", "contrasena", "correo", "tarjeta", "compte",
          "passe", "carte", "konto", "passwort", "karte", "zugang", "number", "numero", "nummer",
          // Stored value spent by someone else ("somebody has been using my loyalty points").
          "points", "miles", "puntos", "millas", "punkte", "meilen"]]),
        ("capability.medical", [
         ["insulin", "insulina", "insuline", "inhaler", "epipen", "oxygen", "oxigeno", "oxygene", "sauerstoff",
          "inhalador", "inhalateur", "dialysis", "dialisis", "dialyse", "ventilator", "respirador", "respirateur",
          "beatmungsgerat"],
         ["none", "ran", "run", "without", "sin", "sans", "ohne", "keine", "kein", "plus", "tonight", "urgent",
          "urgente", "dringend", "quedan", "reste", "left",
          // A machine kept alive by the supply that was cut ("the power was cut and she's on oxygen").
          "cut", "disconnected", "outage", "cortado", "cortaron", "corte", "coupe", "coupee", "coupure",
          "abgestellt", "gesperrt", "abgeschaltet", "stromausfall",
          // Its battery running down ("hängt nachts an einem Beatmungsgerät. Der Akku hält vielleicht noch drei Stunden").
          "battery", "akku", "bateria", "batterie"]]),
        // Electrical goods and fittings damaged by heat ("the charger scorched the carpet", "la prise est noircie").
        ("capability.safety", [
         ["charger", "socket", "plug", "battery", "outlet", "cable", "wire", "wiring", "heater", "fuse", "adapter",
          "meter", "prise", "chargeur", "batterie", "cargador", "enchufe", "bateria", "steckdose", "stecker", "akku",
          "ladegerat", "kabel", "kettle", "toaster", "appliance", "electrics", "hervidor", "tostadora",
          "bouilloire", "grille", "wasserkocher", "toaster"],
         ["scorched", "scorch", "singed", "charred", "melted", "melting", "smoking", "sparking", "sparks", "buzzing",
          "buzzes", "alight", "flames", "overheating", "overheated", "noircie", "noirci", "fondu", "brule", "brulee",
          "chamuscado", "quemado", "derretido", "verschmort", "geschmolzen", "schmort", "crackling", "crackled",
          "crackles", "blackened", "chisporrotea", "chisporroteo", "gresille", "crepite", "knistert", "knistern"]]),
        // An allergic reaction under way.
        ("capability.medical", [
         ["allergic", "allergy", "anaphylactic", "alergia", "alergico", "alergica", "allergique", "allergie",
          "allergisch"],
         ["swelling", "swollen", "swell", "breathe", "breathing", "hives", "throat", "hinchado", "hinchada",
          "hinchando", "respirar", "gonfle", "gonflent", "respirer", "geschwollen", "schwillt", "atmen"]]),
        // Lips turning blue ("his lips look a bit blue"): not getting enough air. The change is told, not a colour
        // chosen ("the blue lip gloss").
        ("capability.medical", [
         ["lips", "lip", "labios", "labio", "levres", "levre", "lippen", "lippe"],
         ["blue", "bluish", "purple", "azules", "azulados", "azuladas", "morados", "moradas", "bleues", "bleus",
          "bleutees", "violettes", "violacees", "blau", "blaulich", "blauliche", "lila"],
         ["look", "looks", "looked", "looking", "turning", "turned", "gone", "went", "going", "ponen", "pone",
          "puesto", "poniendo", "volviendo", "deviennent", "devenues", "devenir", "virent", "werden", "geworden",
          "verfarben", "verfarbt", "laufen", "anlaufen"]]),
        // The smell gas is given, told by what it is like, near where gas is ("a rotten egg smell by the boiler",
        // "ça sent l'œuf pourri près de la chaudière"); not eggs gone off in a delivery (no appliance or room).
        ("capability.safety", [
         ["egg", "eggs", "huevo", "huevos", "oeuf", "oeufs", "l'oeuf", "d'oeuf", "d'oeufs", "ei", "eier", "eiern"],
         ["rotten", "podrido", "podridos", "pourri", "pourris", "faul", "faule", "faulen", "fauligen", "faulige"],
         ["smell", "smells", "smelled", "smelling", "whiff", "stink", "stinks", "olor", "huele", "oler", "odeur",
          "sent", "sentir", "riecht", "rieche", "geruch", "stinkt"],
         ["boiler", "meter", "cooker", "stove", "hob", "heater", "pipe", "pipes", "hallway", "basement", "cellar",
          "garage", "caldera", "calentador", "contador", "estufa", "tuberia", "pasillo", "sotano", "chaudiere",
          "compteur", "gaziniere", "cuisiniere", "radiateur", "tuyau", "couloir", "cave", "heizung", "therme",
          "zahler", "herd", "leitung", "flur", "keller", "treppenhaus", "kitchen", "cocina", "cuisine", "kuche"]]),
        // Hospital after something the company sold ("ended up in A&E after eating your chicken wrap"); not
        // a relative in hospital told to pause a membership.
        ("capability.safety", [
         ["hospital", "hospitalised", "hospitalized", "a&e", "emergency", "urgencias", "hospitalizado",
          "hospitalizada", "hopital", "urgences", "hospitalise", "hospitalisee", "krankenhaus", "notaufnahme",
          "klinik"],
         ["eating", "ate", "eaten", "drinking", "drank", "using", "wearing", "comer", "comido", "comimos", "beber",
          "bebido", "usar", "mange", "manger", "gegessen", "getrunken", "essen", "trinken"]]),
        // Swelling of the face or airway under way ("her lips and tongue are swelling up", "his lips are going puffy").
        ("capability.medical", [
         ["swelling", "swollen", "swell", "puffy", "hinchado", "hinchada", "hinchados", "hinchadas", "hinchando",
          "hinchan", "hincha", "gonfle", "gonflee", "gonfles", "gonflees", "gonflent", "gonfler", "geschwollen",
          "schwillt", "schwellen", "anschwellen", "angeschwollen"],
         ["lips", "lip", "tongue", "throat", "labios", "labio", "lengua", "garganta", "levres", "levre", "langue",
          "gorge", "lippen", "lippe", "zunge", "hals"]]),
        // Heart attack signs told in plain words ("chest tightness … his left arm feels numb").
        ("capability.medical", [
         ["chest", "pecho", "poitrine", "brust"],
         // Not "pain" alone in English: "the chest of drawers came broken, what a pain" ("chest pain" is listed).
         ["tightness", "pressure", "crushing", "opresion", "dolor", "presion", "douleur", "serree", "oppression",
          "schmerzen", "schmerz", "enge", "engegefuhl", "druck", "tight", "druckgefuhl", "beklemmung"]]),
        ("capability.medical", [
         ["arm", "brazo", "bras"],
         ["numb", "entumecido", "entumecida", "dormido", "dormida", "engourdi", "taub",
          // Tingling ("der linke Arm kribbelt").
          "tingling", "tingles", "tingly", "hormigueo", "hormiguea", "fourmille", "fourmillements", "picotements",
          "kribbelt", "kribbeln"]]),
        // Taking legal advice ("I'm speaking to a lawyer on Thursday").
        ("capability.legal", [
         ["lawyer", "lawyers", "solicitor", "solicitors", "attorney", "attorneys", "abogado", "abogados", "avocat",
          "avocats", "anwalt", "anwaltin"],
         ["speaking", "speak", "talk", "talking", "consult", "consulting", "consulted", "seeing", "contacted",
          "contacting", "instructed", "instructing", "involve", "involving", "hire", "hiring", "advice", "advised", "hablar",
          "consultar", "contacter", "consulter", "sprechen", "einschalten", "eingeschaltet"]]),
        // A complaint taken to an authority ("I'm going to the Civil Aviation Authority").
        ("capability.regulator", [
         ["authority", "commission", "watchdog", "autoridad", "autorite", "behorde"],
         ["complain", "complained", "complaint", "report", "reporting", "going", "refer", "referring", "contacting",
          "writing", "file", "filing", "lodge", "lodging", "denunciar", "queja", "plainte", "signaler", "beschwerde",
          "melden"]]),
    ]

    /// Capability limits told across a sentence or two, as three sets of
    /// words within ``CapabilityPairs/spreadWindow`` of a word of the first:
    /// a medicine running out told far from the medicine ("the insulin
    /// delivery hasn't come … he has one dose left", "my prescription for
    /// blood thinners … I took my last tablet"). Three sets, so "the last
    /// tablet I bought" or "I left my prescription" alone are nothing.
    public static let spreadCapabilityPairs: [(name: String, sets: [Set<String>])] = [
        // A strength taken that was not the usual, and the body telling it ("auf der Packung steht 10 Milligramm,
        // sonst bekommt sie 1 Milligramm, und sie hat heute früh schon eine genommen. Sie ist jetzt ganz benommen").
        ("capability.medical", [
         ["milligramm", "milligram", "milligrams", "mg", "miligramos", "milligrammes", "mikrogramm", "micrograms"],
         ["genommen", "eingenommen", "took", "taken", "tomado", "tomo", "pris", "prise", "given", "gegeben", "dado", "donne"],
         ["dizzy", "clammy", "drowsy", "faint", "confused", "vomiting", "mareada", "mareado", "vomitando", "confusa",
          "confuso", "somnolienta", "vertiges", "etourdie", "etourdi", "somnolente", "schwindlig", "benommen", "verwirrt",
          "erbricht", "sleepy", "floppy"]]),
        ("capability.medical", [
         ["insulin", "insulina", "insuline", "prescription", "receta", "ordonnance", "rezept", "medication",
          "medicine", "medicamento", "medicaments", "medicament", "medikament", "medikamente", "thinners",
          "anticoagulants", "diabetic", "diabetico", "diabetica", "diabetique", "diabetiker", "inhaler", "inhalador",
          "inhalateur", "traitement", "tratamiento", "epilepsy", "epilepsia", "epilepsie", "asthma", "asma", "asthme"],
         ["dose", "doses", "tablet", "tablets", "pill", "pills", "dosis", "pastilla", "pastillas", "comprimido",
          "comprimidos", "comprime", "comprimes", "dosen", "tablette", "tabletten", "pen", "vial", "puffs"],
         ["left", "last", "none", "ran", "quedan", "queda", "ultima", "ultimas", "reste", "restent", "dernier",
          "derniere", "ubrig", "letzte", "letzten"]]),
        // A medicine taken twice and the body telling it, often a sentence later ("she's taken her evening tablets twice … dizzy and clammy").
        ("capability.medical", [
         ["tablets", "tablet", "pills", "pill", "medication", "medicine", "dose", "doses", "pastillas", "pastilla",
          "comprimidos", "medicacion", "medicamentos", "dosis", "comprimes", "cachets", "medicaments",
          "tabletten", "medikamente"],
         // One word each: a pair's words are single words.
         ["twice", "double", "doble", "duplicada", "zweimal", "doppelt", "doppelte", "accident", "accidentally",
          "equivocacion", "versehentlich"],
         ["dizzy", "clammy", "drowsy", "faint", "confused", "vomiting", "sick", "mareada", "mareado", "mareos",
          "sleepy", "floppy", "limp", "adormilado", "adormilada", "endormi", "endormie", "mou", "molle", "schlapp",
          "vomitando", "confusa", "confuso", "somnolienta", "vertiges", "etourdie", "etourdi", "vomit", "confuse",
          "somnolente", "schwindlig", "benommen", "ubel", "verwirrt", "erbricht"]]),
        // Water reaching electrics ("water pooling under it … running into the extension lead").
        ("capability.safety", [
         ["water", "agua", "eau", "wasser"],
         ["leaking", "dripping", "pooling", "pouring", "flooding", "gotea", "goteando", "chorrea", "fuit", "coule",
          "tropft", "lauft", "leckt", "drips", "dripped", "leaks", "leaked"],
         ["extension", "socket", "sockets", "plug", "wiring", "electrics", "fusebox", "enchufe", "enchufes",
          "regleta", "prise", "prises", "multiprise", "steckdose", "steckdosen", "verlangerungskabel", "sicherungskasten",
          // The fuse box ("dripping through the ceiling light … onto the fuse box"; a light alone may be a warning lamp).
          "fuse", "fuses", "cuadro", "tableau", "sicherung", "sicherungen"]]),
        // Payments from a place the customer has never been ("'TAP*MERCADO LISBOA 84.20' on my debit card … I've
        // never been to Portugal"; "eine Abbuchung … in Lissabon. Ich war nie in Lissabon"), or to a payee they
        // never heard of ("three card payments to 'zenplay-eu' … I have never heard of them").
        ("capability.security", [
         ["never", "nunca", "jamais", "nie"],
         ["been", "estado", "ete", "alle", "war", "gewesen", "heard", "oido", "entendu", "gehort"],
         ["payment", "payments", "charge", "charges", "transaction", "transactions", "purchase", "purchases", "card",
          "debit", "pago", "pagos", "cargo", "cargos", "compra", "compras", "tarjeta", "paiement", "paiements",
          "prelevement", "prelevements", "achat", "achats", "carte", "zahlung", "zahlungen", "abbuchung",
          "abbuchungen", "karte", "kreditkarte"]]),
        // A patient on a machine, and the supply it needs cut ("home dialysis … turned the water off").
        ("capability.medical", [
         ["oxygen", "oxigeno", "oxygene", "sauerstoff", "dialysis", "dialisis", "dialyse", "ventilator",
          "respirador", "respirateur", "beatmungsgerat", "concentrator", "concentrador", "concentrateur"],
         ["water", "power", "electricity", "supply", "agua", "luz", "electricidad", "suministro", "eau", "courant",
          "electricite", "wasser", "strom"],
         ["off", "cut", "disconnected", "sin", "cortado", "cortada", "cortaron", "sans", "coupe", "coupee",
          "ohne", "abgestellt", "abgeschaltet", "gesperrt"]]),
    ]

    /// Family members, for deaths told in words the lists cannot foresee.
    public static let relatives: Set<String> = [
        "father", "mother", "dad", "mum", "mom", "husband", "wife", "son", "daughter", "partner", "brother", "sister",
        "grandmother", "grandfather", "grandma", "grandpa", "aunt", "uncle", "padre", "madre", "marido", "esposo",
        "esposa", "hijo", "hija", "hermano", "hermana", "abuelo", "abuela", "tio", "tia", "pere", "mere", "mari",
        "femme", "fils", "fille", "frere", "soeur", "grand", "oncle", "tante", "vater", "mutter", "mann", "frau",
        "sohn", "tochter", "bruder", "schwester", "oma", "opa", "onkel",
    ]

    /// Account changes that need authorisation.
    public static let authorisation = [
        "change the account owner", "change the account holder", "joint account holder", "as a joint account",
        "add me to the joint account", "add her to the joint account", "add him to the joint account",
        // Not a routine change of a detail ("Need to change the billing address on my invoice, company moved").
        "transfer ownership", "add a user",
        // Someone else's account; closing one's own is routine ("I'm moving out on the 30th, how do I close my account").
        "close his account", "close her account", "power of attorney",
    ]

    /// Chargebacks and disputes through the customer's bank.
    public static let chargeback = [
        "chargeback", "charge back", "dispute the charge", "dispute it with my bank", "dispute with my bank",
        "dispute with my card", "reverse the charge", "contracargo", "disputar el cargo", "reclamar al banco",
        "retrofacturation", "contester le paiement", "faire opposition", "ruckbuchung", "zuruckbuchen",
        "zuruckbuchung", "lastschrift zuruck", "widerspruch bei meiner bank",
        // Told to the bank as an unrecognised charge ("llamo al banco y que me lo devuelvan ellos como cargo no reconocido").
        "cargo no reconocido", "como no reconocido", "paiement non reconnu", "comme non reconnu", "as unrecognised",
        "as unrecognized", "als unbekannt melden", "desconozcan el cargo", "desconocer el cargo",
        // A direct debit sent back through the bank ("o me devolvéis los 39,90 o devuelvo el recibo desde el banco").
        // Returned through the bank, not a paper receipt handed back ("¿devuelvo el recibo firmado a la tienda?").
        "devuelvo el recibo desde", "devolver el recibo desde", "devolvere el recibo desde", "recibo desde el banco",
        "recibo desde mi banco", "return the direct debit",
        "reverse the direct debit", "recall the direct debit", "rejeter le prelevement", "rejette le prelevement",
    ]

    /// A death in the family: bereavement and executors.
    public static let bereavement = [
        "passed away", "has died", "death certificate", "deceased", "executor", "bereavement", "my late husband",
        "my late wife", "my late father", "my late mother", "funeral", "probate", "father died", "mother died",
        "husband died", "wife died", "dad died", "mum died", "mom died", "son died", "daughter died",
        "partner died", "brother died", "sister died", "fallecio", "ha fallecido", "fallecido", "fallecida",
        "certificado de defuncion", "albacea", "defuncion", "mi difunto", "mi difunta", "est decede",
        "est decedee", "decede", "decedee", "deces", "certificat de deces", "executeur testamentaire", "obseques",
        "verstorben", "ist gestorben", "sterbeurkunde", "testamentsvollstrecker", "nachlass", "todesfall",
        "beerdigung", "trauerfall",
    ] + relatives.sorted().map { "lost my \($0)" }

    /// Settling a dead person's estate or affairs, however long ago they
    /// died: their account, contract or policy is still the matter.
    public static let estate = [
        "executor", "estate", "probate", "inheritance", "albacea", "herencia", "heredero", "heredera",
        "testamento", "succession", "heritier", "heritiere", "notaire", "nachlass", "erbe", "erbin",
        "erbschein", "testamentsvollstrecker", "his account", "her account", "his contract", "her contract",
        "his policy", "her policy", "his bills", "her bills", "his subscription", "her subscription", "his name",
        "her name", "su cuenta", "su contrato", "su poliza", "a su nombre", "son compte", "son contrat",
        "son abonnement", "a son nom", "sein konto", "ihr konto", "seinen vertrag", "ihren vertrag",
        "auf seinen namen", "auf ihren namen",
    ]

    /// Medical urgency.
    public static let medical = [
        "medical emergency", "can't breathe", "cannot breathe", "chest pain", "heart attack", "ambulance",
        "unconscious", "seizure", "overdose", "anaphylaxis", "life threatening", "out of insulin", "no insulin",
        "without my medication", "ran out of my medication", "emergencia medica", "urgencia medica",
        "no puedo respirar", "dolor en el pecho", "ataque al corazon", "ambulancia", "inconsciente", "sin insulina",
        "sin mi medicacion", "urgence medicale", "je n'arrive pas a respirer", "douleur thoracique",
        "crise cardiaque", "inconscient", "samu", "plus d'insuline", "sans insuline", "sans mes medicaments",
        "medizinischer notfall", "keine luft", "brustschmerzen", "herzinfarkt", "krankenwagen", "notarzt",
        "bewusstlos", "kein insulin", "ohne insulin", "ohne meine medikamente",
        // Collapse and confusion.
        "collapsed", "fainted", "passed out", "unresponsive", "shaky and confused", "confused and shaky",
        "se ha desmayado", "se desmayo", "s'est evanoui", "s'est evanouie", "ohnmachtig", "zusammengebrochen",
        "kollabiert",
        // Trouble breathing, however it is put.
        "trouble breathing", "difficulty breathing", "struggling to breathe", "struggles to breathe",
        "short of breath", "can barely breathe", "can hardly breathe", "dificultad para respirar",
        "le cuesta respirar", "me cuesta respirar", "respira mal", "apenas puede respirar", "respire mal",
        "du mal a respirer", "a peine respirer", "atemnot", "kaum luft", "schlecht luft", "ringt nach luft",
        // Breath that will not come ("he can't get his breath properly").
        "can't get his breath", "can't get her breath", "can't get my breath", "can't catch his breath",
        "can't catch her breath", "can't catch my breath", "cannot get his breath", "cannot get her breath",
        // Breathing too fast ("elle respire très vite, avec un sifflement").
        "breathing very fast", "breathing really fast", "breathing so fast", "respire tres vite", "respire tres rapidement",
        "respira muy rapido", "respira muy deprisa", "atmet sehr schnell", "atmet ganz schnell",
        // Chest pains told in the plural or with whose chest ("he's now got chest pains", "a pain in her chest").
        "chest pains", "pain in his chest", "pain in her chest", "pain in my chest", "pains in his chest",
        "pains in her chest", "pains in my chest",
        // Signs of a stroke: a limb gone dead and speech gone strange ("no siente el brazo izquierdo y habla raro").
        "no siente el brazo", "no siente la pierna", "no siente la cara", "no siento el brazo", "no siento la pierna",
        "can't feel her arm", "can't feel his arm", "can't feel my arm", "can't feel her left", "can't feel his left",
        "can't feel her right", "can't feel his right", "can't feel her leg", "can't feel his leg",
        "ne sent plus son bras", "ne sent plus sa jambe", "ne sens plus mon bras", "spurt ihren arm nicht",
        "spurt seinen arm nicht", "spure meinen arm nicht", "spurt den arm nicht",
        // Speech told only as a person's ("a smart speaker speaking strangely" is a device).
        "slurred speech", "slurring her words", "slurring his words", "his speech is slurred", "her speech is slurred",
        "arrastra las palabras", "face is drooping", "face drooping", "cara torcida", "boca torcida", "bouche de travers",
        "hangender mundwinkel",
    ]

    /// Swearing, in the four languages, with the usual endings and
    /// spellings: the first message with it escalates. Masked forms
    /// ("f***ing") are read by ``Profanity``.
    public static let profanity = [
        "fuck", "fucks", "fucked", "fucking", "fuckin", "fking", "fkn", "fcking", "fuking", "fuk", "fucker", "fuckers",
        "motherfucker", "ffs", "wtaf", "stfu", "absolute bs", "total bs", "complete bs", "such bs", "this is bs",
        "shit", "shitty", "shitshow", "shite", "bullshit", "bullshite", "crap", "crappy", "bastard", "bastards",
        "asshole", "arsehole", "wtf", "dickhead", "piss", "pissed", "bollocks", "goddamn",
        "mierda", "joder", "cabron", "cabrones", "gilipollas", "putada", "hostia", "puta", "puto", "putos", "cono",
        "me cago en",
        "putain", "merde", "merdique", "bordel", "connard", "connards", "chier", "foutage", "enfoire", "enfoires",
        "scheisse", "scheiss", "scheissladen", "kacke", "verdammt", "arschloch", "arschlocher",
    ]

    /// Swearing in delight: its swear words are not anger.
    public static let positiveSwearing = [
        "holy shit", "holy crap", "holy fuck", "fucking awesome", "fucking amazing", "fucking great", "fucking love",
        "damn good", "bloody brilliant", "hell yeah", "fuck yeah", "fuck yes", "shit that was fast", "putain c'est genial",
        "joder que bien", "scheisse ist das gut",
    ]

    /// Trouble that is nobody's fault: a negative message about it is not
    /// about the service (unless it also says so).
    public static let offTopicTrouble = [
        "weather", "storm", "rain", "raining", "snow", "heatwave", "hurricane", "flood", "the flu", "a cold",
        // Hail ("my car insurance claim from the hail damage last month").
        "hail", "hailstorm", "granizo", "granizada", "grele", "hagel", "hagelschaden",
        "i'm sick", "i was sick", "been sick", "i'm ill", "been ill", "fever", "surgery", "my team lost", "lost the match",
        "the match", "the game", "car accident", "an accident", "tormenta", "lluvia", "nieve", "el tiempo",
        "gripe", "enfermo", "enferma", "operacion", "tempete", "pluie", "neige", "la meteo", "grippe", "malade",
        "unwetter", "sturm", "regen", "schnee", "das wetter", "grippe", "krank", "erkaltet", "unfall",
        // The customer's own health ("come down with a horrible flu", "feel dreadful").
        "flu", "unwell", "feel dreadful",
        // Someone close taken ill ("my dad was taken ill — he's ok now").
        "taken ill", "fell ill", "fallen ill", "feel awful", "feel terrible", "feeling awful", "feeling terrible",
        "feel sick", "feeling sick", "feeling rough", "me siento fatal", "me encuentro fatal", "je me sens mal",
        "mir geht es schlecht", "mir ist schlecht",
        // The customer's own injury ("I tore a ligament playing football").
        "tore a ligament", "torn ligament", "tore my", "broke my leg", "broke my arm", "broke my ankle", "broke my wrist",
        "broken leg", "broken arm", "broken ankle", "broken wrist", "sprained", "i'm injured", "got injured",
        "an injury", "my injury", "physio", "me rompi la", "me he roto", "lesion", "lesionado", "lesionada", "esguince",
        "je me suis casse", "je me suis blesse", "je me suis blessee", "blessure", "entorse", "bein gebrochen",
        "arm gebrochen", "verletzt", "verletzung", "bander gerissen", "verstaucht",
        // The customer's own slip, owned ("ah that'll be because i changed banks. my bad").
        // Not "that's on me?" or "¿es culpa mía?", thrown back at the company as often.
        "my bad", "mea culpa",
    ]

    /// The customer saying the matter is settled.
    public static let resolved = [
        "works now", "working now", "works perfectly", "all good", "all sorted", "sorted now", "is fixed", "been fixed",
        "fixed now", "resolved now", "is resolved", "everything works", "just wanted to say", "just confirming",
        "it worked", "that worked", "that did it", "did the trick", "finished too", "all done", "ha funcionado",
        "ca a marche", "hat geklappt", "hat funktioniert",
        "funciona ya", "ya funciona", "todo bien", "resuelto", "ca marche", "fonctionne maintenant", "tout est bon",
        "resolu", "funktioniert jetzt", "alles gut", "gelost",
        // Settled, said in passing ("ah that's done it", "pues ya está", "c'est bon", "hat sich erledigt").
        "that's done it", "that did the trick", "pues ya esta", "vale ya esta", "ah ya esta", "c'est bon", "c'est regle",
        "looks like that was it", "that fixed it", "that's fixed it", "that sorted it",
        "hat sich erledigt", "passt schon",
        // The chat closed with thanks, nothing more needed ("that's all I needed", "nope cheers"); not "that's all I need
        // to know", which insists.
        "that's all i needed", "nope cheers", "nah cheers", "nope thank you",
        // A payment that went through in the end ("tried my other card, went through now i think"); not "my payment went
        // through twice".
        "went through now", "gone through now", "went through this time", "ya paso el pago", "c'est passe cette fois",
        "ist jetzt durchgegangen",
    ]

    /// Strong language (a default; tenants tune it): swearing and indignation.
    public static let strongLanguage = [
        "damn", "hell", "crap", "shit", "fuck", "fucking", "wtf", "bullshit", "ridiculous", "useless",
        "pathetic", "disgusting", "scam", "joke", "worst", "idiot", "stupid", "incompetent", "appalling",
        "disgraceful", "outrageous", "unacceptable",
        "mierda", "joder", "una verguenza", "inaceptable", "vergonzoso", "una estafa", "una broma",
        "putain", "merde", "foutez", "foutre", "inadmissible", "inacceptable", "scandaleux", "honteux",
        "scheisse", "saftladen", "frechheit", "unverschamt", "verarschen", "eine zumutung",
    ]

    /// Praise in scorn: dissatisfaction however glad its words read ("wow and of course the label is for a courier
    /// with no drop-off in my town. brilliant planning").
    public static let scorn = [
        "brilliant planning", "great planning", "genius planning", "fantastic planning", "excellent planning",
        "superb planning", "top planning", "brillante planificacion", "toll geplant", "klasse geplant",
        // Service praised with "truly" or "really" after it ("brilliant service, truly").
        "brilliant service truly", "great service truly", "amazing service truly", "excellent service truly",
        "fantastic service truly",
        // Service praised with "really" after it, in German ("und das Essen is jetzt sicher eiskalt, super Service wirklich").
        "super service wirklich", "toller service wirklich", "klasse service wirklich", "spitzen service wirklich",
        // And with "echt" ("der Typ am Schalter zuckt nur mit den Schultern … Super Service, echt.").
        "super service echt", "toller service echt", "klasse service echt", "spitzen service echt",
    ]

    /// Dissatisfaction that general-purpose sentiment scores miss: "a joke"
    /// and "honestly I'm disappointed" read as positive to VADER.
    public static let dissatisfaction = [
        "disappointed", "disappointing", "not good enough", "no good to me", "fed up", "sick of", "had enough",
        "waste of", "wasted", "unhappy", "unbelievable", "nobody ever", "you keep saying", "annoyed", "annoying",
        "frustrated", "frustrating", "upset", "angry", "furious", "livid", "sneaky", "dishonest",
        "harto", "harta", "decepcionado", "decepcionada", "marre", "decu", "decue", "enttauscht", "sauer",
        "nothing works", "still nothing", "left me", "sitting here", "no one has", "nobody has", "nobody told",
        "desastre", "fatal", "pesimo", "pesima", "indignante", "no haceis nada", "no hacen nada", "nadie contesta",
        "nadie me", "cansado de", "cansada de", "inutil", "lamentable", "nul", "nulle", "catastrophe",
        "catastrophique", "insupportable", "en colere", "personne ne", "aucune reponse", "rien ne marche",
        "toujours rien", "ras le bol", "inutile", "katastrophe", "katastrophal", "unmoglich", "armselig", "nervt",
        "argerlich", "wutend", "niemand", "nichts passiert", "immer noch nichts", "enttauschend", "miserabel",
        "nutzlos", "lacherlich", "unzumutbar",
        // Waiting with nothing to show for it.
        "still waiting", "not ok", "not okay", "and nothing", "sigo esperando", "seguimos esperando",
        "y nada", "j'attends toujours", "toujours en attente", "et rien", "warte immer noch", "warten immer noch",
        "und nichts", "sigo aqui esperando", "aqui sigo esperando", "still sitting here", "still here",
        "nothing back", "best part of an hour", "best part of a day", "best part of a week",
        // Scorn: "esto es de risa", "c'est une blague", "das ist ein Witz" ("a joke" is strong language).
        "es de risa", "de chiste", "es un chiste", "c'est une blague", "c'est risible", "ein witz",
        // Spoken southern German ("des is a Witz").
        "is a witz", "laughable",
        // A failure still going on: "my broadband still isn't connected", "ça coupe sans arrêt".
        "still isn't", "still hasn't", "still haven't", "still not", "still no", "sans arret", "sigue sin",
        "siguen sin", "immer noch nicht", "immer noch kein", "immer noch keine", "toujours pas",
        // The worst, and having had enough, in the languages VADER does not read.
        "el peor", "la peor", "le pire", "la pire", "schlechteste", "schlechtesten", "schlechtester", "schlimmste",
        "reicht mir", "reicht es mir", "es reicht", "me basta", "j'en ai assez", "ca suffit",
        // Getting nothing done ("euer Laden kriegt echt gar nichts hin").
        "nichts hin", "nix hin",
        // Anger and contempt at the service in Spanish, French and German (VADER reads English only).
        "cabreado", "cabreada", "molesto", "molesta", "enfadado", "enfadada", "indignado", "indignada", "furioso",
        "furiosa", "tomadura de pelo", "tomando el pelo", "tomais el pelo", "tomas el pelo", "toman el pelo",
        "no hay quien confie", "no hay quien se fie", "que verguenza", "verguenza de", "un robo", "un timo", "estafa", "nefasto",
        "nefasta", "penoso", "penosa", "incompetente", "incompetentes", "siempre lo mismo", "siempre la misma",
        "agace", "agacee", "enerve", "enervee", "furieux", "furieuse", "exaspere", "exasperee", "n'importe quoi",
        "vous moquez", "se moque", "deplorable", "arnaque", "escroquerie", "incompetents", "pitoyable",
        "c'est une honte", "penible", "pas serieux", "no es serio", "decevant", "decevante",
        "nicht in ordnung", "not acceptable", "isn't acceptable", "no es aceptable", "pas acceptable", "nicht akzeptabel",
        "tells me nothing", "no me dice nada", "ne me dit rien", "sagt mir nichts",
        "what's the point", "same thing again",
        // A promise broken, and a service that does not do the least ("I was assured … and it has not been").
        "i was assured", "i was promised", "we were assured", "we were promised", "me aseguraron", "nos aseguraron",
        "on m'avait assure", "on m'avait promis", "man hat mir versichert", "man hat mir versprochen", "no cumplen",
        "aburrido con", "aburrida con", "el doble de lo normal", "double the usual", "twice the usual",
        // Scorn at being told the same again ("c'est ce qu'on m'a déjà dit lundi. Vous vous fichez du monde").
        "vous vous fichez", "fichez du monde", "se fiche du monde", "vous vous foutez", "se fout du monde",
        "ce qu'on m'a deja dit", "on me l'a deja dit", "that's what i was told", "what they told me last",
        // Confidence lost, and the customer made to do the work ("not filling me with confidence", "doing your job for you").
        "filling me with confidence", "fill me with confidence", "fills me with confidence", "the worse it gets",
        "doing your job for you", "do your job for you", "do your job for",
        // Poor, weak, and paying more for less ("Ganz schwach von euch … Ich zahl mehr und krieg weniger"); ridiculous and
        // settling nothing, in French ("ça règle rien … c'est ridicule"), Quebec "poche".
        "schwach von euch", "schwach von ihnen", "ganz schwach", "zahl mehr und krieg weniger", "zahle mehr und bekomme weniger",
        "pay more and get less", "paying more for less", "c'est ridicule", "ca regle rien", "ne regle rien", "vraiment poche",
        "c'est poche",
        // A shambles, and waiting for what is said to have come ("so now I'm meant to sit here hungry for a meal
        // that's apparently already arrived").
        "shambles", "meant to sit here", "supposed to sit here",
        // Overcharging named, and disgust at how the customer is treated ("feels like you lot rip off loyal customers",
        // "this is how I'm treated, honestly pretty disgusted").
        // Not disgust at a referee, nor "how you treat partial returns".
        "a rip off", "rip off loyal", "rip off your", "ripping off", "been ripped off", "ripped off by", "ripoff",
        "pretty disgusted", "disgusted with you", "disgusted by you", "disgusted with your", "disgusted by your",
        "how i'm treated", "how i am treated", "how you treat your customers", "how you treat me", "how you treat people",
        "me siento estafado", "me siento estafada",
        // Half the order missing ("el pedido llegó sin la mitad de las cosas").
        "sin la mitad", "falta la mitad", "faltaba la mitad", "half of it missing", "half the order missing",
        "missing half", "la moitie manquait", "il manque la moitie", "die halfte fehlt", "fehlte die halfte",
        // A botched job, and a shame caused by the company ("Vaya chapuza de banco", "por vuestra culpa, es de vergüenza").
        "chapuza", "de verguenza", "por vuestra culpa", "por su culpa",
        // Absurd, a mess, and Spanish fed up to the nose ("estoy hasta las narices").
        // "What a mess" is as often the customer's own ("spilled coffee on the router, what a mess").
        "absurd", "absurdo", "absurda", "absurde", "is a mess",
        "hasta las narices", "hasta el gorro",
        // Nobody can be relied on, and the one who never got in touch ("Auf euch ist einfach kein Verlass").
        "kein verlass", "nie gemeldet", "nie zuruckgerufen",
        // Quebec French for broken and for "oh, come on" ("C'est votre nouveau modem qui est tout croche").
        "tout croche", "ben voyons",
        // A token offer taken as an insult, and Quebec French for fed up and poor ("chu tanné de vous autres",
        // "c'est pas mal ordinaire votre service").
        "slap in the face", "una bofetada", "un bofeton", "une gifle", "schlag ins gesicht", "tanne de", "tannee de",
        "chu tanne", "mal ordinaire", "ordinaire votre service",
        // Charged double, told as a fact ("me cobran el doble de lo que gasto").
        "me cobran el doble", "me cobrais el doble", "me han cobrado el doble", "cobrando el doble", "charging me double",
        "charged me double", "charge me double", "me facturent le double", "me facturez le double",
        "das doppelte berechnet", "doppelt so viel berechnet", "berechnen mir das doppelte",
        // Food arrived cold, sarcasm about the service, trust lost, the same told before, giving up.
        "stone cold", "ice cold", "arrived cold", "were cold", "was cold", "llego frio", "llego fria", "llegado frio",
        "llegado fria", "arrive froid", "un peu fort", "sans meme sonner",
        "kalt angekommen", "eiskalt angekommen", "eiskalt geliefert", "essen ist eiskalt", "pizza ist eiskalt",
        // The same trouble every time ("jedes Mal das gleiche Theater mit euch").
        "das gleiche theater", "dasselbe theater", "jedes mal das gleiche problem", "immer das gleiche mit euch",
        "after the eta", "vaya servicio", "menudo servicio", "que servicio", "quel service",
        "no me fio", "je n'ai plus confiance", "i don't trust", "kein vertrauen", "eso mismo me", "me dijisteis lo mismo",
        "that's what you said", "you said that last", "c'est ce que vous m'avez dit", "das haben sie mir",
        "forget it", "laisse tomber", "olvidalo", "dejalo", "vergiss es", "lassen sie es", "que sentido tiene", "a quoi bon", "wozu das ganze",
        // Charged again, told as a fact ("You've charged me £39.99 again"); not a double charge asked about ("Why
        // was I charged twice?").
        "charged me again", "charged again", "billed me again", "vuelto a cobrar", "encore preleve",
        "wieder abgebucht",
        // Charged twice, told as a fact ("I was charged twice for my rent transfer", "1,250 left my account two times").
        "i was charged twice", "i've been charged twice", "i have been charged twice", "we were charged twice",
        "left my account twice", "left my account two times", "me han cobrado dos veces", "on m'a preleve deux fois",
        "on m'a debite deux fois",
        // Not the first time ("it's not a one-off, last three orders…"), and worn out by it ("it's getting really tiring").
        // Charged for what was declined or already there ("eine Versicherung berechnet, die ich ausdrücklich abgelehnt
        // hatte", "einen Kratzer, der schon bei Abholung da war"), and expecting better ("hatte ich mehr erwartet").
        "ausdrucklich abgelehnt", "explicitly declined", "expressly declined", "which i had declined", "que habia rechazado",
        "que j'avais refuse", "schon bei abholung", "schon bei der abholung", "already there when i", "was already there at",
        "ya estaba cuando", "etait deja la", "mehr erwartet", "expected better", "expected more", "esperaba mas",
        // Charged for what was already paid ("me han cobrado 95€ de seguro … que ya había pagado en la reserva"),
        // and not even looked at.
        "que ya habia pagado", "que ya habiamos pagado", "which i had already paid", "that i had already paid",
        "i'd already paid for", "i had already paid for", "que j'avais deja paye", "que j'avais deja payee",
        "que nous avions deja paye", "schon bezahlt hatte", "bereits bezahlt hatte", "ni me miro", "ni me miraron",
        "didn't even look at me",
        // Treated like this after years as a customer ("Es increíble que después de doce años me tratéis así").
        "me trateis asi", "me tratais asi", "me traten asi", "me tratan asi", "asi me tratan", "asi me tratais", "tratado asi", "tratada asi",
        "me traitez comme ca", "me traiter comme ca", "traite comme ca", "traitee comme ca", "so behandelt",
        "so behandeln", "treat me like this", "treated like this", "treating me like this", "treat customers like this",
        // Not impressed; out of ideas; the same answer again.
        "not impressed", "unimpressed", "pas impressionne", "nicht beeindruckt", "je ne sais plus quoi faire",
        "i don't know what else to do", "no se que mas hacer", "ich weiss nicht mehr weiter", "meme reponse",
        "same answer", "misma respuesta", "dieselbe antwort", "gleiche antwort",
        // Nobody telling us anything; not right; delivered and nowhere, without a ring.
        "nadie nos", "nobody tells us", "personne ne nous", "niemand sagt uns", "no hay derecho", "weder geklingelt",
        "ist aber nirgends", "nirgends zu finden", "nowhere to be found", "introuvable", "geschlampt",
        "m'attendais a mieux", "ziemlich dreist", "ganz schon dreist", "ist dreist", "noch immer nicht", "noch immer kein",
        "noch immer keine",
        // Piled on ("llegó todo frío … y encima faltaba el refresco").
        "y encima", "para colmo", "todo frio", "toda fria", "llego todo frio",
        // Still the same, paying for what does not work, charged anyway, a lack of respect, patience running out,
        // "has still been" ("This month's bill has still been calculated on an estimate"). Not "arrived broken": one
        // writer's bare fact ("Mi pedido llegó roto.") is another's complaint.
        "sigue igual", "sigue en el mismo", "still in the same place", "lleva hora y media", "llevo hora y media",
        "lleva una hora", "llevo una hora", "lleva media hora", "llevo media hora", "sigue lo mismo", "pagando por algo que no funciona",
        "paying for something that doesn't work", "paying for a service that doesn't", "falta de respeto",
        "manque de respect", "lack of respect", "respektlos", "quand meme preleve", "m'avez quand meme",
        "quand meme debite", "trotzdem abgebucht", "cobrado igualmente", "perdre patience", "perds patience",
        "la paciencia", "geduld verliere", "has still been", "have still been", "almost double my",
        "not a one off", "not the first time", "no es la primera vez", "ce n'est pas la premiere fois",
        "nicht das erste mal", "getting tiring", "really tiring", "getting old", "c'est fatigant", "es agotador",
        // How customers are treated ("So geht man mit Kunden nicht um", "that's no way to treat a customer").
        "so geht man", "geht man mit kunden", "no way to treat", "way to treat customers", "way to treat a customer",
        "asi no se trata", "no se trata asi", "on ne traite pas", "pas une facon de traiter", "facon de traiter les clients",
        "decepcionante", "unserios", "nicht serios",
        "losing patience", "lost patience", "kidding me", "shambles", "thanks for nothing", "thank you for nothing",
        "clueless", "hopeless",
        "sick and tired", "a disgrace", "nothing i do", "nothing i try",
        // British understatement ("bit rubbish"), what was never said ("nobody mentioned that when i paid"), food
        // not fit to eat, and a shrug of giving up ("checked. nothing. ok whatever").
        "bit rubbish", "is rubbish", "was rubbish", "so rubbish", "pretty rubbish", "utterly rubbish", "absolutely rubbish",
        "rubbish service", "that's rubbish", "nobody mentioned", "no one mentioned", "nobody said", "no one said",
        "nadie menciono", "personne n'a mentionne", "niemand hat erwahnt", "inedible", "stone cold", "incomible",
        "immangeable", "ungeniessbar", "ok whatever", "okay whatever", "fine whatever",
        // Failing again and again: "the second week running", "another week without broadband".
        "in a row", "week running", "month running", "time running", "another week without", "another day without",
        "another month without",
        // A promise broken or a charge without cause, told as a fact: "was meant to arrive Tuesday",
        // "otro mes cobrado sin motivo", "une journée de congé pour rien", "schon wieder".
        "was meant to", "were meant to", "was supposed to", "were supposed to", "was due", "were due", "devait", "devaient",
        "tenia que llegar", "deberia haber llegado", "sollte eigentlich", "for no reason", "sin motivo", "sin razon",
        "pour rien", "sans raison", "ohne grund", "fur nichts", "asi no se puede", "sigue cobrando", "siguen cobrando",
        "keep charging", "keeps charging", "kept charging", "yet again", "schon wieder", "une fois de plus",
        "una vez mas",
        // What the customer was told to do, done, to no effect: "ça n'a rien changé", "it didn't change anything".
        "hasn't moved", "has not moved", "no se ha movido", "n'a pas bouge", "hat sich nicht bewegt",
        "not impressed", "no explanation", "sin explicacion", "aucune explication", "keine erklarung",
        "is gone", "everything is gone", "all gone", "lost a day", "lost everything", "lost all", "perdido todo",
        "tout perdu", "alles weg", "alles verloren", "the whole problem", "the whole point", "mit keinem wort",
        "geht darauf nicht ein", "doesn't address", "didn't address", "didn't read my", "ignored my",
        "den es nicht gab", "that wasn't there", "que no existia", "qui n'existait pas",
        "nothing changed", "didn't change anything", "made no difference", "no ha cambiado nada", "no cambio nada",
        "no sirvio de nada", "n'a rien change", "n'a rien donne", "hat nichts geandert", "hat nichts gebracht",
        "genervt", "verargert", "stinksauer", "zumutung", "abzocke", "ausreden", "inkompetent", "inkompetente",
        "inkompetentes", "unverschamtheit", "unfahig", "armutszeugnis", "skandalos", "verarsche",
    ]

    /// Joy and thanks: capitals and "!!!" in such a message are not anger.
    public static let gladness = [
        "thank you", "thanks", "thank u", "love", "amazing", "awesome", "perfect", "brilliant service", "best",
        "wonderful", "fantastic", "happy birthday", "congratulations", "yay", "woohoo", "omg", "wow", "gracias", "genial",
        "perfecto", "maravilloso", "me encanta", "increible", "merci", "parfait", "parfaite", "super",
        // Praise ("went ABOVE AND BEYOND", "kudos to the driver").
        "above and beyond", "extra mile", "kudos", "well done", "great job", "so kind",
        "formidable", "ravi", "ravie", "danke", "vielen dank", "besten dank", "herzlichen dank", "tausend dank", "toll",
        "wunderbar", "perfekt", "klasse", "fantastisch",
        // "you lot are LEGENDS", "lifesaver".
        "legends", "a legend", "lifesaver", "lifesavers",
        // Good news of the customer's own ("MY EXAM RESULTS ARE UP AND I PASSED!!!").
        "i passed", "we passed", "aprobe el examen", "he aprobado el examen", "j'ai reussi", "prufung bestanden",
        "hab bestanden", "habe bestanden",
    ]

    /// The customer saying they are stating their need again.
    public static let restatement = [
        "i repeat", "as i said", "like i said", "as i already said", "i already said", "i'll say it again",
        // Asking again ("right so again: is there any way to download everything").
        "so again", "i'll ask again", "let me ask again", "asking again", "i ask again", "ask you again",
        "encore une fois", "je repose la question", "vuelvo a preguntar", "te lo pregunto otra vez",
        "se lo pregunto otra vez", "ich frage nochmal", "ich frage noch einmal", "also nochmal", "also noch einmal",
        "donc encore une fois", "pues otra vez",
        "for the third time", "for the 3rd time", "zum 3 mal", "pour la 3e fois", "once again", "once more", "one more time", "for the last time", "i said already", "repito", "lo repito", "os lo repito", "te lo repito",
        "se lo repito", "como ya dije", "como te dije", "por tercera vez", "je repete", "je vous le repete",
        "je le repete", "comme je l'ai dit", "comme je vous l'ai dit", "pour la troisieme fois", "je vous le redis", "je le redis",
        "lo vuelvo a decir", "se lo vuelvo a decir", "te lo vuelvo a decir", "te lo digo otra vez", "se lo digo otra vez",
        "te lo digo de nuevo", "se lo digo de nuevo", "telling you again", "i'll tell you again", "je vous le dis encore",
        "je te le dis encore", "ich sag es nochmal", "ich sag's nochmal", "ich sage es ihnen nochmal", "ich sage es noch einmal",
        "ich wiederhole", "wie gesagt", "wie bereits gesagt", "zum dritten mal", "ich sage es nochmal",
        // Put in other words, said so ("Noch einmal anders formuliert: …").
        "anders formuliert", "to put it another way", "put another way", "dicho de otro modo", "pour le dire autrement",
        "autrement formule", "put it another way", "let me rephrase", "dicho de otra manera", "dicho de otra forma",
        "en d'autres termes", "je reformule", "anders gesagt", "mit anderen worten",
        // The question of before, pointed back to ("yes the same thing lol. how do I get the company on it").
        "yes the same thing", "same thing i asked", "same question", "la misma pregunta", "la meme question",
        "dieselbe frage", "die gleiche frage",
        // The attempts counted ("ok third try lol: I want the parcel redirected"), and repeating oneself said so.
        "third try", "third go", "third attempt", "3rd try", "3rd go", "3rd attempt", "tercer intento",
        "troisieme essai", "troisieme tentative", "dritter versuch", "je me repete", "me repito", "repeating myself",
        // The times counted told otherwise ("ok third time lucky: …", "third time asking — which depot…").
        "third time lucky", "third time asking", "3rd time asking", "tercera vez que pregunto", "tercera vez que lo pido",
        "troisieme fois que je demande",
    ]

    /// The customer saying they did what the bot said, to no avail ("I had
    /// a look, not in the porch", "I looked there, it only lets me pick
    /// seats", "Hab ich, ist aktiv"): pushing back, but on an instruction
    /// that failed, not on how the bot read the need.
    public static let triedAsTold = [
        "hab ich", "i had a look", "i've looked", "i have looked", "i looked", "i've checked", "i have checked",
        "i checked", "ya he mirado", "ya mire", "he mirado", "ya lo he comprobado", "ya he revisado", "ya revise",
        "j'ai regarde", "j'ai verifie", "j'ai deja regarde", "j'ai deja verifie", "habe nachgesehen", "hab nachgesehen",
        "habe nachgeschaut", "hab nachgeschaut", "schon nachgesehen", "schon nachgeschaut",
    ]

    /// The customer pushing back on the last answer to put their need again
    /// ("ok but is that today?", "i just need to know which day", "que no,
    /// lo que quiero saber es", "Das weiß ich. Ich will, dass"): twice in a
    /// row, the need is stated a third time, in whatever words.
    public static let pushback = [
        "ok but", "okay but", "yes but", "yeah but", "right but", "i know but", "i know that", "i just need",
        // What the answer told granted, and the need put again because of it ("yes i know, thats why i want it sent to
        // the pickup point instead").
        // The time the bot gave, countered ("its been 14 working days already" after "up to 10 working days").
        "it's been", "its been", "it has been",
        "yes i know when", "yeah i know when", "yes i know what", "yeah i know what", "that's why i want",
        "that's why i need", "that's why i asked", "por eso quiero",
        "por eso te pido", "por eso le pido", "c'est pour ca que je", "deshalb will ich", "deshalb mochte ich",
        // What the bot offered turned down as useless for the need ("pdf's no good for the auditors"; "Friday is no good
        // for me" only answers).
        "no good for the", "no good for my", "no good for our", "no me sirve", "ne me sert a rien", "bringt mir nichts",
        // Telling the bot, in Spanish ("che, te estoy diciendo que lo quiero sacar"), and the need put as a task for it
        // ("I need you to find out where it actually went").
        "te estoy diciendo", "le estoy diciendo", "les estoy diciendo", "i need you to find", "where it actually",
        "where it really",
        // The answer granted and set aside ("yes I can see that, but where was it left?", "i'm saying it ISN'T here"),
        // and the need insisted on ("i need to know where the driver put it").
        "see that but", "i get that but", "understood but", "i understand but", "i'm saying", "i am saying",
        "need to know where", "need to know exactly", "ya lo veo pero", "je vois bien mais", "das sehe ich aber",
        "i just want", "all i want", "all i need", "what i want", "what i need", "that's not what", "my question was",
        "my question is", "but what about",
        "i'm asking", "im asking", "i am asking", "i asked", "but i know", "yes you said", "you already said",
        "you said that already", "te estoy pidiendo", "le estoy pidiendo", "les estoy pidiendo", "te estoy preguntando",
        "le estoy preguntando", "wasn't clear", "to be clear", "let me rephrase", "in other words",
        "i mean", "i meant", "i'm talking about", "not just", "no solo", "pas seulement", "nicht nur", "otra forma", "de otra manera", "todo no", "autrement dit",
        "mit anderen worten", "non pas", "mais non", "je parle de", "je parlais de", "je reformule",
        "no hablo de", "me explico", "ich meine", "anders gesagt",
        "ya pero", "si pero", "vale pero", "que no", "lo que quiero", "lo que necesito", "solo quiero", "ya lo se",
        "eso ya lo",
        "oui mais", "d'accord mais", "je sais", "ce que je veux", "ce que je demande", "je veux juste",
        // What the bot pointed to, seen and set aside ("yes I've seen it. I need a VAT invoice…", "sí, la veo, pero
        // quiero moverla", "ya sé, por eso, ¿se puede…?").
        "yes i've seen it", "yes i have seen it", "la veo pero", "lo veo pero", "ya se por eso",
        "je demande juste", "ma question",
        "ja aber", "ok aber", "das weiss ich", "weiss ich", "ich will einfach", "ich mochte einfach",
        "ich brauche einfach", "was ich will", "meine frage",
        // The need again, insisting ("What I'm after is a CSV", "is csv export possible or not", "tout simplement").
        "what i'm after", "what i am after", "not an option", "isn't an option", "isn't really an option", "yes or no",
        "possible or not", "can you or not", "or can't you", "si o no", "es posible o no", "no es una opcion",
        "oui ou non", "possible ou pas", "tout simplement", "ce n'est pas une option", "ja oder nein", "geht das oder nicht",
        "keine option",
        // The need again, asking when it will really happen ("right, so when do I actually see the money").
        "right so", "do i actually", "will i actually", "am i actually", "can i actually",
        // Insisting, and the place the bot sent them to looked at in vain ("checked the lobby, nothing there").
        "i'm telling you", "i am telling you", "nothing there", "not there either", "just to be clear",
        "no hay nada", "il n'y a rien", "da ist nichts",
        // When it will really come ("I need to know when it's actually going to turn up"); precisely that
        // ("justement, est-ce que je peux…", "Ja eben."); the want corrected ("Ich möchte nicht die Rechnung sehen.
        // Ich möchte…", "zurückschicken will ich sie nicht, ich will…", "je ne veux pas le suivre, je veux…").
        "when it's actually", "when is it actually", "when will it actually", "is it actually going",
        // In the place the bot sent them to, to no avail ("I went in there, it just offers me…", "I'm in there but…"),
        // and whether it is really happening ("is the driver actually on the way … or what's happening with it").
        "went in there", "i'm in there", "i am in there", "been in there", "it never lets me", "it only lets me",
        // Still not there ("the box just isn't here", "so where is it? because I never got it"); "but no".
        "isn't here", "is not here", "just isn't", "so where is it", "i never got it", "aber nein", "pero no",
        // Only that, and what the page the bot sent them to says ("Da steht aber nur 'Tarifwechsel derzeit nicht
        // möglich'. Ich will nur umstellen").
        "ich will nur", "ich mochte nur", "je veux seulement", "da steht aber", "dort steht aber", "se puede o no",
        "puede o no",
        "it just offers", "actually on the way", "or what's happening", "what's happening with it",
        "justement", "ja eben", "genau das", "precisamente eso", "ich mochte nicht die", "will ich sie nicht",
        "will ich es nicht", "mochte ich sie nicht", "mochte ich es nicht", "i don't want to", "je ne veux pas le",
        "je ne veux pas la", "no quiero que", "no lo quiero",
        // The want corrected ("I don't need to track it. I need…", "je ne veux pas changer d'offre, juste…"), and
        // when it will happen, concretely ("il arrive quand concrètement, ce colis ?").
        "i don't need to", "i dont need to", "i do not need to", "je ne veux pas", "no quiero", "no necesito",
        "ich will nicht", "ich mochte nicht", "ich brauche nicht", "concretement", "en concreto",
        // The answer seen and not enough ("Yes I saw that, but I won't be home"), what it is about and what not
        // ("es geht mir nicht um eine Karte", "It's not a safe place I'm after"), the need summed up ("Basically I
        // need…"), and just that ("Bitte bestätigen Sie mir einfach…").
        "i saw that", "i've seen that", "ya lo he visto", "ya lo vi", "je l'ai vu", "habe ich gesehen", "hab ich gesehen",
        "it's not about", "no se trata de", "il ne s'agit pas", "es geht mir nicht um", "es geht nicht um", "i'm after",
        "basically", "basicamente", "en gros", "im grunde", "kurz gesagt", "sie mir einfach", "du mir einfach",
        // What the customer is trying to do, said again ("that's what I'm trying to change").
        "what i'm trying to", "what i am trying to", "that's what i'm asking", "ce que j'essaie de",
        "lo que intento", "lo que estoy intentando", "was ich versuche",
    ]

    /// Signs that the last answer did not help: the customer is still stuck.
    public static let unresolved = [
        "still", "didn't work", "doesn't work", "not working", "didn't help", "doesn't help", "did that",
        "done that", "already tried", "already did", "already done", "already gave", "i know where",
        "i'm telling you", "told you", "not what i asked", "doesn't answer", "didn't answer", "doesn't say",
        "are you even reading", "you're not listening", "same error", "same problem", "same issue",
        "there is no", "there's no", "failed again", "not my",
        "doesn't explain", "didn't explain", "i know it's", "that's why i'm asking", "i did that", "i've reported",
        "already reported", "i've done that", "sigue", "todavia", "ya lo", "toujours",
        "je vous demande", "deja fait", "immer noch", "schon gemacht", "habe ich schon",
        // What should show still does not, after the bot's steps ("Probé desde el celu también, nada. El curso que
        // pagué no figura en mi cuenta").
        "no figura", "no aparece", "n'apparait pas", "n'apparait toujours pas", "erscheint nicht", "taucht nicht auf",
        "doesn't show up", "isn't showing", "not showing up",
    ]

    /// An earlier contact told apart from this one ("I know I still have a query open … but that's separate").
    public static let separateMatter = [
        "that's separate", "that is separate", "separate issue", "separate matter", "not related", "unrelated",
        "different matter", "different issue", "otro tema", "es aparte", "autre sujet", "sans rapport",
        "separates thema", "anderes thema", "hat nichts damit zu tun",
    ]

    /// Signs that this contact repeats an earlier one.
    public static let repeatContact = [
        "again", "already", "second time", "third time", "still", "keep saying", "following up", "follow up",
        "told me", "last time", "nobody has answered", "no one has answered", "nobody got back",
        "no one got back", "explained this", "twice", "otra vez", "de nuevo", "tercera vez", "segunda vez", "ya he",
        "sigue", "encore", "deja", "troisieme fois", "toujours pas", "schon wieder", "immer noch", "bereits",
        "zum dritten mal", "zum zweiten mal",
    ]

    /// What a bot says when it has no answer.
    public static let botFallback = [
        "rephrase", "couldn't find", "could not find", "can't find", "cannot find", "i don't have information",
        "i'm not able to help", "i can't help with", "i didn't understand", "i don't understand",
        "no he entendido", "no entiendo", "je n'ai pas compris", "reformuler", "nicht verstanden",
        "umformulieren",
    ]

    /// Asking for money back or compensation, which makes an amount in the
    /// same message a policy cue.
    public static let refundRequest = [
        "refund", "money back", "compensation", "compensate", "reimburse", "reimbursed", "reimbursement",
        "pay me back", "refunded", "reembolso", "reembolsen", "devolucion", "devuelvan", "indemnizacion", "compensacion",
        // An amount claimed as owed ("nos corresponden 600 € por persona … así que reclamo 1.200 €").
        "reclamo", "reclamamos", "nos corresponden", "me corresponden", "nos corresponde", "me corresponde",
        "ausgleichszahlung", "ausgleichsleistung",
        "je reclame", "nous reclamons", "steht mir", "stehen mir", "steht uns", "stehen uns", "ich fordere", "wir fordern",
        "i'm entitled to", "i am entitled to", "we're entitled to", "we are entitled to",
        "remboursement", "rembourser", "rembourse", "dedommagement", "indemnisation", "l'indemnisation",
        "d'indemnisation", "erstattung",
        "erstatten", "erstattet", "ruckerstattung", "entschadigung", "geld zuruck",
        // Wanting the company to bear a cost: "we expect you to cover the £600 difference".
        "expect you to cover", "want you to cover", "expect you to pay", "want you to pay", "you to cover the",
        "want that covered", "want it covered", "want this covered", "want the cost covered", "want them covered",
        "que me lo cubran", "que lo paguen ustedes",
        "que ustedes paguen", "que se hagan cargo", "prendre en charge", "vous prendrez en charge", "ubernehmen sie",
        // The amount itself wanted back: "I want the 320 dollars back", "die 300 Euro zurück".
        "dollars back", "euros back", "pounds back", "bucks back", "it back", "them back", "devolver", "devolverme",
        // What was paid for, wanted back, its amount told after ("I want the replacement fare back. It was £486").
        "fare back", "fares back", "ticket back", "tickets back", "cost back", "costs back", "price back",
        // Costs claimed back ("I'd like to claim back the hotel ($289) … All in it comes to $612").
        "claim back", "claiming back", "like to claim", "want to claim", "wish to claim",
        "me devuelvan", "me devolvais", "me devolveis", "devolveis", "me lo devolveis", "me devuelven", "rendez moi",
        // Asked in the past subjunctive ("380 euros, y quisiera que me los devolvieran").
        "me devolvieran", "me los devolvieran", "me lo devolvieran", "me la devolvieran", "me las devolvieran",
        "me devolviesen", "me los devolviesen", "nos devolvieran", "nos los devolvieran", "nos lo devolvieran",
        // Paid back, as Argentina and Uruguay say it ("pido que me reintegren esos 410 USD"); a claim made ("800 Euro,
        // die ich hiermit geltend mache").
        "reintegren", "me reintegren", "reintegro", "reintegrar", "geltend mache", "geltend machen",
        // A price reduction demanded ("Wir verlangen eine Minderung von 300 Euro").
        "minderung", "preisminderung", "reisepreisminderung", "wir verlangen", "ich verlange",
        // Credited back ("I'd like all of it credited back").
        "credited back", "credit it back", "credit back", "refunded back", "put back on my", "me rendre", "zuruck", "zuruckhaben", "zuruckbekommen",
        "zuruckzahlen", "that back", "those back", "back in full", "one back", "return the second",
        // A duplicate payment wanted back, and a cost the company is asked to pay ("Please arrange payment to me").
        "return the duplicate", "return the payment", "return the money", "return my money", "duplicate payment",
        "duplicate charge", "pago duplicado", "cobro duplicado", "paiement en double", "doppelte abbuchung",
        "payment to me", "pay me the", "pay me for", "cover the cost", "cover the costs", "pay for the repair",
        // A cost the company is asked to bear ("Repairing it has been quoted at £780 and we are asking you to cover that").
        "asking you to cover", "ask you to cover", "want you to cover", "expect you to cover", "like you to cover",
        "pay for the damage", "que me paguen", "que me abonen", "m'indemniser", "mir erstatten", "ersetzen sie mir",
        // The money asked back in other words ("be returned", "remboursée de la totalité", "the unused months back").
        "be returned", "will be returned", "returned to me", "be refunded", "pro rata", "prorated", "months back",
        "weeks back", "nights back", "night back", "days back", "premium back", "deposit back", "fee back", "remboursee", "rembourses", "remboursees",
        "etre rembourse", "me rembourser", "me sea devuelto", "me devuelvan el", "zuruckerstattet", "zuruckgezahlt",
    ]

    /// Nouns of money paid back or made good: an amount told right after a
    /// message with one of these ("Möchten Sie eine Entschädigung beantragen?"
    /// … "also 800 Euro insgesamt") is the amount claimed.
    public static let compensationNouns = [
        "refund", "compensation", "reimbursement", "reembolso", "indemnizacion", "compensacion", "remboursement",
        "dedommagement", "indemnisation", "l'indemnisation", "erstattung", "ruckerstattung", "entschadigung",
        "ausgleichszahlung",
        // The money asked back in other words ("How do I claim the money back?"), or the bot asking the amount claimed;
        // not a money-back guarantee ("garantía de devolución del dinero", "Geld-zurück-Garantie").
        "the money back", "my money back", "our money back", "amount you are claiming", "amount you're claiming",
        "me devuelvan el dinero", "la devolucion del dinero", "recuperer mon argent", "mein geld zuruck",
        "unser geld zuruck", "das geld zuruck", "preisminderung",
    ]

    /// A refund or payout already granted: its amount is not a request.
    public static let alreadyApproved = [
        "already approved", "was approved", "has been approved", "been approved", "you approved", "already refunded",
        "confirmed the refund", "refund was confirmed", "ya aprobado", "ya aprobada", "fue aprobado", "fue aprobada",
        "approved a", "approved the", "approved my", "issued a refund", "refund was processed",
        "processed the refund", "deja approuve", "deja approuvee", "a ete approuve", "a ete approuvee", "bereits genehmigt", "wurde genehmigt",
        "is approved", "got approved", "ha sido aprobado", "ha sido aprobada", "esta aprobado", "esta aprobada",
        "est approuve", "est approuvee", "genehmigt ist", "ist genehmigt", "genehmigt wurde", "genehmigt worden",
        // Granted by someone earlier ("your colleague confirmed a refund of £1,240").
        "confirmed a refund", "confirmed my refund", "agreed a refund", "agreed to refund", "agreed the refund",
        "me confirmaron el reembolso", "me confirmaron un reembolso", "was upheld", "been upheld", "would be refunded",
        "fue estimada", "a ete acceptee", "ont confirme le remboursement",
        "a confirme le remboursement", "erstattung bestatigt", "die erstattung zugesagt",
        // Granted and told in other words ("die Erstattung … bewilligt ist", "m'a confirmé le remboursement").
        "bewilligt ist", "ist bewilligt", "wurde bewilligt", "bewilligt wurde", "bereits bewilligt", "bewilligt worden",
        "m'a confirme le remboursement", "nous a confirme le remboursement", "m'a confirme la", "confirme le remboursement",
        "m'a confirme par", "nous a confirme par", "confirmed over the phone", "confirmed by phone", "me confirmo por",
        "me lo confirmo", "hat mir am telefon bestatigt", "telefonisch bestatigt",
        // Granted by the company, told after the amount ("the 1,200 EUR compensation your team approved last Tuesday").
        "team approved", "they approved", "you guys approved", "agent approved", "approved last", "approved yesterday",
        // Granted by one of the company's people, told after the amount ("$1,850. your colleague approved it last week").
        "colleague approved", "colleagues approved", "supervisor approved", "approved it last", "approved it yesterday",
        "approved earlier", "approved on", "que aprobasteis", "que aprobaron", "que me aprobaron",
        // Told in a contraction ("the agent on the phone yesterday said it's approved").
        "it's approved", "it was approved", "it's been approved", "that's approved", "it's been authorised",
        "it's been authorized",
        "que vous avez approuve", "que vous avez approuvee", "que vous m'avez accorde", "que vous m'avez accordee",
        // Validated ("votre service litiges a validé … le remboursement de 1 200 euros").
        "a valide", "ont valide", "avez valide", "remboursement valide", "ha validado", "han validado",
        "was validated", "validated the", "wurde freigegeben", "freigegeben wurde",
        // In the passive ("le remboursement de 1 800 CHF … a été validé la semaine passée").
        "ete valide", "ete validee", "fue validado", "fue validada", "been validated", "deja valide", "deja validee",
        // Confirmed with the date between ("Votre collègue m'a confirmé le 2 décembre par écrit le remboursement").
        "m'a confirme le", "m'avez confirme", "nous a confirme le", "confirme par ecrit", "confirmed in writing",
    ]

    /// A failed payment that took the money anyway.
    public static let moneyTaken = [
        "money was taken", "money has been taken", "money was still taken", "took the money", "taken from my account",
        "been charged", "was charged", "charged me", "still charged", "debited", "left my account", "money is gone",
        "me han cobrado", "me cobraron", "cobrado", "han cargado", "me lo han cobrado", "debite", "preleve",
        "l'argent a ete", "abgebucht", "belastet", "geld ist weg",
        // Spanish "quitar" with the money as its object ("el banco ya me ha quitado los 86 euros"), not a discount.
        "me ha quitado los", "me han quitado los", "me quitaron los", "me ha quitado el dinero",
        "me han quitado el dinero", "me quitaron el dinero",
        "debits", "debit de",
        // The money gone from the account, or a second charge for the one payment.
        "salido de la cuenta", "salio de la cuenta", "sale de la cuenta", "otro cargo", "another charge",
        "charged twice", "cobrado dos veces", "un autre prelevement", "preleve deux fois", "debite deux fois",
        "zweimal abgebucht", "doppelt abgebucht", "noch eine abbuchung", "zweimal weg", "doppelt weg",
        // The participle agreeing with the money ("me aparecen los 180€ cobrados", "les 90 € ont été débités").
        "cobrados", "cobrada", "cobradas", "debites", "debitee", "debitees", "preleves", "prelevee", "prelevees",
        "charged anyway", "charged my card", "took my money",
        // Held, not yet taken, which the customer cannot tell apart ("my banking app now shows £64.99 pending").
        "pending from you", "shows pending", "showing pending", "showing as pending", "shows as pending", "pending on my",
        "pending in my", "cargo pendiente", "en attente sur mon compte", "vorgemerkt",
        // The charge seen at the bank ("en el banco me aparece el cargo de 64,90 €").
        "pending", "gone out", "went out twice", "taken twice", "taken both times", "taken each time", "gone twice",
        "cargados", "cargado", "cargada", "un cargo de", "el cargo de",
        "gone out twice", "left twice",
        "charged both times", "holds of", "hold of", "a hold on my", "holds on my", "two holds", "retencion de",
        "retenciones de", "abbuchungen", "weg von meinem konto", "sind weg", "ist weg", "out of my bank account", "out of my bank", "shows it pending", "showing it as pending",
        "gone out of my", "went out of my", "came out of my", "come out of my", "taken out of my", "pending payments", "aparece el cargo", "aparece un cargo", "me sale el cargo", "veo el cargo", "charge is showing", "charge shows",
        "shows the charge", "see the charge", "je vois le debit", "je vois le prelevement", "sehe die abbuchung",
        "aviso de cargo", "avis de prelevement", "avis de debit",
        // The debit seen at the bank, in Argentine Spanish ("en el home banking ya me figura el débito de $ 450.000",
        // "me figuran DOS débitos"); not the debit card ("tarjeta de débito").
        // Money gone from a named account ("£412 has left my current account").
        "left my current account", "left my bank account", "left my checking account", "left my savings account",
        "has left my", "have left my",
        // The debit the bank shows, in German ("die Bank zeigt schon eine Abbuchung von 119 € an").
        "eine abbuchung von", "die abbuchung von", "abbuchung uber",
        "el debito de", "un debito de", "dos debitos", "los debitos", "me debitaron", "debitado", "debitados", "debitada",
        "debitadas", "figura el debito", "figuran los debitos",
        // Taken, in Latin American Spanish ("el banco sí me descontó los 320.000 pesos").
        "me desconto", "me descontaron", "me lo desconto", "me lo descontaron", "me los desconto", "me los descontaron",
        "descontado", "descontados", "descontada",
    ]

    /// Money gone from the customer's account told in words the list cannot
    /// foresee ("das Geld ist jetzt zweimal von meinem Konto weg", "el banco
    /// me ha mandado un aviso de cargo"), as words together
    /// (``CapabilityPairs``): the account or bank, and the money leaving it.
    public static let moneyTakenPairs: [(name: String, sets: [Set<String>])] = [
        ("money_taken", [
         ["account", "bank", "konto", "bankkonto", "cuenta", "banco", "compte", "banque", "banking"],
         // Seen taken or held at the bank ("my bank shows £20.00 taken", "in der Banking-App sehe ich 149,90 €
         // reserviert").
         ["taken", "shows", "showing", "reserved", "blocked", "reserviert", "blockiert", "retenido", "retenidos",
          "bloqueado", "bloqueados", "bloque", "bloques",
          "gone", "missing", "weg", "abgezogen", "abgegangen", "salido", "desaparecido", "cargo", "disparu", "parti",
          // "les 86,40 € sont partis de mon compte", "sortis", "débités".
          "partis", "sortis", "debite", "debites", "preleve", "preleves",
          // "das Geld ist aber schon vom Konto runter".
          "runter"]]),
    ]

    /// Settings whose change, when the customer did not make it, points to
    /// an account takeover.
    public static let sensitiveSettings: Set<String> = [
        "two_factor", "2fa", "mfa", "password", "email", "recovery_email", "phone", "phone_number",
        "payout_account", "bank_account", "payment_method", "security_questions",
    ]
}
