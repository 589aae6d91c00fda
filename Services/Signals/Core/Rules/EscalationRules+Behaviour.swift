import Wire

/// Behavioural cues: shouting, repeated punctuation, strong language, an
/// angry return after a long silence and bursts of short unanswered messages.
extension EscalationRules {
    func behaviourTriggers(_ message: CustomerMessage, customer: [CustomerMessage],
                           messages: [CommonV1.ConversationMessage], channel: CommonV1.Channel?,
                           settings: SignalsV1.BehaviourSettings, sentimentSettings: SignalsV1.SentimentSettings,
                           into triggers: inout [Trigger]) {
        let index = message.index
        // Angry, or an impatient ping ("Hello?? It's nearly 4"), or the wait itself counted ("40 minutes of 'a
        // moment'", "40 minutos esperando"): enough after a long silence.
        // Not joy ("IT CAME!! … THANK YOU SO MUCH"); joy asks nothing ("Hallo?? Seit 45 Minuten … Ganz toll" is sarcasm).
        // Read only after a long pause, the one place it counts.
        lazy var glad = message.tone > sentimentSettings.negativeCompound && !message.asks && isGlad(message.features)
        // The wait counted with dissatisfaction is impatience however VADER reads it ("Still here. That's the best
        // part of an hour and nothing back").
        // The time counted in a message saying it is settled is how long the fix has held ("been connected 35 mins
        // now, looks like that was it").
        let dissatisfied = message.features.detail?.dissatisfied ?? false
        lazy var impatient = message.tone <= sentimentSettings.negativeCompound || !message.strongLanguage.isEmpty
            || !glad && Self.hasRepeatedPunctuation(message.text)
            || Self.countsMinutesOrHours(message.normalized) && (dissatisfied || !glad && !saysSettled(message.normalized))
        if let shouting = shouting(message, settings: settings, sentimentSettings: sentimentSettings) {
            triggers.append(Self.trigger(.behavioural, "behaviour.shouting", score: 1, threshold: settings.uppercaseRatio,
                                         messages: [index], phrases: shouting.words,
                                         measurements: ["uppercase_ratio": shouting.ratio, "shouted_words": Double(shouting.words.count)],
                                         explanation: "The customer is shouting"))
        }
        if Self.hasRepeatedPunctuation(message.text) {
            triggers.append(Self.trigger(.behavioural, "behaviour.repeated_punctuation", score: 0.3, threshold: 1,
                                         messages: [index], explanation: "Repeated punctuation"))
        }
        if !message.strongLanguage.isEmpty {
            triggers.append(Self.trigger(.behavioural, "behaviour.strong_language",
                                         score: min(1, 0.5 + 0.2 * Double(message.strongLanguage.count)),
                                         threshold: 1, messages: [index], phrases: message.strongLanguage,
                                         explanation: "Strong language"))
        }
        // Hours between e-mails, texts or messaging-app messages are normal; in a live channel they are not.
        let live = ![.email, .webForm, .sms, .messagingApp].contains(channel ?? .unspecified)
        let pause = settings.longPause?.seconds ?? Defaults.thresholds.behaviour!.longPause!.seconds
        if pause > 0, let previousTime = messages[..<index].last?.sendTime, let time = message.sendTime {
            let gap = time - previousTime.seconds
            if live && gap >= pause && impatient {
                triggers.append(Self.trigger(.behavioural, "behaviour.angry_after_silence", score: 1, threshold: Double(pause),
                                             messages: [index], measurements: ["pause_seconds": Double(gap)],
                                             explanation: "The customer came back angry after a long silence"))
            } else if live && gap >= pause / 3 {
                // A shorter pause in a live channel is worth noting; it does not escalate alone.
                triggers.append(Self.trigger(.behavioural, "behaviour.long_pause", score: 0.3, threshold: Double(pause / 3),
                                             messages: [index], measurements: ["pause_seconds": Double(gap)],
                                             explanation: "A long pause before this message"))
            }
        }
        unansweredBurst(customer, messages: messages, silence: live ? pause : 0, settings: settings,
                        sentimentSettings: sentimentSettings, into: &triggers)
    }

