/// The phrase lists the rules use. Customers write in many languages; the
/// explicit-request list covers English, Spanish, French and German.
public enum Lexicons {
    /// Asking for a person, in any common phrasing.
    public static let humanRequest = [
        // English
        "talk to a person", "talk to a human", "speak to a person", "speak to a human", "speak with a person",
        "speak with someone", "talk to someone", "real person", "real human", "human agent", "live agent",
        "live person", "agent please", "representative", "customer service rep", "operator please",
        "get me a human", "get me a person", "get me your supervisor", "speak to your supervisor",
        "talk to your supervisor", "speak to a manager", "talk to a manager", "speak to the manager",
        "get me a manager", "your manager", "a supervisor", "transfer me", "connect me to an agent",
        "let me talk to", "i want a human", "i want to talk to someone", "stop the bot", "not a bot",
        "are you a bot", "escalate this",
        // Spanish
        "hablar con una persona", "hablar con un humano", "hablar con un agente", "hablar con alguien",
        "una persona real", "un agente por favor", "quiero un agente", "pasame con un agente",
        "hablar con el supervisor", "hablar con un supervisor", "hablar con el gerente", "con un asesor",
        // French
        "parler a un humain", "parler a une personne", "parler a quelqu'un", "parler a un conseiller",
        "parler a un agent", "un vrai humain", "une vraie personne", "un conseiller svp", "votre responsable",
        "parler au responsable", "parler a un superviseur",
        // German
        "mit einem menschen sprechen", "mit einem mitarbeiter sprechen", "mit jemandem sprechen",
        "echten menschen", "einen menschen", "kundenberater", "mit ihrem vorgesetzten", "mit dem vorgesetzten",
        "einen mitarbeiter bitte", "mit einer person sprechen",
    ]

    /// Legal action and lawyers.
    public static let legal = [
        "lawyer", "attorney", "solicitor", "legal action", "sue you", "suing", "lawsuit", "court", "small claims",
        "abogado", "demanda", "avocat", "poursuite", "anwalt", "klage", "gericht",
    ]

    /// Regulators, ombudsmen and consumer bodies.
    public static let regulator = [
        "regulator", "ombudsman", "consumer protection", "trading standards", "better business bureau", "bbb",
        "ftc", "cfpb", "fca", "attorney general", "report you to",
    ]

    /// Data-protection requests.
    public static let dataProtection = [
        "gdpr", "data protection", "delete my data", "delete my account and data", "right to be forgotten",
        "subject access request", "my personal data", "ccpa", "privacy complaint",
    ]

    /// Safety hazards.
    public static let safety = [
        "fire", "caught fire", "smoke", "burn", "burned", "injured", "injury", "hurt my", "electric shock",
        "exploded", "explosion", "choking", "poisoning", "dangerous", "unsafe", "hospital",
    ]

    /// Security incidents.
    public static let security = [
        "hacked", "account was hacked", "unauthorized", "unauthorised", "fraud", "fraudulent", "scam",
        "stolen card", "identity theft", "someone logged in", "phishing",
    ]

    /// Account changes that need authorisation.
    public static let authorisation = [
        "change the account owner", "transfer ownership", "add a user", "change my email address",
        "change the billing address", "close my account", "power of attorney",
    ]

    /// Strong language (a default; tenants tune it).
    public static let strongLanguage = [
        "damn", "hell", "crap", "shit", "fuck", "fucking", "wtf", "bullshit", "ridiculous", "useless",
        "pathetic", "disgusting", "scam", "joke", "worst", "idiot", "stupid", "incompetent",
    ]
}
