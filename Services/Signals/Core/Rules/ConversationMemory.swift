public import Wire

/// What baton-signals remembers of a conversation between calls, so a bot
/// that sends only the current turn gets the same answer as one that resends
/// everything: the messages seen, the bot's confidence in its reply to each
/// scored customer message, and the technical events seen.
public struct ConversationMemory: Sendable {
    /// One remembered message and, for a scored customer message, the bot's
    /// confidence in its reply to it.
    public struct Message: Sendable {
        /// The message as first received.
        public var message: CommonV1.ConversationMessage
        /// The confidence sent with it, if any.
        public var botConfidence: Double?

        /// Creates a remembered message.
        public init(message: CommonV1.ConversationMessage, botConfidence: Double? = nil) {
            self.message = message
            self.botConfidence = botConfidence
        }
    }

    /// Earlier messages, oldest first.
    public var messages: [Message]
    /// Events of earlier calls, oldest first.
    public var events: [CommonV1.TechnicalEvent]

    /// Creates a memory (empty: a conversation seen for the first time).
    public init(messages: [Message] = [], events: [CommonV1.TechnicalEvent] = []) {
        self.messages = messages
        self.events = events
    }

    /// The whole conversation of a call: the remembered messages, then those
    /// of `request` not seen before (a message is known by its `message_id`,
    /// or by role, send time and text when it has none).
    public struct Merged: Sendable {
        /// `request` with every message known and every event seen: what the rules score.
        public var request: SignalsV1.EvaluateRequest
        /// Index in `request.conversation.messages` of the scored message.
        public var scoredIndex: Int
        /// Messages of the call not remembered before, to remember.
        public var newMessages: [CommonV1.ConversationMessage]
        /// The bot's confidence per message index of the merged conversation.
        public var botConfidences: [Int: Double]
        /// Events of the call not seen before, to remember.
        public var newEvents: [CommonV1.TechnicalEvent]
    }

    /// Merges `request` into this memory. Pure: the store writes what it returns.
    public func merge(_ request: SignalsV1.EvaluateRequest) -> Merged {
        let incoming = request.conversation?.messages ?? []
        let scored = Int(request.messageIndex ?? UInt32(max(0, incoming.count - 1)))
        // Nothing remembered and no ids (a first call, or a bot that resends everything to a new replica): every
        // message is new, as sent, and nothing is copied or hashed.
        let (all, fresh, scoredIndex, confidences) = messages.isEmpty && incoming.allSatisfy({ $0.messageID.isEmpty })
            ? (incoming, incoming, incoming.indices.contains(scored) ? scored : 0, [:])
            : mergeMessages(incoming, scored: scored)
        var botConfidences = confidences
        if let confidence = request.botConfidence { botConfidences[scoredIndex] = confidence }
        var seen = Set(events.map(\.eventID).filter { !$0.isEmpty })
        let newEvents = request.events.filter { $0.eventID.isEmpty || seen.insert($0.eventID).inserted }
        var merged = request
        merged.conversation?.messages = all
        merged.messageIndex = UInt32(scoredIndex)
        merged.events = events + newEvents
        return Merged(request: merged, scoredIndex: scoredIndex, newMessages: fresh,
                      botConfidences: botConfidences, newEvents: newEvents.filter { !$0.eventID.isEmpty })
    }

    /// The remembered messages with the `incoming` ones they do not hold
    /// appended (by id, or else by role, time and text), the new ones, the
    /// index of the `scored` incoming message among all (the first when
    /// `scored` is past them), and the remembered bot confidences by index.
    private func mergeMessages(_ incoming: [CommonV1.ConversationMessage], scored: Int)
        -> ([CommonV1.ConversationMessage], [CommonV1.ConversationMessage], Int, [Int: Double]) {
        var byID: [String: Int] = [:]
        // Remembered messages without an id, by content; each matches one incoming message at most.
        var byContent: [ContentKey: [Int]] = [:]
        var all = messages.map(\.message)
        var confidences: [Int: Double] = [:]
        for (position, remembered) in messages.enumerated() {
            if remembered.message.messageID.isEmpty {
                byContent[ContentKey(remembered.message), default: []].append(position)
            } else {
                byID[remembered.message.messageID] = position
            }
            if let confidence = remembered.botConfidence { confidences[position] = confidence }
        }
        var fresh: [CommonV1.ConversationMessage] = []
        var scoredIndex = 0
        for (position, message) in incoming.enumerated() {
            var known: Int?
            if message.messageID.isEmpty {
                // Nothing remembered without an id: no text to hash.
                if !byContent.isEmpty {
                    let key = ContentKey(message)
                    known = byContent[key]?.first
                    if known != nil { byContent[key]!.removeFirst() }
                }
            } else {
                known = byID[message.messageID]
            }
            let index: Int
            if let known {
                index = known
            } else {
                index = all.count
                all.append(message)
                fresh.append(message)
                if !message.messageID.isEmpty { byID[message.messageID] = index }
            }
            if position == scored { scoredIndex = index }
        }
        return (all, fresh, scoredIndex, confidences)
    }

    /// Remembers what `merged` (a merge into this memory) brought: its new
    /// messages, the bot's confidence and its new events. The service's
    /// store writes the same to Postgres; `keptEvents`, when given, are the
    /// ids of the new events it stored (not one stored before for another
    /// conversation), so that this memory is what it reads back.
    public mutating func remember(_ merged: Merged, keptEvents: Set<String>? = nil) {
        messages += merged.newMessages.map { Message(message: $0) }
        if let confidence = merged.request.botConfidence { messages[merged.scoredIndex].botConfidence = confidence }
        events += keptEvents.map { kept in merged.newEvents.filter { kept.contains($0.eventID) } } ?? merged.newEvents
    }

    /// What identifies a message without an id.
    struct ContentKey: Hashable {
        var role: CommonV1.ConversationMessage.Role
        var seconds: Int64
        var nanos: Int32
        var text: String

        init(_ message: CommonV1.ConversationMessage) {
            role = message.role
            seconds = message.sendTime?.seconds ?? 0
            nanos = message.sendTime?.nanos ?? 0
            text = message.text
        }
    }
}
