import Wire

/// Explicit requests for a person and capability limits: what the customer
/// says they want, or a matter the bot may not handle.
extension EscalationRules {
    func explicitRequest(_ text: String, index: Int, into triggers: inout [Trigger]) {
        // "No need to call me back" is not a request.
        var phrases = humanRequest.matches(inNormalized: text, unlessAfter: Self.negations, window: 3)
        // "agent", "representative please": a bare request, as said to voice menus.
        let words = text.split(separator: " ").map(String.init)
        if phrases.isEmpty, words.contains(where: bareHumanRequest.contains),
           words.allSatisfy({ bareHumanRequest.contains($0) || bareRequestFiller.contains($0) }) {
            phrases = words.filter(bareHumanRequest.contains)
        }
        guard !phrases.isEmpty else { return }
        triggers.append(Self.trigger(.explicitRequest, "explicit.request_for_human", score: 1, threshold: 1,
                                     messages: [index], phrases: phrases,
                                     explanation: "The customer asked for a person"))
    }

    static let negations: Set<String> = [
        "no", "not", "don't", "dont", "never", "nicht", "kein", "keinen", "pas", "jamais", "nunca",
    ]

    func capabilityTriggers(_ text: String, index: Int, into triggers: inout [Trigger]) {
        for (name, matcher) in capability {
            let phrases = matcher.matches(inNormalized: text)
            guard !phrases.isEmpty else { continue }
            triggers.append(Self.trigger(.capabilityLimit, name, score: 1, threshold: 1, messages: [index], phrases: phrases,
                                         explanation: "A matter the bot may not handle: \(name.dropFirst("capability.".count))"))
        }
    }
}
