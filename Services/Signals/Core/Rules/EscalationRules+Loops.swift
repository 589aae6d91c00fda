import Wire

/// Loops and bot confidence: the conversation is not getting anywhere.
extension EscalationRules {
    /// One unsure reply is a clarifying question; unsure replies in a row
    /// (one per scored customer message, remembered across calls) mean the
    /// bot is out of its depth.
    func confidenceTriggers(_ confidences: [Int: Double], customer: [CustomerMessage],
                            lastBot: CommonV1.ConversationMessage?, thresholds: SignalsV1.Thresholds,
                            into triggers: inout [Trigger]) {
        let settings = thresholds.confidence ?? Defaults.thresholds.confidence!
        let low = settings.lowConfidence > 0 ? settings.lowConfidence : Defaults.thresholds.confidence!.lowConfidence
        let required = Int(settings.consecutiveLow > 0 ? settings.consecutiveLow : Defaults.thresholds.confidence!.consecutiveLow)
        if let current = customer.last, let confidence = confidences[current.index], confidence < low {
            let streak = Array(customer.reversed().prefix { (confidences[$0.index] ?? 1) < low }.reversed())
            let values = streak.map { confidences[$0.index]! }
            if streak.count >= required {
                triggers.append(Self.trigger(.botConfidence, "confidence.consecutive_low", score: 1, threshold: low,
                                             messages: streak.map(\.index),
                                             measurements: ["bot_confidence": confidence, "consecutive": Double(streak.count),
                                                            "lowest": values.min()!],
                                             explanation: "\(streak.count) bot replies in a row with confidence below \(low)"))
            } else {
                triggers.append(Self.trigger(.botConfidence, "confidence.bot_low", score: min(1, (low - confidence) / low + 0.5),
                                             threshold: low, messages: [current.index],
                                             measurements: ["bot_confidence": confidence],
                                             explanation: "The bot is not confident in its answer"))
            }
        }
        // Bots that report no confidence still say when they have no answer.
        if let lastBot {
            let phrases = botFallback.matches(in: lastBot.text)
            if !phrases.isEmpty {
                triggers.append(Self.trigger(.botConfidence, "confidence.bot_fallback", score: 0.6, threshold: 1,
                                             phrases: phrases, explanation: "The bot's last answer was a fallback"))
            }
        }
    }

    /// Share of word stems two bot answers must share to count as the same answer.
    static let repeatedAnswerSimilarity = 0.6

