import Wire

/// Sentiment: negative customer messages in a row, and sharp drops.
extension EscalationRules {
    /// How negative a customer message reads for the rules, from its
    /// `features` and their `detail`. VADER's compound for the whole
    /// message, or for its last sentence when that is more negative:
    /// customers wrap a complaint in politeness that lifts the average ("Yes
    /// please. Oh wait, you charged me three times. That's awful.") and end on
    /// where they stand. VADER's lexicon is English, so for messages in other
    /// languages (`english` false) it is not used: "war" is German for "was".
    /// A message with dissatisfaction or strong language VADER misses ("this
    /// is a joke", "eine Frechheit") counts as negative unless it also says
    /// thanks or joy: a lone "Brilliant." after "nothing works" is sarcasm.
    func tone(_ features: CustomerFeatures, detail: CustomerFeatures.Detail, english: Bool, strongLanguage: [String],
              settings: SignalsV1.SentimentSettings) -> Double {
        var tone = english ? features.scores.compound : 0
        if let last = detail.lastSentenceCompound { tone = min(tone, last) }
        let dissatisfied = !strongLanguage.isEmpty || detail.dissatisfied
        if tone > settings.negativeCompound, dissatisfied, tone < 0.5 || !isGlad(features) {
            tone = settings.negativeCompound
        }
        // Bad weather, an illness or an accident told as such is not about the service; nor is a matter the
        // message says is settled ("Ah vale, pues ya está, no hace falta…", "nope all good").
        if tone <= settings.negativeCompound, !dissatisfied,
           isOffTopic(features) || saysSettled(features.normalized) {
            tone = 0
        }
        return tone
    }

    /// Complaints told as bare facts ("Week three of waiting for the
    /// replacement router.", "Otro mes cobrado sin motivo"), as the learned
    /// cues read them: counted back from the scored message (`scored` is its
    /// prediction by `model`'s escalation head) over the tenant's count of
    /// consecutive negatives, each message VADER and the lists did not read
    /// as negative gets the cue (``CustomerMessage/learnedComplaint``) when
    /// the head reads a complaint at `threshold` or more and the message is
    /// neither glad, nor about the weather, an illness or an accident, nor
    /// saying the matter is settled; the
    /// first message that is neither negative nor a complaint ends the run.
    /// Only these few messages are read: the older ones cannot change the count.
    func readComplaints(_ messages: inout [CustomerMessage], scored: IntentPrediction?, model: IntentModel,
                        threshold: Double, settings: SignalsV1.SentimentSettings) {
        let required = Int(max(1, settings.consecutiveNegativeCount))
        for position in messages.indices.reversed().prefix(required) {
            let message = messages[position]
            guard message.tone > settings.negativeCompound else { continue }
            let prediction = position == messages.count - 1 ? scored : cuePrediction(message.text, model: model)
            guard let prediction, !isGlad(message.features), !isOffTopic(message.features),
                  !saysSettled(message.features.normalized), !Self.asksWhereOrWhen(message.text, normalized: message.normalized),
                  let cue = LearnedCue.read(.complaint, prediction, text: message.text, model: model, threshold: threshold)
            else { return }
            messages[position].learnedComplaint = cue
        }
    }

    /// Whether a message is only a short question of where or when ("¿Dónde
    /// está mi pedido?", "When will it arrive?"): asking for news, which the
    /// head, taught by complaints that open that way, can read as one.
    static func asksWhereOrWhen(_ text: String, normalized: String) -> Bool {
        let words = normalized.splitOnSpaces(maxSplits: 8)
        guard words.count <= 8, let first = words.first, whereOrWhen.contains(first),
              text.last(where: { !$0.isWhitespace }) == "?" else { return false }
        // One sentence: nothing ends before the closing question marks.
        var body = Substring(text)
        while let last = body.last, last.isWhitespace || last == "?" { body = body.dropLast() }
        return !body.contains { ".!?\n".contains($0) }
    }

    /// Question words asking where something is or when it comes.
    static let whereOrWhen: Set<Substring> = ["where", "when", "donde", "cuando", "ou", "quand", "wo", "wann"]

    func sentimentTriggers(_ messages: [CustomerMessage], trend: SignalsV1.SentimentTrend,
                           settings: SignalsV1.SentimentSettings, into triggers: inout [Trigger]) {
        // Swearing at the service escalates at the first message with it.
        if let last = messages.last, !last.profanity.isEmpty {
            triggers.append(Self.trigger(.sentiment, "sentiment.profanity", score: 1, threshold: 1, messages: [last.index],
                                         phrases: last.profanity, explanation: "The customer is swearing"))
        }
        let required = Int(max(1, settings.consecutiveNegativeCount))
        if trend.consecutiveNegative >= required {
            let recent = messages.suffix(Int(trend.consecutiveNegative))
            let worst = recent.map(\.tone).min() ?? 0
            var measurements = ["consecutive": Double(trend.consecutiveNegative), "worst_tone": worst]
            // Messages counted by the learned complaint cue: how many, how sure, and the words it rested on.
            let learned = recent.compactMap(\.learnedComplaint)
            if !learned.isEmpty {
                measurements["learned_complaints"] = Double(learned.count)
                measurements["learned_complaint_probability"] = learned.map(\.probability).min()!
            }
            // Complaints told as bare facts, by their shape: what was counted or measured.
            let grievances = recent.compactMap { $0.features.detail?.grievance }
            if !grievances.isEmpty { measurements["grievances"] = Double(grievances.count) }
            // Reaching the tenant's count is what escalates; a worse tone only adds.
            triggers.append(Self.trigger(.sentiment, "sentiment.consecutive_negative", score: min(1, 0.9 + abs(worst) * 0.1),
                                         threshold: abs(settings.negativeCompound), messages: recent.map(\.index),
                                         phrases: grievances + learned.flatMap(\.evidence), measurements: measurements,
                                         explanation: "\(trend.consecutiveNegative) negative customer messages in a row"))
        }
        // A fall from the best of the two previous messages, so a polite
        // message in between does not hide it.
        guard let last = messages.last, messages.count >= 2, last.tone <= settings.negativeCompound else { return }
        let previous = messages.dropLast().suffix(2)
        let best = previous.max { $0.tone < $1.tone }!
        let drop = best.tone - last.tone
        if drop >= 1.0 {
            triggers.append(Self.trigger(.sentiment, "sentiment.sharp_drop", score: min(1, drop / 2), threshold: 1.0,
                                         messages: [best.index, last.index], measurements: ["drop": drop],
                                         explanation: "Sentiment fell sharply in the last message"))
        }
    }

    /// The last sentence with a letter in it, when an earlier one has a
    /// letter too; nil for a single sentence. Sentences end at . ! ? ¡ ¿ and
    /// line breaks. One backward pass over the scalars: messages can be long.
    static func lastOfSeveralSentences(_ text: String) -> Substring? {
        let scalars = text.unicodeScalars
        var end = scalars.endIndex
        var index = scalars.endIndex
        var last: Range<String.Index>?
        var hasLetter = false
        while index != scalars.startIndex {
            scalars.formIndex(before: &index)
            let scalar = scalars[index]
            switch scalar {
            case ".", "!", "?", "¡", "¿", "\n":
                if hasLetter {
                    if last != nil { return text[last!] }
                    last = scalars.index(after: index)..<end
                }
                hasLetter = false
                end = index
            default:
                if !hasLetter && scalar.properties.isAlphabetic { hasLetter = true }
            }
        }
        return hasLetter && last != nil ? text[last!] : nil
    }
}