    /// Shouting: most letters in capitals, or several shouted words in a
    /// mixed-case message ("TOMORROW?! ... I have a wedding TONIGHT"), or
    /// "!!!" with "??" or in anger, unless the message is glad (capitals of
    /// joy or thanks; not with "?!").
    func shouting(_ message: CustomerMessage, settings: SignalsV1.BehaviourSettings,
                  sentimentSettings: SignalsV1.SentimentSettings) -> (ratio: Double, words: [String])? {
        let words = Self.shoutedWords(message.text)
        // "TOMORROW?!?!" is indignation however positive the other words read; so is "ACTIVE?? I NEVER …  WHY HAVE
        // YOU", a doubled question with a denial or a question word shouted (capitals lift VADER's positive words).
        let marks = AdjacentMarks(in: message.text)
        let indignant = !marks.isDisjoint(with: [.questionExclamation, .exclamationQuestion])
            || marks.contains(.doubleQuestion) && words.contains(where: Self.accusingWords.contains)
        let joyful = (message.scores.compound >= 0.5 && !indignant)
            || (message.tone > sentimentSettings.negativeCompound || cryingForJoy(message.text, sentimentSettings))
                && isGlad(message.features)
        guard !joyful else { return nil }
        let ratio = Self.uppercaseRatio(message.text) ?? 0
        // Thanks in capitals ("nope that's all, THANK YOU") are thanks, however VADER reads the rest.
        if words.contains(where: Self.shoutedThanks.contains),
           words.allSatisfy({ Self.shoutedThanks.contains($0) || Self.thanksCompanions.contains($0) }) {
            return nil
        }
        // Thanks shouted with delight among other shouted words ("NO WAY. THANK YOU SO MUCH!!! my wife is going
        // to lose it"): VADER reads "no" and "lose" as negative, but nothing is said against the service.
        if words.contains(where: Self.shoutedThanks.contains), !indignant, message.strongLanguage.isEmpty,
           message.features.detail?.dissatisfied != true, isGlad(message.features) {
            return nil
        }
        // "…a middle seat at the back!!! Why??": a run of three marks with an indignant question, or in anger.
        if marks.contains(.doubleExclamation), Self.hasTripleMark(message.text),
           marks.contains(.doubleQuestion) || !message.strongLanguage.isEmpty
            || message.tone <= sentimentSettings.negativeCompound && marksCloseAnger(message, sentimentSettings) {
            return (ratio, words)
        }
        let limit = settings.uppercaseRatio > 0 ? settings.uppercaseRatio : Defaults.thresholds.behaviour!.uppercaseRatio
        if ratio >= limit && words.count >= 1 { return (ratio, words) }
        // Mixed case: several shouted words with emphatic punctuation ("TONIGHT?!"), or with a
        // shouted short word that only stresses ("the 14th, NOT the 15th. Can you READ").
        // Plain "!" with nothing negative nor indignant is more likely joy ("JUST HIT MY 100TH CLASS!!! … do I get
        // anything else for that?"); anger stresses a denial or a question word ("NEIN … NICHT DA!!!", "WHERE IS").
        let exclaimedOnly = !indignant && !marks.contains(.doubleQuestion)
            && message.tone > sentimentSettings.negativeCompound && message.strongLanguage.isEmpty
        if words.count >= 2 && ((Self.hasRepeatedPunctuation(message.text) || message.text.utf8.contains(UInt8(ascii: "!"))) && !exclaimedOnly
                                || words.contains(where: Self.stressWords.contains)) { return (ratio, words) }
        return nil
    }

    /// Whether a message reads negative only for the crying faces people send with thanks ("THANK YOU SO MUCH …
    /// 😭😭"), which VADER reads as sadness; not when its words read negative without them too (VADER on
    /// the words alone, against the tenant's negative threshold).
    func cryingForJoy(_ text: String, _ settings: SignalsV1.SentimentSettings) -> Bool {
        guard text.unicodeScalars.contains(where: Self.tears.contains) else { return false }
        let words = String(String.UnicodeScalarView(text.unicodeScalars.filter { !Self.tears.contains($0) }))
        return sentiment.scores(words).compound > settings.negativeCompound
    }