    func loopTriggers(_ messages: [CommonV1.ConversationMessage], customer: [CustomerMessage], upTo index: Int,
                      thresholds: SignalsV1.Thresholds, into triggers: inout [Trigger]) {
        let settings = thresholds.loop ?? Defaults.thresholds.loop!
        let windowStart = max(0, index + 1 - Int(max(2, settings.windowMessages)))
        let recent = customer.filter { $0.index >= windowStart }
        guard let last = recent.last, last.index == index else { return }
        // How the scored message pushes back, read once for the rules below.
        lazy var lastPushback = pushesBack(last)
        // And the customer message before it: the rules below read it as a pushback or a correction.
        lazy var previousPushback = recent.count >= 2 ? pushesBack(recent[recent.count - 2]) : []

        // The same question asked again. Thanks and other clearly positive
        // messages repeat without being a loop.
        let words = stems(last)
        var similar: [Int] = []
        // "I repeat: ...", "as I said", "also nochmal:": the customer says it is a restatement, in however few
        // words of substance ("also nochmal: geht ein Umtausch L gegen M"). Read with the message's tone, not VADER's
        // raw compound: VADER is English, and that message read 0.58 to it, like thanks. The times counted mark it
        // however positive it reads, without thanks or joy ("ok so for the 3rd time lol: can it be redelivered
        // saturday, yes or no": "lol" and "yes" lift VADER); "yes please, one more time" asks the bot to repeat.
        // The times counted in figures mark it only before a colon ("for the 3rd time lol: can it…"); "Ich bestelle
        // zum 3. Mal bei euch" counts orders.
        let calm = last.tone < 0.5
        let marked = (calm
            ? restatement.matches(inNormalized: last.normalized) + (Self.asksAgain(last.text) ? ["again:"] : [])
            : isGlad(last.features) ? [] : restatement.matches(inNormalized: last.normalized).filter(Self.timesCounted.contains))
            .filter { !Self.timesInFigures.contains($0) || last.text.utf8.contains(UInt8(ascii: ":")) }
            // Attempts counted mark the need only when it follows ("ok third try lol: …", "third go - is there a
            // photo"); "third attempt failed too" counts payments.
            .filter { !Self.attemptsCounted.contains($0) || Self.introducesWhatFollows(last.text) }
        if (words.count >= 3 && calm) || !marked.isEmpty {
            similar = words.count < 3 || !calm ? [] : recent.dropLast().filter { earlier in
                let earlierWords = stems(earlier)
                return earlierWords.count >= 3 && Self.overlap(words, earlierWords) >= settings.similarity
            }.map(\.index)
            if !marked.isEmpty, similar.count < Int(max(1, settings.maxRestatements)) {
                similar = recent.dropLast().map(\.index).suffix(Int(max(1, settings.maxRestatements)))
            }
            // The need, then a message saying the answer missed it, then the need again: the complaint between
            // is the second statement ("moving house, need my account moved" … "not what I asked lol" … "moving
            // my account to my new house").
            if similar.count == 1, Int(max(1, settings.maxRestatements)) == 2,
               let between = recent.first(where: { $0.index > similar[0] && $0.index < index
                   && (isUnresolved($0) || !pushesBack($0).isEmpty) }) {
                similar.append(between.index)
            }
            if similar.count >= Int(max(1, settings.maxRestatements)) {
                triggers.append(Self.trigger(.loop, "loop.restated_question", score: min(1, 0.5 + 0.2 * Double(similar.count)),
                                             threshold: settings.similarity, messages: similar + [index],
                                             measurements: ["restatements": Double(similar.count)],
                                             explanation: "The customer restated the same question \(similar.count) times"))
            }
        }

        // The bot giving the same answer again; worse when the customer has
        // just asked the same question again.
        // Near-identical answers reworded ("You can manage your plan under
        // Account > My plan" / "To make changes to your plan, go to Account >
        // My plan") share most word stems.
        let bot = (windowStart..<index).filter { messages[$0].role == .bot }
            .map { (index: $0, words: botStems(messages[$0].text)) }
        let repeats = bot.enumerated().filter { position, answer in
            answer.words.count >= 3 && bot[..<position].contains {
                let shared = Self.sharedCount($0.words, answer.words)
                return shared >= 3 && Double(shared) / Double(min($0.words.count, answer.words.count)) >= Self.repeatedAnswerSimilarity
            }
        }.map(\.element.index)
        // Repeats before the customer's thanks, or their word that it worked, are answers, not a loop; so is a
        // repeat the customer acknowledges to move on, unless they had already said it does not work ("I did
        // that, it just sent me here" … "yes that's how I got to this chat").
        // A thumbs-up alone ("👍") approves the answer; it has no words for the lists to read.
        if let lastRepeat = repeats.last, lastRepeat == bot.last?.index, last.tone < 0.5, !Self.onlyApproval(last.text),
           !isGlad(last.features), !saysSettled(last),
           // An answer that took up a new question is no loop, unless the customer pushes back on it ("Right, but for
           // my claim specifically…").
           !lastPushback.isEmpty || !answersNewQuestion(bot, customer: recent, thresholds: thresholds),
           case let saidStuck = recent.contains(where: { $0.index > bot[0].index && isUnresolved($0) }),
           saidStuck || !movesOn(last, pushback: lastPushback, earlier: recent.dropLast(), thresholds: thresholds) {
            // Still on the need: restated, pushed back on, or a word of an earlier message of theirs, or said not to be solved.
            let persisting = !similar.isEmpty || saidStuck || !lastPushback.isEmpty
                || recent.count >= 3 && recent.dropLast().contains { !stems($0).isDisjoint(with: words) }
            let restated = persisting ? 0.25 : 0.0
            triggers.append(Self.trigger(.loop, "loop.repeated_bot_answer",
                                         score: min(1, 0.5 + 0.25 * Double(repeats.count) + restated),
                                         threshold: 0.8, messages: repeats,
                                         measurements: ["repeats": Double(repeats.count), "restated": persisting ? 1 : 0],
                                         explanation: "The bot gave the same answer \(repeats.count + 1) times"))
        }

        // Customer messages saying the last answer did not help, after the bot answered at least once.
        guard let firstAnswer = messages.firstIndex(where: { $0.role == .bot }), firstAnswer < index else { return }
        let stuck = recent.filter { $0.index > firstAnswer && isUnresolved($0) }.map(\.index)
        // The need, then twice "still not solved" about it (a word of the need in the last): the third
        // statement of one need in other words ("a £18 roaming charge?" … "I know it's included" … "What
        // was I charged for abroad?").
        // Or pushed back on two answers in a row ("ok but is that today?" … "i just need to know which day"):
        // the need of the message before, put again twice in other words.
        let pushedBack = recent.suffix(2).filter { $0.index > firstAnswer }
            .map { (index: $0.index, phrases: $0.index == index ? lastPushback : previousPushback) }.filter { !$0.phrases.isEmpty }
        if pushedBack.count == 2, pushedBack.last?.index == index, recent.count >= 3,
           !isGlad(last.features), !saysSettled(last),
           !triggers.contains(where: { $0.name == "loop.restated_question" }) {
            let need = recent[recent.count - 3]
            triggers.append(Self.trigger(.loop, "loop.restated_question", score: 0.9, threshold: 2,
                                         messages: [need.index] + pushedBack.map(\.index),
                                         phrases: pushedBack.flatMap(\.phrases),
                                         measurements: ["restatements": 2, "pushed_back": 2],
                                         explanation: "The customer put the same need 3 times, pushing back on the answers twice"))
            return
        }
        // The need, a correction of how the bot read it, then the need again after an answer that took up none of
        // the correction's words ("a cracked jug" … "i don't want to return the whole thing, just need a new jug sent
        // out" … "To return an item, go to Your orders" … "can you post me a replacement jug only"): the third
        // statement, in whatever words, even when the answer ends on a question of its own ("Would you like to
        // switch to paperless billing?").
        if recent.count >= 3, last.tone < 0.5, !isGlad(last.features), !saysSettled(last),
           !Self.onlyApproval(last.text), !triggers.contains(where: { $0.name == "loop.restated_question" }),
           case let need = recent[recent.count - 3], case let correction = recent[recent.count - 2],
           let misread = messages[need.index..<correction.index].last(where: { $0.role == .bot }),
           let answer = messages[correction.index..<index].last(where: { $0.role == .bot }),
           case let phrases = previousPushback.isEmpty ? declinedOffer(correction, restating: need)
               : previousPushback,
           phrases.contains(where: { !Self.triedAsTold.contains($0) && !Self.didAsTold.contains(Substring($0)) }),
           case let corrected = stems(correction).subtracting(stems(need)).subtracting(botStems(misread.text)),
           corrected.count >= 2, botStems(answer.text).isDisjoint(with: corrected),
           case let words = stems(last),
           (words.count >= 3 && (last.asks || Self.asksIndirectly(last.normalized)))
               || !words.isDisjoint(with: stems(need).union(stems(correction))),
           // "Great. And can I add my daughter to the plan?": the answer taken, a new question.
           !Self.opensWithAcknowledgement(last.normalized),
           // "here you go: shop link for VX-400": what the answer asked for, handed over.
           !Self.handsOver(last.normalized),
           // "Do you mean folder-level permissions, or sharing a single file by link?" … "folder level": an option
           // the answer's question offered, picked.
           !(Self.offersOptions(answer.text) && last.normalized.splitOnSpaces().count <= 4
               && words.isSubset(of: botStems(answer.text))),
           !movesOn(last, pushback: lastPushback, earlier: recent.dropLast(), thresholds: thresholds) {
            triggers.append(Self.trigger(.loop, "loop.restated_question", score: 0.9, threshold: 2,
                                         messages: [need.index, correction.index, index], phrases: phrases,
                                         measurements: ["restatements": 2, "pushed_back": 1, "correction_ignored": 1],
                                         explanation: "The customer put the same need 3 times; the answer to their correction ignored it"))
            return
        }
        // The need put a third time, pushing back on the answer, the three messages held together by words of it:
        // one in all three ("came without the chicken wrap" … "the chicken wrap. £7.49" … "ok but I still paid for
        // a wrap I didn't get"), or one from each to the next ("una muzza grande" … "quiero que me manden la muzza
        // que pedí" … "te estoy pidiendo que me manden la pizza correcta").
        if recent.count >= 3, last.tone < 0.5, !isGlad(last.features), !saysSettled(last),
           !triggers.contains(where: { $0.name == "loop.restated_question" }),
           case let phrases = lastPushback, !phrases.isEmpty,
           case let before = recent.suffix(3).dropLast(),
           Self.heldTogether(words, stems(before[before.startIndex]), stems(before[before.startIndex + 1])),
           // "cool. we've got 14 seats…" … "Perfect. Last thing, does Growth raise the webhook limit?": the answer
           // taken, a new need; the plan named in both does not make them one.
           !takesTheAnswer(before[before.startIndex + 1], thresholds: thresholds) {
            triggers.append(Self.trigger(.loop, "loop.restated_question", score: 0.9, threshold: 2,
                                         messages: before.map(\.index) + [index], phrases: phrases,
                                         measurements: ["restatements": 2, "pushed_back": 1],
                                         explanation: "The customer put the same need 3 times, pushing back on the answer"))
            return
        }
        // The need put a third time because the bot kept asking: every answer between was a question that took up
        // none of the need's words, and the three messages share two of them ("came without the pork buns" … "Which
        // item was missing?" … "the pork buns, 2 portions" … "it's just the 2 portions of pork buns"). A question
        // about the need itself ("What's the new address?") is the bot gathering what it needs, not a loop.
        if recent.count >= 3, last.tone < 0.5, !isGlad(last.features), !saysSettled(last),
           !triggers.contains(where: { $0.name == "loop.restated_question" }),
           case let three = Array(recent.suffix(3)),
           case let need = stems(three[0]).intersection(stems(three[1])).intersection(words), need.count >= 2,
           case let answers = messages[three[0].index..<index].filter({ $0.role == .bot }), answers.count >= 2,
           answers.allSatisfy({ Self.hasQuestionMark($0.text) && botStems($0.text).isDisjoint(with: need) }) {
            triggers.append(Self.trigger(.loop, "loop.restated_question", score: 0.9, threshold: 2,
                                         messages: three.map(\.index), measurements: ["restatements": 2, "asked_again": 2],
                                         explanation: "The customer put the same need 3 times, the bot asking each time"))
            return
        }
        guard stuck.count >= 2, stuck.last == index else { return }
        // The need is the latest earlier message about it: not an "ok, I'll try" in between.
        if !triggers.contains(where: { $0.name == "loop.restated_question" }),
           let need = recent.last(where: { $0.index < stuck[stuck.count - 2] && !stems($0).isDisjoint(with: words) }) {
            triggers.append(Self.trigger(.loop, "loop.restated_question", score: 0.9, threshold: 2,
                                         messages: [need.index] + stuck.suffix(2),
                                         measurements: ["restatements": 2, "unresolved": Double(stuck.count)],
                                         explanation: "The customer stated the same need 3 times, twice saying it is not solved"))
        } else {
            triggers.append(Self.trigger(.loop, "loop.unresolved_questions", score: min(1, 0.4 + 0.2 * Double(stuck.count)),
                                         threshold: 2, messages: stuck, measurements: ["unresolved": Double(stuck.count)],
                                         explanation: "\(stuck.count) customer messages say the problem is not solved"))
        }
    }

