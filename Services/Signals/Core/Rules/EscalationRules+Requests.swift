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

    /// Whether every occurrence of a capability `phrase` in `text` names a
    /// product or a precaution: followed by a device or service noun ("fraud
    /// alert", "carbon monoxide detector") or after a verb of detecting or
    /// preventing ("detects carbon monoxide").
    static func namesProduct(_ phrase: String, inNormalized text: String) -> Bool {
        var rest = Substring(text)
        var occurrences = 0
        while let range = rest.range(of: " \(phrase) ") {
            occurrences += 1
            let before = rest[..<range.lowerBound].split(separator: " ").last.map(String.init) ?? ""
            let after = rest[range.upperBound...].prefix { $0 != " " }
            guard productNouns.contains(String(after)) || precautionVerbs.contains(before) else { return false }
            rest = rest[rest.index(before: range.upperBound)...]
        }
        return occurrences > 0
    }

    /// Nouns that make a hazard or fraud word before them a product or a precaution.
    static let productNouns: Set<String> = [
        "alert", "alerts", "alarm", "alarms", "detector", "detectors", "sensor", "sensors", "protection", "prevention",
        "insurance", "cover", "warning", "warnings", "awareness", "training", "monitoring", "guard", "shield",
        "alarma", "alerte", "alarme", "detecteur", "melder", "warnung", "schutz",
    ]

    /// Verbs that make a hazard or fraud word after them a precaution.
    static let precautionVerbs: Set<String> = [
        "detect", "detects", "detecting", "prevent", "prevents", "preventing", "against", "detecta", "detecte",
        "erkennt",
    ]

    static let negations: Set<String> = [
        "no", "not", "don't", "dont", "doesn't", "didn't", "won't", "never", "without", "nicht", "kein", "keinen",
        "ohne", "pas", "jamais", "sans", "nunca", "sin",
    ]

    func capabilityTriggers(_ text: String, original: String, index: Int, into triggers: inout [Trigger]) {
        // One pass finds whether any pair word or denial is there: the usual message has none.
        let cues = capabilityCueWords.matches(inNormalized: text)
        let paired = cues.isEmpty ? [:] : capabilityPairs.find(inNormalized: text)
            .filter { !$0.value.components(separatedBy: " … ").contains { Self.namesProduct($0, inNormalized: text) } }
        for (name, matcher) in capability {
            var phrases = matcher.matches(inNormalized: text)
            // "Send the documents to my solicitor" is an errand, not a dispute.
            if name == "capability.legal", !phrases.isEmpty, !legalErrand.matches(inNormalized: text).isEmpty {
                phrases = phrases.filter { !Lexicons.legalRoles.contains($0) }
            }
            // "A fraud alert", "a smoke detector", "does it detect carbon monoxide": a product, not an incident.
            if !phrases.isEmpty { phrases = phrases.filter { !Self.namesProduct($0, inNormalized: text) } }
            if phrases.isEmpty, let pair = paired[name] { phrases = [pair] }
            if phrases.isEmpty, name == "capability.security", cues.contains(where: DisownedAction.denials.contains),
               let disowned = DisownedAction.find(inNormalized: text) {
                phrases = [disowned]
            }
            guard !phrases.isEmpty else { continue }
            triggers.append(Self.trigger(.capabilityLimit, name, score: 1, threshold: 1, messages: [index], phrases: phrases,
                                         explanation: "A matter the bot may not handle: \(name.dropFirst("capability.".count))"))
        }
    }
}
