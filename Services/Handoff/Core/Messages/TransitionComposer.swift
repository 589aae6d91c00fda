/// Writes the customer's transition and wait-update messages from the
/// tenant's templates and the facts of the escalation.
public struct TransitionComposer: Sendable {
    /// The tenant's templates (built-in ones and overrides).
    public var renderer: TemplateRenderer

    /// A composer over `renderer`.
    public init(renderer: TemplateRenderer = TemplateRenderer()) {
        self.renderer = renderer
    }

    /// The facts a message may show.
    public struct Facts: Sendable, Hashable {
        /// One-based queue position; 0 when unknown.
        public var position: UInt32
        /// Estimated wait in seconds.
        public var waitSeconds: Double
        /// The issue's family, for `{{category}}`.
        public var family: IssueFamily
        /// The package's summary, for the off-hours confirmation.
        public var summary: String
        /// The agent's display name.
        public var agentName: String
        /// When the callback comes, as a phrase.
        public var callbackWindow: String
        /// The customer's name, when known.
        public var customerName: String

        /// Facts; everything but the family optional.
        public init(position: UInt32 = 0, waitSeconds: Double = 0, family: IssueFamily = .general, summary: String = "",
                    agentName: String = "", callbackWindow: String = "", customerName: String = "") {
            self.position = position
            self.waitSeconds = waitSeconds
            self.family = family
            self.summary = summary
            self.agentName = agentName
            self.callbackWindow = callbackWindow
            self.customerName = customerName
        }
    }

    /// An option as shown to the customer.
    public struct Choice: Sendable, Hashable {
        /// The option.
        public var option: CustomerOption
        /// Its label in the message's language.
        public var label: String
        /// Its digit on voice channels (1 first), 0 elsewhere.
        public var digit: UInt32
    }

    /// A message with the options to show under it.
    public struct Composed: Sendable, Hashable {
        /// The text.
        public var message: RenderedMessage
        /// The options offered.
        public var options: [CustomerOption]
        /// True on voice channels: each option gets a digit.
        public var voice: Bool

        /// The options, in display order, with their labels and (on voice)
        /// their digits.
        public var choices: [Choice] {
            options.enumerated().map { index, option in
                Choice(option: option, label: option.label(in: message.locale), digit: voice ? UInt32(index + 1) : 0)
            }
        }
    }

    /// The options offered with `kind` when the caller names none: while
    /// queued, carry on with the bot, a callback or an email; off hours,
    /// carry on or an email (the callback is already arranged); none once
    /// the on-call path is called or an agent has joined.
    public static func defaultOptions(for kind: MessageKind) -> [CustomerOption] {
        switch kind {
        case .transitionSpecialist, .waitUpdate: [.continueWithBot, .callback, .email]
        case .transitionOffHoursCallback: [.continueWithBot, .email]
        case .transitionOnCall, .agentJoined: []
        }
    }

    /// Whole minutes to announce: rounded up, at least one.
    public static func minutes(_ seconds: Double) -> Int {
        max(1, Int((seconds / 60).rounded(.up)))
    }

    /// `minutes` with its unit in `locale`, singular for one: "1 minute",
    /// "8 minutes", "1 minuto", "8 Minuten".
    public static func wait(minutes: Int, in locale: MessageLocale) -> String {
        let (one, many) = switch locale {
        case .en, .fr: ("minute", "minutes")
        case .es: ("minuto", "minutos")
        case .de: ("Minute", "Minuten")
        }
        return "\(minutes) \(minutes == 1 ? one : many)"
    }

    /// The message of `kind` for `languageTag` with `facts`, offering
    /// `options` (empty: the defaults for the kind).
    public func compose(_ kind: MessageKind, languageTag: String, facts: Facts, options: [CustomerOption] = [],
                        voice: Bool = false) throws(TemplateError) -> Composed {
        let locale = MessageLocale.resolve(languageTag)
        var values: [Placeholder: String] = [
            .position: facts.position == 0 ? "1" : "\(facts.position)",
            .waitMinutes: "\(Self.minutes(facts.waitSeconds))",
            .wait: Self.wait(minutes: Self.minutes(facts.waitSeconds), in: locale),
            .category: facts.family.customerPhrase(in: locale),
            .summary: facts.summary,
        ]
        if !facts.agentName.isEmpty { values[.agentName] = facts.agentName }
        if !facts.callbackWindow.isEmpty { values[.callbackWindow] = facts.callbackWindow }
        if !facts.customerName.isEmpty { values[.customerName] = facts.customerName }
        let message = try renderer.render(kind, languageTag: languageTag, values: values)
        var seen: Set<CustomerOption> = []
        let offered = (options.isEmpty ? Self.defaultOptions(for: kind) : options).filter { seen.insert($0).inserted }
        return Composed(message: message, options: offered, voice: voice)
    }
}