    /// Crying faces, sent with thanks as often as with grief.
    static let tears: Set<Unicode.Scalar> = ["😭", "🥹", "🥲", "😂"]

    /// Whether a normalised text counts minutes or hours ("40 minutes",
    /// "cuarenta minutos", "une heure", "zwei Stunden"): after a long
    /// silence in a live channel, the customer counting the wait.
    static func countsMinutesOrHours(_ normalized: String) -> Bool {
        let words = normalized.splitOnSpaces()
        return words.indices.dropFirst().contains { index in
            waitUnits.contains(words[index])
                && (Grievance.cardinal(words[index - 1]) != nil || tens.contains(words[index - 1]))
        } || words.contains(where: partHours.contains) || words.indices.dropFirst(2).contains { index in
            // "half an hour", "a quarter of an hour", "trois quarts d'heure", "media hora", "eine halbe Stunde".
            ["hour", "hora", "heure", "d'heure", "stunde"].contains(words[index])
                && (hourParts.contains(words[index - 1]) || hourParts.contains(words[index - 2]))
        }
    }

    /// Parts of an hour said before it: "half an hour", "three quarters of an hour", "une demi-heure", "media hora".
    static let hourParts: Set<Substring> = [
        "half", "quarter", "quarters", "media", "cuarto", "cuartos", "demi", "quart", "quarts", "halbe", "halben",
    ]

    /// Parts of an hour in one word ("eine Dreiviertelstunde").
    static let partHours: Set<Substring> = [
        "viertelstunde", "dreiviertelstunde", "halbstunde", "dreiviertelstunden",
    ]

    /// Units of a wait in a live channel.
    static let waitUnits: Set<Substring> = [
        "minutes", "mins", "minute", "hour", "hours", "hrs", "minutos", "hora", "horas", "heure", "heures",
        "minuten", "stunde", "stunden",
    ]

    /// Counts of minutes written in words beyond ``Grievance/cardinals``.
    static let tens: Set<Substring> = [
        "fifteen", "twenty", "thirty", "forty", "fifty", "sixty", "ninety", "quince", "veinte", "treinta", "cuarenta",
        "cincuenta", "sesenta", "noventa", "quinze", "vingt", "trente", "quarante", "cinquante", "soixante",
        "funfzehn", "zwanzig", "dreissig", "vierzig", "funfzig", "sechzig", "neunzig", "half",
    ]

    /// Short words that, in capitals, only stress: no acronym is spelt like them.
    static let stressWords: Set<String> = [
        "NOT", "NO", "YOU", "DID", "IS", "ARE", "WAS", "ANY", "ALL", "NOW", "WHY", "DON", "DIDN", "ISN", "WON", "AND",
        "WHERE", "WHAT", "WHEN", "HOW", "NEVER", "NEIN", "NICHT", "KEIN", "KEINE", "NIE", "WARUM", "WO", "WANN",
        "NON", "PAS", "JAMAIS", "POURQUOI", "NUNCA", "NADA", "DONDE", "POR",
    ]

    /// Shouted denials and question words that accuse ("I NEVER", "WHY HAVE YOU"); joy shouts neither.
    static let accusingWords: Set<String> = [
        "NOT", "NEVER", "WHY", "NEIN", "NICHT", "NIE", "WARUM", "PAS", "JAMAIS", "POURQUOI", "NUNCA",
    ]