    /// Whether three messages' stems (`last` the latest) are about one need:
    /// a chain in order, the second sharing a stem with the first and the
    /// last one with the second (a stem in all three is one such chain). An
    /// opening that shares a word with the last only ("Unsere
    /// Personalabteilung bucht…" … "Nein, unsere eigene Rechnungsadresse")
    /// is not the need stated.
    static func heldTogether(_ last: Set<UInt64>, _ first: Set<UInt64>, _ second: Set<UInt64>) -> Bool {
        !last.isDisjoint(with: second) && !first.isDisjoint(with: second)
    }

    /// The phrases with which a customer message pushes back on the last
    /// answer: ``Lexicons/pushback`` and ``Lexicons/triedAsTold``, or a
    /// bare "No." opening a message that goes on to put the need again ("no.
    /// the 14th doesn't work for me anymore, I need to fly on the 16th"); a
    /// "no, thanks" is not one.
    func pushesBack(_ message: CustomerMessage) -> [String] {
        message.features.detail?.scored?.pushback
            ?? readPushback(text: message.text, normalized: message.normalized,
                            words: PhraseMatcher.words(inNormalized: message.normalized), glad: isGlad(message.features))
    }

    /// ``pushesBack(_:)`` of a message's `text`, `normalized` (its
    /// ``PhraseMatcher/words(inNormalized:)`` are `words`), `glad` when it says thanks or joy.
    func readPushback(text: String, normalized: String, words split: PhraseMatcher.Words,
                      glad: Bool) -> [String] {
        var phrases = pushback.matches(inNormalized: normalized, words: split)
        // Only the opening words are read below: a long message is not split whole.
        let words = normalized.splitOnSpaces(maxSplits: 8)
        // Not an offer declined ("No need, I'll pop in. Is parking still free?").
        // After a filler too ("Ben non. Je déménage…", "well no, I want…").
        let refusalAt = words.count > 1 && Self.fillers.contains(words[0]) ? 1 : 0
        if words.count >= 5 + refusalAt, Self.refusals.contains(words[refusalAt]), !glad,
           !Self.declines.contains(words[refusalAt + 1]) {
            phrases.append(words[...refusalAt].joined(separator: " "))
        }
        // Asking again with insistence ("comment je récupère mon colis si le relais n'existe plus ??").
        if Self.hasDoubleQuestionMark(text), !glad {
            phrases.append("??")
        }
        // Did what the bot said, told first ("checked the doorstep and the lobby", "yes checked the lobby, nothing there").
        let opening = words.first.map { Self.assents.contains($0) ? Array(words.dropFirst()) : Array(words) } ?? []
        if let verb = opening.first, Self.didAsTold.contains(verb), words.count >= 4, !glad {
            phrases.append(String(verb))
        }
        // A correction opening the message ("not sharing, I need a file…", "Keine Packstation bitte. Ich hätte es gern…",
        // "not a safe place, the locker on Hatfield Road").
        if let first = words.first, Self.corrections.contains(first), words.count >= 5, !glad,
           let clause = text.split(whereSeparator: { ",.;:!?".contains($0) }).first,
           clause.splitOnSpaces().count <= 4 {
            phrases.append(String(clause).lowercased())
        }
        return phrases
    }

