import Wire

/// The summary at the top of a package: at most three sentences in the
/// package's language, deterministic and extractive (the customer's own
/// words, quoted; no model, no network):
///
/// 1. the issue: its topic and the customer's sentence that states it;
/// 2. what the customer needs: their latest sentence holding a request cue
///    ("I want", "quiero", "je voudrais", "ich möchte"…), when it is not
///    the sentence already quoted;
/// 3. what was tried: each step with its result, or that nothing was.
public enum SummaryWriter {
    /// Longest quote of the customer, in characters, cut at a word.
    public static let maximumQuote = 180

    /// The summary of `input` in `locale`.
    public static func summary(_ input: PackageInput, locale: MessageLocale) -> String {
        let phrases = SummaryPhrases(locale: locale)
        let family = IssueFamily(issueType: IssueClassifier.issueType(intent: input.intent))
        let sentences = customerSentences(input)
        let issue = issueSentence(sentences, input: input)
        var parts: [String] = []
        if let issue {
            parts.append(phrases.issue(topic: family.topic(in: locale), quote: quote(issue.text, locale: locale)))
        } else {
            parts.append(phrases.issueWithoutQuote(topic: family.topic(in: locale)))
        }
        if let request = requestSentence(sentences, locale: locale, excluding: issue) {
            parts.append(phrases.request(quote: quote(request.text, locale: locale)))
        }
        parts.append(phrases.tried(steps(input), locale: locale))
        return parts.joined(separator: " ")
    }

    /// A sentence of a customer message, with where it came from.
    struct Sentence: Hashable {
        var text: String
        var messageIndex: Int
    }

    /// Every customer sentence, oldest first, without greetings and
    /// sentences of fewer than three words.
    static func customerSentences(_ input: PackageInput) -> [Sentence] {
        var result: [Sentence] = []
        for (index, message) in input.conversation.messages.enumerated() where message.role == .customer {
            for sentence in split(message.text) where sentence.split(separator: " ").count >= 3 {
                result.append(Sentence(text: sentence, messageIndex: index))
            }
        }
        return result
    }

    /// The sentence stating the issue: the first one holding a word of the
    /// issue's topic (in any of the four languages) or of the intent's name,
    /// else the longest sentence of the first customer message.
    static func issueSentence(_ sentences: [Sentence], input: PackageInput) -> Sentence? {
        guard !sentences.isEmpty else { return nil }
        let family = IssueFamily(issueType: IssueClassifier.issueType(intent: input.intent))
        let topicWords = Set(MessageLocale.allCases.flatMap { family.topic(in: $0).lowercased().split(separator: " ").map(String.init) })
            .filter { $0.count > 3 }
        let intentWords = Set(input.intent.lowercased().split(whereSeparator: { $0 == "_" || $0 == "." }).map(String.init))
            .filter { $0.count > 3 }
        let cues = topicWords.union(intentWords)
        if !cues.isEmpty, let match = sentences.first(where: { sentence in
            words(sentence.text).contains(where: { word in cues.contains(where: { word.hasPrefix($0) || $0.hasPrefix(word) && word.count > 4 }) })
        }) {
            return match
        }
        let first = sentences[0].messageIndex
        return sentences.filter { $0.messageIndex == first }.max { $0.text.count < $1.text.count }
    }

    /// The customer's latest sentence with a request cue of `locale` (or of
    /// English), other than `excluding`.
    static func requestSentence(_ sentences: [Sentence], locale: MessageLocale, excluding: Sentence?) -> Sentence? {
        let cues = SummaryPhrases.requestCues[locale]! + (locale == .en ? [] : SummaryPhrases.requestCues[.en]!)
        return sentences.reversed().first { sentence in
            sentence != excluding && cues.contains { cue in (" " + sentence.text.lowercased()).contains(" " + cue) }
        }
    }

    /// The steps tried: the request's, plus the bare `attempted` sentences
    /// the caller gave without a kind.
    static func steps(_ input: PackageInput) -> [HandoffV1.AttemptedStep] {
        input.steps
    }

    /// `text` split after ".", "!" or "?" followed by a space, or at a line
    /// break; pieces trimmed.
    static func split(_ text: String) -> [String] {
        var sentences: [String] = []
        var current = ""
        var previous: Character = " "
        for character in text {
            if character == "\n" || (character == " " && ".!?".contains(previous)) {
                let trimmed = trim(current)
                if !trimmed.isEmpty { sentences.append(trimmed) }
                current = ""
            } else {
                current.append(character)
            }
            previous = character
        }
        let trimmed = trim(current)
        if !trimmed.isEmpty { sentences.append(trimmed) }
        return sentences
    }

    /// Lower-case words of letters and digits.
    static func words(_ text: String) -> [String] {
        text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
    }

    static func trim(_ text: String) -> String {
        String(text.drop(while: { $0.isWhitespace }).reversed().drop(while: { $0.isWhitespace }).reversed())
    }

    /// `text` at most `maximumQuote` characters, cut at a space with "…",
    /// without the final full stop (the summary's sentence ends it).
    static func quote(_ text: String, locale: MessageLocale) -> String {
        quote(text, limit: maximumQuote)
    }

    /// `text` at most `limit` characters, cut at a space with "…", without
    /// final full stops.
    static func quote(_ text: String, limit: Int) -> String {
        var text = text
        if text.count > limit {
            let cut = text.prefix(limit)
            let end = cut.lastIndex(of: " ") ?? cut.endIndex
            text = String(cut[..<end]) + "…"
        }
        while text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