    /// Words of four letters or more in capitals, other than acronyms and
    /// codes, and the shorter ``stressWords``; not the words of a label
    /// named as such (``labels``).
    static func shoutedWords(_ text: String) -> [String] {
        // No two capitals in a row: nothing shouted (the usual message, one pass over the bytes).
        var previousUpper = false
        var twoInARow = false
        for byte in text.utf8 {
            let upper = (0x41...0x5A).contains(byte) || byte >= 0x80
            if upper && previousUpper {
                twoInARow = true
                break
            }
            previousUpper = upper
        }
        guard twoInARow else { return [] }
        let tokens = text.split(whereSeparator: { !$0.isLetter && !$0.isNumber })
        var shouted: [String] = []
        var run: [String] = []
        var runLength = 0
        for (position, token) in tokens.enumerated() {
            if token.allSatisfy({ $0.isLetter && $0.isUppercase }) {
                runLength += 1
                if (token.count >= 4 || stressWords.contains(String(token))) && !acronyms.contains(String(token)) {
                    run.append(String(token))
                }
                continue
            }
            if !(1...4).contains(runLength) || !namesLabel(tokens, at: position, in: text) {
                shouted += run
            }
            run = []
            runLength = 0
        }
        return shouted + run
    }

    /// Whether the words from `position` of `tokens` (split from `text`)
    /// name a label whose words, in capitals, stand right before them ("the
    /// NO PEANUTS allergy note", "a DO NOT BEND sticker"): the label next, or
    /// after one word, with nothing but spaces between ("STILL NO sign" has
    /// no label word; "WHY IS it. Status…" is two sentences).
    static func namesLabel(_ tokens: [Substring], at position: Int, in text: String) -> Bool {
        func spacesOnly(_ from: Substring, _ to: Substring) -> Bool {
            text[from.endIndex..<to.startIndex].allSatisfy { $0 == " " }
        }
        guard position > 0, spacesOnly(tokens[position - 1], tokens[position]) else { return false }
        if labels.contains(tokens[position].lowercased()) { return true }
        return position + 1 < tokens.count && spacesOnly(tokens[position], tokens[position + 1])
            && tokens[position].allSatisfy(\.isLowercase) && labels.contains(tokens[position + 1].lowercased())
    }

    /// Things with words written on them, named after those words in capitals.
    static let labels: Set<String> = [
        "note", "notes", "label", "labels", "sticker", "stickers", "button", "option", "tag", "stamp", "message",
        "warning", "banner", "setting", "instruction", "instructions", "field", "tab",
    ]

    /// Words of thanks, as shouted: capitals of gratitude, not anger.
    static let shoutedThanks: Set<String> = ["THANK", "THANKS", "THX", "CHEERS", "MERCI", "GRACIAS", "DANKE", "DANKESCHÖN"]

    /// Words that go with thanks ("THANK YOU SO MUCH", "MERCI BEAUCOUP", "VIELEN DANK"), shouting nothing alone.
    static let thanksCompanions: Set<String> = ["YOU", "MUCH", "BEAUCOUP", "MUCHAS", "MUCHÍSIMAS", "VIELEN", "DANK", "SCHÖN"]

    /// Capitalised words that are names, not shouting.
    static let acronyms: Set<String> = [
        "IBAN", "SEPA", "SWIFT", "HTTP", "HTTPS", "NASA", "ASAP", "FAQS", "VISA", "GDPR", "RGPD", "DSGVO", "CCPA",
        "USPS", "UEFA", "NATO", "AVS", "CVV", "EMEA", "APAC", "OTP", "PDF", "HTML", "JSON", "ESIM", "VOIP", "WIFI",
        "SAML", "OKTA", "AWS", "DHL", "UPS", "TNT", "IKEA", "ISBN", "MIFI", "LTE", "UMTS", "SNCF", "RENFE",
    ]