    /// The refusal opening `message` when it declines what the bot offered
    /// and puts the need again, a stem of `need` in it ("nein danke, bitte
    /// einfach auf Basic umstellen" after "ich will von Premium auf Basic"
    /// and an offer to hear more about Premium): a correction of how the bot
    /// read the need. Empty otherwise: a decline alone ("no thanks, that's
    /// all") moves on.
    func declinedOffer(_ message: CustomerMessage, restating need: CustomerMessage) -> [String] {
        let words = message.normalized.splitOnSpaces(maxSplits: 3)
        let refusalAt = words.count > 1 && Self.fillers.contains(words[0]) ? 1 : 0
        guard words.count > refusalAt + 2, Self.refusals.contains(words[refusalAt]), Self.declines.contains(words[refusalAt + 1]),
              !stems(message).isDisjoint(with: stems(need)) else { return [] }
        return [words[refusalAt...(refusalAt + 1)].joined(separator: " ")]
    }

    /// Whether a normalised message asks without a question mark ("I just
    /// need to know where the driver actually put it").
    static func asksIndirectly(_ normalized: String) -> Bool {
        indirectQuestions.contains { normalized.contains($0) }
    }

    /// Openings of a question asked as a statement.
    static let indirectQuestions = [
        " need to know ", " want to know ", " like to know ", " tell me where ", " tell me when ", " tell me how ",
        " tell me why ", " tell me what ", " necesito saber ", " quiero saber ", " j'ai besoin de savoir ",
        " je veux savoir ", " muss wissen ", " will wissen ", " mochte wissen ",
    ]

