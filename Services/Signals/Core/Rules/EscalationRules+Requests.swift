import Wire

/// Explicit requests for a person and capability limits: what the customer
/// says they want, or a matter the bot may not handle.
extension EscalationRules {
    /// A request for a person in the customer's own words: not negated ("no
    /// need to put me through"), not quoted or reported from someone else
    /// ("my friend said just demand a supervisor"), not a look-alike ("human
    /// resources"): a listed phrase, or a clause shaped like a request
    /// (``PersonRequest``: "can one of your people look at this?"); or a
    /// bare "Representative." said to a voice menu.
    func explicitRequest(_ text: String, original: String, index: Int, into triggers: inout [Trigger]) {
        var phrases = humanRequest.matches(inNormalized: text, unlessAfter: Self.negations, window: 3)
        if !phrases.isEmpty {
            phrases = humanRequest.matches(inNormalized: SpeechScope.ownWords(original), unlessAfter: Self.negations, window: 3)
        } else if !personWords.matches(inNormalized: text).isEmpty, PersonRequest.mayHold(inNormalized: text) {
            phrases = PersonRequest.find(in: SpeechScope.ownClauses(original))
        }
        if phrases.isEmpty, text.split(separator: " ").contains(where: { bareHumanRequest.contains(String($0)) }) {
            phrases = bareRequest(original)
        }
        guard !phrases.isEmpty else { return }
        triggers.append(Self.trigger(.explicitRequest, "explicit.request_for_human", score: 1, threshold: 1,
                                     messages: [index], phrases: phrases,
                                     explanation: "The customer asked for a person"))
    }

    /// A sentence made only of a request word and fillers ("No. A fee.
    /// Representative."), as callers talk to voice menus.
    func bareRequest(_ original: String) -> [String] {
        for sentence in original.split(whereSeparator: { ".!?¡¿\n;".contains($0) }) {
            let words = PhraseMatcher.normalize(String(sentence)).split(separator: " ").map(String.init)
            if words.contains(where: bareHumanRequest.contains),
               words.allSatisfy({ bareHumanRequest.contains($0) || bareRequestFiller.contains($0) }) {
                return words.filter(bareHumanRequest.contains)
            }
        }
        return []
    }

    static let negations: Set<String> = [
        "no", "not", "don't", "dont", "doesn't", "didn't", "won't", "never", "without", "nicht", "kein", "keinen",
        "ohne", "pas", "jamais", "sans", "nunca", "sin",
    ]

    func capabilityTriggers(_ text: String, original: String, index: Int, into triggers: inout [Trigger]) {
        let paired = capabilityPairWords.matches(inNormalized: text).isEmpty ? [:] : capabilityPairs.find(inNormalized: text)
        for (name, matcher) in capability {
            var phrases = matcher.matches(inNormalized: text)
            // "Send the documents to my solicitor" is an errand, not a dispute.
            if name == "capability.legal", !phrases.isEmpty, !legalErrand.matches(inNormalized: text).isEmpty {
                phrases = phrases.filter { !Lexicons.legalRoles.contains($0) }
            }
            if phrases.isEmpty, let pair = paired[name] { phrases = [pair] }
            guard !phrases.isEmpty else { continue }
            triggers.append(Self.trigger(.capabilityLimit, name, score: 1, threshold: 1, messages: [index], phrases: phrases,
                                         explanation: "A matter the bot may not handle: \(name.dropFirst("capability.".count))"))
        }
    }
}