    /// Short customer messages in a row that nobody answered (one of them
    /// may tell the problem at length), at least one of them a ping
    /// ("hello?", "???") or angry, or all of them fragments typed seconds
    /// apart: at `burst_messages` of them (`BehaviourSettings` has the words
    /// and gaps), one fewer when the burst opens at least `silence` seconds
    /// after the message before it (the tenant's long pause in a live
    /// channel; 0: never).
    func unansweredBurst(_ customer: [CustomerMessage], messages: [CommonV1.ConversationMessage], silence: Int64,
                         settings: SignalsV1.BehaviourSettings, sentimentSettings: SignalsV1.SentimentSettings,
                         into triggers: inout [Trigger]) {
        let defaults = Defaults.thresholds.behaviour!
        let shortWords = Int(settings.burstMessageWords > 0 ? settings.burstMessageWords : defaults.burstMessageWords)
        let gap = settings.burstGap?.seconds ?? defaults.burstGap!.seconds
        var burst: [CustomerMessage] = []
        var long = 0
        for message in customer.reversed() {
            if let later = burst.last {
                // Adjacent in the conversation (nobody answered) and quick.
                guard later.index == message.index + 1 else { break }
                if let time = message.sendTime, let laterTime = later.sendTime, laterTime - time > gap { break }
            }
            // Short messages, and at most one longer one telling the problem ("hello" / "the cash machine outside
            // the co op on high st has kept my card" / "??" / "hello is anyone reading these").
            if message.text.splitOnSpaces().count > shortWords {
                long += 1
                guard long == 1 else { break }
            }
            burst.append(message)
        }
        var required = Int(settings.burstMessages > 1 ? settings.burstMessages : defaults.burstMessages)
        // Back after a long silence in a live channel, the problem told and then a ping nobody answered ("jetzt steht
        // da zugestellt. ist es aber nicht" 40 minutes on, then "hallo?"): one message fewer makes the burst.
        if silence > 0, required > 2, let first = burst.last, first.index > 0, let time = first.sendTime,
           let previous = messages[first.index - 1].sendTime?.seconds, time - previous >= silence {
            required -= 1
        }
        guard burst.count >= required else { return }
        let impatient = burst.filter { message in
            message.tone <= sentimentSettings.negativeCompound || Self.hasRepeatedPunctuation(message.text)
                || (message.asks && message.text.splitOnSpaces().count <= 4)
                || !Self.shoutedWords(message.text).isEmpty
                // A bare ping after the burst began ("no" / "thats not it" / "hello" / "anyone"); not a greeting
                // opening it.
                || message.index != burst.last?.index && Self.isPing(message.normalized)
        }
        // Calm messages in a row are no burst: a bot that does not send its own replies makes every conversation
        // look unanswered (tried in session 17: the planner bench's CONTINUE turns all became hand-offs). Unless
        // they are fragments typed seconds apart ("hi" / "driver says delivered" / "its not" / "no photo nothing"),
        // which the send times show; a greeting opening them is not one ("hello" / "my order is late" / "order 5521"),
        // and fragments answering the bot's question are an answer ("What's the new address?" / "14 Elm Road" /
        // "Flat 2" / "Bristol").
        let fragments = burst.filter { !Self.isPing($0.normalized) }
        let answersQuestion = messages[..<burst.last!.index].last { $0.role == .bot }.map { Self.asks($0.text) } ?? false
        let fragmentWords = Int(settings.fragmentWords > 0 ? settings.fragmentWords : defaults.fragmentWords)
        let fragmentGap = settings.fragmentGap?.seconds ?? defaults.fragmentGap!.seconds
        guard !impatient.isEmpty
                || !answersQuestion && fragments.count >= required
                    && Self.areFragments(fragments.prefix(required), words: fragmentWords, gap: fragmentGap) else { return }
        triggers.append(Self.trigger(.behavioural, "behaviour.angry_burst",
                                     score: min(1, 0.5 + 0.1 * Double(burst.count) + 0.1 * Double(impatient.count)),
                                     threshold: Double(required), messages: burst.map(\.index).reversed(),
                                     measurements: ["messages": Double(burst.count), "impatient": Double(impatient.count)],
                                     explanation: "\(burst.count) short messages in a row without an answer"))
    }

    /// Whether `messages` (newest first) are fragments typed seconds apart:
    /// each of at most `words` words, each sent within `gap` seconds of the
    /// one before, as their send times show (a gap of 0: never).
    static func areFragments(_ messages: ArraySlice<CustomerMessage>, words: Int, gap: Int64) -> Bool {
        guard gap > 0, messages.count >= 2, messages.allSatisfy({ $0.text.splitOnSpaces().count <= words }) else { return false }
        return zip(messages.dropFirst(), messages).allSatisfy { earlier, later in
            guard let earlierTime = earlier.sendTime, let laterTime = later.sendTime else { return false }
            return laterTime - earlierTime <= gap
        }
    }