    /// Restatement markers that count the times the need was put ("for the third time").
    static let timesCounted: Set<String> = [
        "for the third time", "for the 3rd time", "zum 3 mal", "zum dritten mal", "pour la 3e fois",
        "pour la troisieme fois", "por tercera vez", "third try", "third go", "third attempt", "3rd try", "3rd go",
        "3rd attempt", "tercer intento", "troisieme essai", "troisieme tentative", "dritter versuch", "third time lucky",
        "third time asking", "3rd time asking", "tercera vez que pregunto", "tercera vez que lo pido",
        "troisieme fois que je demande",
    ]

    /// Restatement markers that count attempts.
    static let attemptsCounted: Set<String> = [
        "third try", "third go", "third attempt", "3rd try", "3rd go", "3rd attempt", "tercer intento",
        "troisieme essai", "troisieme tentative", "dritter versuch", "third time lucky",
    ]

    /// Whether `text` has a colon or a dash, which introduce what follows.
    static func introducesWhatFollows(_ text: String) -> Bool {
        text.utf8.contains(UInt8(ascii: ":")) || text.contains(" - ") || text.contains("–") || text.contains("—")
    }

    /// ``timesCounted`` in figures.
    static let timesInFigures: Set<String> = ["for the 3rd time", "zum 3 mal", "pour la 3e fois", "3rd try", "3rd go", "3rd attempt"]

    /// Whether a sentence of `text` opens with "again" and a colon, or a comma
    /// and a question ("Still no date. Again: when will my broadband be
    /// working?", "Again, where is it?"): the question marked as asked
    /// before. "Again, thanks" thanks once more. Read in one pass over the
    /// bytes, comparing only at the start of a sentence: it runs on every
    /// scored message.
    static func asksAgain(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var sentenceStart = true
            for index in bytes.indices {
                let byte = bytes[index]
                if sentenceStart, byte != 0x20, byte != 0x09 {
                    sentenceStart = false
                    for word in againWords where startsWith(bytes, at: index, lowercased: word) {
                        // French puts a space before the colon ("Encore une fois : où est mon colis ?").
                        var after = index + word.count
                        while after < bytes.count, bytes[after] == 0x20 { after += 1 }
                        guard after < bytes.count else { continue }
                        if bytes[after] == UInt8(ascii: ":") { return true }
                        if bytes[after] == UInt8(ascii: ","), questionWords.contains(nextWord(bytes, from: after + 1)) {
                            return true
                        }
                    }
                }
                // Sentence ends, and the Spanish opening question mark (0xC2 0xBF) starts one.
                if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "!") || byte == UInt8(ascii: "?")
                    || byte == UInt8(ascii: "\n") || byte == 0xBF && index > 0 && bytes[index - 1] == 0xC2 {
                    sentenceStart = true
                }
            }
            return false
        }
    }

    /// Whether `bytes` at `index` spell `word` (lowercase ASCII), in either case.
    private static func startsWith(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, lowercased word: [UInt8]) -> Bool {
        guard index + word.count <= bytes.count else { return false }
        for (offset, letter) in word.enumerated() {
            let byte = bytes[index + offset]
            let lower = (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
            if lower != letter { return false }
        }
        return true
    }

    /// The word after `index` (spaces and an opening "¿" or "¡" skipped), lowercased.
    private static func nextWord(_ bytes: UnsafeBufferPointer<UInt8>, from index: Int) -> String {
        var start = index
        while start < bytes.count, bytes[start] == 0x20 || bytes[start] == 0xC2 && start + 1 < bytes.count
                && (bytes[start + 1] == 0xBF || bytes[start + 1] == 0xA1) {
            start += bytes[start] == 0x20 ? 1 : 2
        }
        var end = start
        while end < bytes.count, case let byte = bytes[end],
              byte >= 0x80 || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20) { end += 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self).lowercased()
    }

    /// "Again" opening a sentence, in the four languages, as lowercase bytes.
    static let againWords: [[UInt8]] = ["again", "otra vez", "de nuevo", "nochmal", "noch einmal", "encore une fois"]
        .map { Array($0.utf8) }

    /// Words that open a question after "Again,"; not those that open other clauses too ("De nuevo, que tengan buen
    /// día": Spanish "que", "como", French "ou", German "was").
    static let questionWords: Set<String> = [
        "when", "where", "what", "why", "how", "who", "which", "can", "could", "will", "is", "are", "do", "does", "did",
        "cuándo", "dónde", "qué", "cómo", "por qué", "wann", "wo", "wie", "warum", "quand", "où", "comment", "pourquoi",
    ]

    /// Whether `text` has "??", read in one pass over its bytes.
    static func hasDoubleQuestionMark(_ text: String) -> Bool {
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: "?") && previous == byte { return true }
            previous = byte
        }
        return false
    }

    /// Whether a message is nothing but approving emoji ("👍", "👌🙂").
    static func onlyApproval(_ text: String) -> Bool {
        var approving = false
        for scalar in text.unicodeScalars where !scalar.properties.isWhitespace {
            if approvingEmoji.contains(scalar) { approving = true; continue }
            // Skin tones and variation selectors ride on the emoji.
            guard (0x1F3FB...0x1F3FF).contains(scalar.value) || (0xFE00...0xFE0F).contains(scalar.value) else { return false }
        }
        return approving
    }

    /// Emoji that approve an answer.
    static let approvingEmoji: Set<Unicode.Scalar> = ["👍", "👌", "✅", "🙏", "🙂", "😊", "👏", "💯", "✔"]

    /// ``Lexicons/triedAsTold``, as ``pushesBack(_:)`` returns them.
    static let triedAsTold = Set(Lexicons.triedAsTold)

    /// A yes before what the customer did ("yes checked the lobby", "ok checked w both neighbours").
    static let assents: Set<Substring> = ["yes", "yeah", "yep", "ok", "okay", "si", "oui", "ja"]

    /// Looking or trying where the bot said, told as done ("checked the doorstep and the lobby").
    static let didAsTold: Set<Substring> = ["checked", "looked", "tried", "mirado", "revisado", "regarde", "verifie", "nachgesehen"]

    /// A denial opening a short first clause that corrects the bot's reading ("not sharing,", "Keine Packstation bitte.").
    static let corrections: Set<Substring> = ["not", "keine", "kein"]

    /// Words after a refusal that decline an offer rather than push back ("no need", "no worries", "pas besoin").
    static let declines: Set<Substring> = ["need", "worries", "problem", "thanks", "thank", "hace", "besoin", "merci",
                                           "danke", "gracias", "notwendig", "notig"]

    /// Words that may stand before a refusal opening a message ("ben non", "pues no", "naja, nein").
    static let fillers: Set<Substring> = ["well", "erm", "um", "ben", "bah", "beh", "euh", "pues", "bueno", "naja", "also", "ah"]

    /// A refusal opening a message.
    static let refusals: Set<Substring> = ["no", "nope", "non", "nein", "nee",
                                           // None of the options offered ("aucune, on a déjà Équipe").
                                           "none", "aucune", "aucun", "ninguna", "ninguno"]

    /// Whether the bot's last answer, like an earlier one, answers a new
    /// question: the customer asked calmly about something ("And my
    /// projects?") that the last answer takes up and the earlier like answers
    /// do not ("Go to Projects > Settings and click Export"). Templated
    /// answers to different questions are not a loop.
    func answersNewQuestion(_ bot: [(index: Int, words: Set<UInt64>)], customer: [CustomerMessage],
                            thresholds: SignalsV1.Thresholds) -> Bool {
        guard let answer = bot.last, let question = customer.last(where: { $0.index < answer.index }) else { return false }
        let negative = Self.negativeCompound(thresholds)
        guard question.tone > negative, !isUnresolved(question) else { return false }
        let earlier = bot.dropLast().filter {
            Self.overlap($0.words, answer.words) >= Self.repeatedAnswerSimilarity
        }.reduce(into: Set<UInt64>()) { $0.formUnion($1.words) }
        return !stems(question).intersection(answer.words).subtracting(earlier).isEmpty
    }

    /// Whether the customer, after the bot's repeated answer, moved on to
    /// something else ("k. word limit?", "dann die Bowl. Lieferzeit
    /// ungefähr?"): an acknowledgement first, calm, not saying the answer
    /// failed nor that they repeat themselves nor pushing back (`pushback`:
    /// ``pushesBack(_:)`` of the message), and sharing no word with what
    /// they asked before. A customer caught in a loop comes back to their
    /// need ("Ok, can your API export them instead?" asked for an export
    /// before).
    func movesOn(_ message: CustomerMessage, pushback: [String], earlier: ArraySlice<CustomerMessage>,
                 thresholds: SignalsV1.Thresholds) -> Bool {
        let negative = Self.negativeCompound(thresholds)
        guard message.tone > negative, !isUnresolved(message),
              restatement.matches(inNormalized: message.normalized).isEmpty,
              // "ok so is the rider actually on the way or what's happening with it": pushing back, not moving on.
              pushback.isEmpty else { return false }
        // The customer says so first: an acknowledgement opens the message ("k.", "done.", "dann die Bowl").
        guard Self.opensWithAcknowledgement(message.normalized) else { return false }
        let words = stems(message)
        return earlier.allSatisfy { stems($0).isDisjoint(with: words) }
    }

    /// Whether a message opens by taking the last answer with a word of
    /// praise or thanks standing alone ("Perfect. Last thing, …", "Nice, and
    /// billing?"), pushing back on nothing, saying nothing is solved, not
    /// negative: what it asks next is a new need. Not "genial, pero necesito
    /// que vaya a la nueva dirección" (the praise taken back at once), "Top
    /// up, not tickets", "Super frustrating", "Great. Still need the address
    /// changed".
    func takesTheAnswer(_ message: CustomerMessage, thresholds: SignalsV1.Thresholds) -> Bool {
        // "vale. y otra cosa, he visto un cargo…": another matter announced opens a new need.
        if Self.announcesAnotherMatter(message.normalized), message.features.detail?.dissatisfied != true,
           message.tone > Self.negativeCompound(thresholds), !isUnresolved(message) {
            return pushesBack(message).isEmpty
        }
        let opening = message.normalized.splitOnSpaces(maxSplits: 3).prefix(3)
        guard let first = opening.first, Self.praise.contains(first), !opening.dropFirst().contains(where: Self.contrasts.contains),
              let written = message.text.drop(while: \.isWhitespace).splitOnSpaces(maxSplits: 1).first,
              let mark = written.last, ".,!".contains(mark), message.features.detail?.dissatisfied != true,
              message.tone > Self.negativeCompound(thresholds), !isUnresolved(message)
        else { return false }
        return pushesBack(message).isEmpty
    }

    /// Whether a normalised message opens by acknowledging the last answer:
    /// one of ``acknowledgements``, or "fair enough" ("Fair enough, I didn't
    /// realise it was made to order"); not "Fair?? I paid for a year".
    static func opensWithAcknowledgement(_ normalized: String) -> Bool {
        let opening = normalized.splitOnSpaces(maxSplits: 2).prefix(2)
        guard let first = opening.first else { return false }
        return acknowledgements.contains(first) || opening.count == 2 && twoWordAcknowledgements.contains(opening.joined(separator: " "))
    }

    /// Whether a normalised message opens by handing something over ("here
    /// you go: the link", "aquí tienes el número", "voici la photo").
    static func handsOver(_ normalized: String) -> Bool {
        let opening = " " + normalized.splitOnSpaces(maxSplits: 4).prefix(3).joined(separator: " ") + " "
        return handovers.contains { opening.hasPrefix(" \($0) ") }
    }

    /// Openings that hand something over.
    static let handovers = [
        "here you go", "here you are", "here it is", "there you go", "aqui tienes", "aqui lo tienes", "aqui la tienes",
        "aqui esta", "aqui va", "voici", "hier ist", "hier bitte", "bitte schon",
    ]

    /// Acknowledgements of two words.
    static let twoWordAcknowledgements: Set<String> = ["fair enough", "fair point", "makes sense"]

    /// Whether a normalised message opens on another matter ("ok, one more
    /// thing", "vale. y otra cosa", "autre chose :", "Noch eine Frage"),
    /// after acknowledgements and "and" only: "me llegó otra cosa" is the
    /// wrong item.
    static func announcesAnotherMatter(_ normalized: String) -> Bool {
        // Eight words are read at most: the phrase opens the message, after a few acknowledgements.
        var opening = normalized.splitOnSpaces(maxSplits: 9).prefix(8)
            .drop(while: { $0 != "c'est" && acknowledgements.contains($0) || connectives.contains($0) })
        if opening.starts(with: ["fair", "enough"]) { opening = opening.dropFirst(2) }
        guard let first = opening.first, anotherMatterFirstWords.contains(first) else { return false }
        let rest = " " + opening.joined(separator: " ") + " "
        return anotherMatter.contains { phrase in
            // "autre chose que ce que j'ai commandé" is the wrong item, not another matter.
            rest.hasPrefix(" \(phrase) ") && !notAnotherMatter.contains { rest.hasPrefix(" \(phrase) \($0) ") }
        }
    }

    /// The first words of ``anotherMatter``: most messages open with none, and are read no further.
    static let anotherMatterFirstWords = Set(anotherMatter.map { Substring($0.prefix { $0 != " " }) })

    /// Words after ``anotherMatter`` that make it something other than the thing asked for.
    static let notAnotherMatter = ["que", "than", "distinta", "distinto", "als"]

    /// Words that join a message to the one before ("and another thing").
    static let connectives: Set<Substring> = ["and", "also", "oh", "y", "e", "et", "aussi", "und", "ach"]

    /// Phrases announcing another matter.
    static let anotherMatter = [
        "another thing", "one more thing", "another question", "one more question", "otra cosa", "otra pregunta",
        "otra duda", "otra consulta", "otro tema", "una cosa mas", "una ultima cosa", "una pregunta mas", "autre chose",
        "une autre question", "encore une question", "une derniere chose", "derniere chose", "one last thing",
        "noch eine frage", "noch eine sache", "eine andere frage", "andere frage",
    ]

    /// Whether a bot message ends on a question offering options ("Do you
    /// mean folder-level permissions, or sharing a single file by link?");
    /// not a stock "Anything else I can help with?".
    static func offersOptions(_ text: String) -> Bool {
        guard let question = text.split(whereSeparator: { ".!\n".contains($0) }).last, question.contains("?") else { return false }
        return PhraseMatcher.normalize(String(question)).splitOnSpaces().contains(where: optionWords.contains)
    }

    /// "Or", in the four languages.
    static let optionWords: Set<Substring> = ["or", "o", "ou", "oder"]

    /// Words that take back what came before them.
    static let contrasts: Set<Substring> = ["but", "though", "however", "pero", "mais", "aber", "doch"]

    /// Words of praise or thanks that open a message taking the last answer.
    static let praise: Set<Substring> = [
        "perfect", "great", "cool", "nice", "lovely", "brilliant", "awesome", "thanks", "thx", "legend", "sweet", "cheers",
        "perfecto", "genial", "gracias", "parfait", "merci", "super", "prima", "danke", "klasse", "spitze", "top", "nickel",
    ]

    /// Words that open a message acknowledging the last answer.
    static let acknowledgements: Set<Substring> = [
        "ok", "okay", "k", "kk", "done", "great", "cool", "perfect", "thanks", "thx", "noted", "got", "alright", "yep",
        "understood", "entendido", "compris", "verstanden",
        "yes", "yeah", "ta", "ah", "ahh", "si", "oui", "ja",
        "vale", "perfecto", "hecho", "listo", "gracias", "bien", "d'accord", "parfait", "merci", "c'est", "entendu",
        "dann", "gut", "alles", "danke", "erledigt", "prima",
        // Praise for the answer ("legend. and the changing rooms…", "genial, ¿y el aparcamiento?").
        "legend", "brilliant", "lovely", "nice", "sweet", "cheers", "awesome", "super", "genial", "nickel", "top",
        "klasse", "spitze",
    ]
}