    /// Whether a bot message ends with a question ("What's the new address?").
    static func asks(_ text: String) -> Bool {
        text.last { !$0.isWhitespace } == "?"
    }

    /// Whether a normalised message is only a call for someone to answer ("hello", "anyone there", "hola?").
    static func isPing(_ normalized: String) -> Bool {
        let words = normalized.splitOnSpaces()
        return !words.isEmpty && words.count <= 3 && words.contains(where: pingWords.contains)
            && words.allSatisfy { pingWords.contains($0) || pingFillers.contains($0) }
    }

    /// Words that call for an answer.
    static let pingWords: Set<Substring> = [
        "hello", "helloo", "hellooo", "anyone", "anybody", "someone", "hola", "holaa", "alguien", "allo",
        "quelqu'un", "hallo", "halloo", "jemand",
    ]

    /// Words a ping may carry ("is anyone there", "alguien ahí", "jemand da").
    static let pingFillers: Set<Substring> = ["is", "there", "here", "ahi", "hay", "la", "da", "still", "sigue"]

    /// Share of capitals among the letters, or nil for messages too short to tell.
    static func uppercaseRatio(_ text: String) -> Double? {
        var letters = 0
        var upper = 0
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            for byte in text.utf8 {
                if (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) {
                    letters += 1
                    upper += 1
                } else if (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) {
                    letters += 1
                }
            }
        } else {
            for scalar in text.unicodeScalars where scalar.properties.isAlphabetic {
                letters += 1
                if scalar.properties.isUppercase { upper += 1 }
            }
        }
        guard letters >= 8 else { return nil }
        return Double(upper) / Double(letters)
    }

    /// Whether the anger a negative message's runs of marks would shout is
    /// in the sentences they close. When only VADER read the message as
    /// negative (nothing dissatisfied in it), a run closing a statement of
    /// its own that reads neither negative ("…your run club got me there!!!
    /// Wanted to ask about freezing my membership") is delight; one closing
    /// a negative sentence, or a word or three ("Hello!!!", "Seriously!!!"),
    /// still shouts the message.
    func marksCloseAnger(_ message: CustomerMessage, _ settings: SignalsV1.SentimentSettings) -> Bool {
        guard message.features.detail?.dissatisfied != true else { return true }
        return Self.sentencesBeforeTripleMarks(message.text).contains { sentence in
            sentence.splitOnSpaces().count < 4 || sentiment.scores(String(sentence)).compound <= settings.negativeCompound
        }
    }

    /// The sentences that runs of three or more "!" and "?" close, each from the end of the sentence before it.
    static func sentencesBeforeTripleMarks(_ text: String) -> [Substring] {
        let utf8 = text.utf8
        var sentences: [Substring] = []
        var run = 0
        var sentenceStart = utf8.startIndex
        for index in utf8.indices {
            let byte = utf8[index]
            if byte == UInt8(ascii: "!") || byte == UInt8(ascii: "?") {
                run += 1
                if run == 3 { sentences.append(Substring(utf8[sentenceStart..<utf8.index(index, offsetBy: -2)])) }
            } else {
                if run > 0 || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "\n") { sentenceStart = index }
                run = 0
            }
        }
        return sentences
    }

    /// Whether three "!" or "?" stand in a row ("!!!", "?!?").
    static func hasTripleMark(_ text: String) -> Bool {
        var run = 0
        for byte in text.utf8 {
            run = byte == UInt8(ascii: "!") || byte == UInt8(ascii: "?") ? run + 1 : 0
            if run >= 3 { return true }
        }
        return false
    }

    static func hasRepeatedPunctuation(_ text: String) -> Bool {
        !AdjacentMarks(in: text).isDisjoint(with: [.doubleExclamation, .doubleQuestion, .questionExclamation])
    }
}
